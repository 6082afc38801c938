// livediff_demo: serves every example on http://127.0.0.1:4000 (--port N, --host ADDR).
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "livediff/net/server.h"

#include "apps.h"

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) {
  g_stop = true;
}

}  // namespace

int main(int argc, char** argv) {
  livediff::net::ServerConfig config;
  config.port = 4000;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      config.port = static_cast<unsigned short>(std::atoi(argv[++i]));
    } else if (arg == "--host" && i + 1 < argc) {
      config.address = argv[++i];
    } else if (arg == "--debug-routes") {
      config.debug_routes = true;  // for the browser tests: the server's render of each view
    } else if (arg == "--help") {
      std::cout << "usage: livediff_demo [--port N] [--host ADDR] [--debug-routes]\n";
      return 0;
    } else {
      std::cerr << "unknown argument " << arg << " (try --help)\n";
      return 2;
    }
  }
  if (const char* secret = std::getenv("LIVEDIFF_SECRET_KEY")) config.secret_key = secret;

  auto stores = std::make_shared<demo::Stores>();
  livediff::net::Router router;
  demo::add_examples(router, stores);
  livediff::net::Server server(config, std::move(router));
  if (absl::Status s = server.start(); !s.ok()) {
    std::cerr << "livediff_demo: " << s.message() << "\n";
    return 1;
  }
  std::cout << "livediff_demo: serving the examples on http://" << config.address << ":"
            << server.port() << "/" << std::endl;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // New posts reach the top of every open feed every two seconds.
  auto last_post = std::chrono::steady_clock::now();
  while (!g_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (std::chrono::steady_clock::now() - last_post >= std::chrono::seconds(2)) {
      last_post = std::chrono::steady_clock::now();
      std::int64_t id;
      {
        std::lock_guard lock(stores->mu);
        id = ++stores->newest_post;
      }
      server.pubsub().broadcast(
          std::make_shared<const livediff::Message>(livediff::Message{"feed", "post", id}));
    }
  }
  std::cout << "livediff_demo: shutting down" << std::endl;
  server.stop(std::chrono::seconds(2));
  server.wait();
  return 0;
}
