#include "livediff/net/server.h"

#include <thread>

#include <boost/asio/ip/address.hpp>

#include "listener.h"
#include "server_state.h"
#include "websocket_session.h"

namespace livediff::net {

namespace asio = boost::asio;

Server::Server(ServerConfig config, Router router)
    : state_(std::make_unique<detail::ServerState>(std::move(config), std::move(router))),
      listener_(std::make_shared<detail::Listener>(*state_)) {}

Server::~Server() {
  if (!threads_.empty()) {
    stop(std::chrono::milliseconds(200));
    wait();
  }
}

absl::Status Server::start() {
  detail::ServerState& s = *state_;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(s.config.address, ec);
  if (ec) return absl::InvalidArgumentError("bad address: " + s.config.address);
  if (absl::Status st = listener_->open({address, s.config.port}); !st.ok()) return st;
  listener_->run();
  for (int i = 0; i < std::max(1, s.config.threads); ++i) {
    threads_.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc.run();
          return;
        } catch (const std::exception& e) {
          // Views catch their own exceptions; anything here is a bug, but must not end the thread.
          s.config.log(std::string("handler threw: ") + e.what());
        }
      }
    });
  }
  return absl::OkStatus();
}

unsigned short Server::port() const {
  return listener_->port();
}

void Server::stop(std::chrono::milliseconds grace) {
  detail::ServerState& s = *state_;
  if (s.stopping.exchange(true)) return;
  listener_->stop();
  for (auto& ws : s.open_sockets()) {
    ws->close("server shutting down", boost::beast::websocket::close_code::going_away);
  }
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (open_sockets() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& ws : s.open_sockets()) ws->abort();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  s.ioc.stop();
}

void Server::wait() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  state_->async_pool.join();
}

PubSub& Server::pubsub() {
  return state_->pubsub;
}
Runtime& Server::runtime() {
  return state_->runtime;
}
const TokenSigner& Server::tokens() const {
  return state_->tokens;
}
std::size_t Server::open_sockets() const {
  return state_->open_socket_count();
}
std::size_t Server::open_connections() const {
  return state_->open_connections.load();
}

}  // namespace livediff::net
