// Listener: accepts connections up to a cap, gives each its strand and an HttpSession, and
// backs off when the process runs out of file descriptors instead of spinning on accept.
#ifndef LIVEDIFF_NET_SRC_LISTENER_H
#define LIVEDIFF_NET_SRC_LISTENER_H

#include <chrono>
#include <cstddef>
#include <memory>

#include <absl/status/status.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server_state.h"

namespace livediff::net::detail {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  explicit Listener(ServerState& server);

  /// Binds and listens; sets the connection cap (see ServerConfig::max_connections).
  absl::Status open(const boost::asio::ip::tcp::endpoint& endpoint);
  unsigned short port() const { return port_; }
  std::size_t max_connections() const { return max_connections_; }
  void run();
  /// Stops accepting. Any thread.
  void stop();

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  ServerState& server_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::chrono::milliseconds backoff_{0};
  std::size_t max_connections_ = 0;
  unsigned short port_ = 0;
};

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_LISTENER_H
