// HttpSession: one HTTP connection — reads requests with limits on header and body size and on
// time, answers them through the PageController, and hands an upgrade to a WebSocketSession.
#ifndef LIVEDIFF_NET_SRC_HTTP_SESSION_H
#define LIVEDIFF_NET_SRC_HTTP_SESSION_H

#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server_state.h"

namespace livediff::net::detail {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(ServerState& server, boost::asio::ip::tcp::socket&& socket, ConnectionSlot slot)
      : server_(server), stream_(std::move(socket)), slot_(std::move(slot)) {}

  void run();

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t);
  void upgrade(boost::beast::http::request<boost::beast::http::string_body> req);
  void respond(boost::beast::http::request<boost::beast::http::string_body> req);
  void write_error(boost::beast::http::status status);

  ServerState& server_;
  boost::beast::tcp_stream stream_;
  ConnectionSlot slot_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
};

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_HTTP_SESSION_H
