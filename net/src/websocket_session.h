// WebSocketSession: the live socket of one client, carrying a ChannelConnection over a Beast
// WebSocket: one read loop, one write in flight with a byte-bounded queue, and the heartbeat
// deadline of the Phoenix protocol.
#ifndef LIVEDIFF_NET_SRC_WEBSOCKET_SESSION_H
#define LIVEDIFF_NET_SRC_WEBSOCKET_SESSION_H

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "livediff/net/channel.h"

#include "server_state.h"

namespace livediff::net::detail {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(ServerState& server, boost::asio::ip::tcp::socket&& socket, ConnectionSlot slot,
                   bool csrf_ok);

  /// Completes the upgrade `req` and starts reading.
  void run(boost::beast::http::request<boost::beast::http::string_body> req);
  /// Queues a text frame. Any thread.
  void send(std::string frame);
  /// Closes with a closing handshake. Any thread.
  void close(std::string_view reason, boost::beast::websocket::close_code code);
  /// Drops the TCP connection without a handshake (after shutdown's grace period). Any thread.
  void abort();

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t);
  void enqueue(std::shared_ptr<const std::string> frame);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t);
  void do_close();
  void arm_heartbeat(std::chrono::steady_clock::time_point at);
  void on_heartbeat(boost::beast::error_code ec);
  void teardown();

  ServerState& server_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  ConnectionSlot slot_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer heartbeat_;
  std::chrono::steady_clock::time_point last_message_;
  std::shared_ptr<ChannelConnection> conn_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  boost::beast::websocket::close_reason close_reason_;  // sent once the queue drained
  bool close_pending_ = false;
  bool csrf_ok_;
};

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_WEBSOCKET_SESSION_H
