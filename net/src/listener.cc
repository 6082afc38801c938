#include "listener.h"

#include <algorithm>
#include <cerrno>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

#include "http_session.h"
#include <sys/resource.h>

namespace livediff::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// Descriptors kept free of connections for everything else the process opens (the event loop,
// timers, pipes, files an application reads).
constexpr std::size_t kReservedDescriptors = 64;
constexpr std::chrono::milliseconds kFirstBackoff{10};
constexpr std::chrono::milliseconds kMaxBackoff{1000};

std::size_t descriptor_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  return static_cast<std::size_t>(r.rlim_cur);
}

}  // namespace

Listener::Listener(ServerState& server)
    : server_(server), acceptor_(asio::make_strand(server.ioc)), retry_(acceptor_.get_executor()) {}

absl::Status Listener::open(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError("cannot listen on " + endpoint.address().to_string() + ":"
                                  + std::to_string(endpoint.port()) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  const std::size_t fds = descriptor_limit();
  const std::size_t by_fds = fds > 2 * kReservedDescriptors ? fds - kReservedDescriptors : fds / 2;
  max_connections_ = std::min(server_.config.max_connections, by_fds);
  return absl::OkStatus();
}

void Listener::run() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(asio::make_strand(server_.ioc),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || server_.stopping) return;
  if (ec) {
    // Out of descriptors: accepting again at once fails again at once (a busy loop that took
    // a core and flooded the log). Wait, longer each time, for connections to close.
    if (ec.value() == EMFILE || ec.value() == ENFILE || ec == asio::error::no_buffer_space
        || ec == asio::error::no_memory) {
      backoff_ = std::min(kMaxBackoff,
                          backoff_ == std::chrono::milliseconds(0) ? kFirstBackoff : backoff_ * 2);
      server_.log("accept: " + ec.message() + "; retrying in " + std::to_string(backoff_.count())
                  + " ms");
      retry_.expires_after(backoff_);
      retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->do_accept();
      });
      return;
    }
    server_.log("accept: " + ec.message());
    do_accept();
    return;
  }
  backoff_ = std::chrono::milliseconds(0);
  if (server_.open_connections.load() >= max_connections_) {
    server_.log("connection refused: " + std::to_string(max_connections_)
                + " connections open, the cap");
    beast::error_code ignored;
    socket.close(ignored);
    do_accept();
    return;
  }
  // Frames are small and latency matters more than packet count: without this, a frame
  // sent soon after another waits for the client's delayed ACK (up to 40 ms).
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<HttpSession>(server_, std::move(socket),
                                ConnectionSlot(server_.open_connections))
      ->run();
  do_accept();
}

}  // namespace livediff::net::detail
