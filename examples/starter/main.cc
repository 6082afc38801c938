// A live counter on http://127.0.0.1:4000/ (--port N; 0 picks a free port, printed on start).
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <unistd.h>

#include "counter.heex.h"
#include <livediff/net/server.h>

namespace {

// The view's state is the template's assigns; each callback sets them and livediff sends what
// changed.
struct Counter : livediff::View {
  starter::counter::assigns a;

  void handle_event(std::string_view event, const livediff::Params& value,
                    livediff::Socket& socket) override {
    if (event == "inc") {
      a.set_count(a.count() + 1);
    } else if (event == "dec") {
      a.set_count(a.count() - 1);
    } else if (event == "reset") {
      a.set_count(0);
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void render(livediff::RenderContext& ctx) override {
    if (ctx.full_render()) a.mark_all_changed();
    starter::counter::fill(ctx.root(starter::counter::statics()), a);
  }
  void rendered() override { a.clear_changes(); }
};

volatile std::sig_atomic_t stop = 0;

}  // namespace

int main(int argc, char** argv) {
  livediff::net::ServerConfig config;
  config.port = 4000;
  if (argc == 3 && std::string_view(argv[1]) == "--port") {
    config.port = static_cast<unsigned short>(std::atoi(argv[2]));
  }
  livediff::net::Router router;
  router.live("/", "counter", [] { return std::make_unique<Counter>(); });
  livediff::net::Server server(config, std::move(router));
  if (absl::Status s = server.start(); !s.ok()) {
    std::cerr << "starter: " << s.message() << "\n";
    return 1;
  }
  std::cout << "starter: serving http://" << config.address << ":" << server.port() << "/"
            << std::endl;
  std::signal(SIGINT, [](int) { stop = 1; });
  std::signal(SIGTERM, [](int) { stop = 1; });
  while (stop == 0) pause();
  server.stop();
  server.wait();
  return 0;
}
