// A small blocking HTTP + WebSocket client for protocol tests against a running Server.
#ifndef LIVEDIFF_TESTS_SUPPORT_WS_CLIENT_H
#define LIVEDIFF_TESTS_SUPPORT_WS_CLIENT_H

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace livediff::testing {

struct http_result {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;
};

/// GET (or another method) of `target` on localhost:`port`; `extra` headers as "Name: value".
http_result http_request(unsigned short port, std::string_view method, std::string_view target,
                         std::map<std::string, std::string> extra = {}, std::string body = {});

/// What a page gives a client: the tokens of the view container and the CSRF cookie.
struct page_tokens {
  std::string view_id, session, csrf, cookie;
};
std::optional<page_tokens> tokens_of(const http_result& page);

/// One WebSocket connection, reads with a timeout.
class WsClient {
 public:
  static std::unique_ptr<WsClient> connect(unsigned short port, std::string_view target,
                                           std::map<std::string, std::string> headers,
                                           std::string* error = nullptr);
  void send(std::string_view text);
  /// The next text frame, or nullopt on timeout or close.
  std::optional<std::string> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Reads frames until one contains `needle`.
  std::optional<std::string> read_until(
      std::string_view needle, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool closed() const { return closed_; }
  boost::beast::websocket::close_reason close_reason() const { return ws_.reason(); }

 private:
  WsClient() : ws_(ioc_) {}
  boost::asio::io_context ioc_;  // declared before ws_, which uses it
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  bool closed_ = false;
};

}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_WS_CLIENT_H
