#include "http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket.hpp>

#include "page_controller.h"
#include "websocket_session.h"

namespace livediff::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
std::string_view field(const http::request<http::string_body>& req, http::field f) {
  auto v = req[f];
  return {v.data(), v.size()};
}
}  // namespace

void HttpSession::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(server_.config.http_header_limit));
  parser_->body_limit(server_.config.http_body_limit);
  stream_.expires_after(server_.config.http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  if (ec == http::error::header_limit || ec == http::error::body_limit) {
    write_error(ec == http::error::header_limit ? http::status::request_header_fields_too_large
                                                : http::status::payload_too_large);
    return;
  }
  if (ec) return;
  http::request<http::string_body> req = parser_->release();
  if (beast::websocket::is_upgrade(req)) {
    upgrade(std::move(req));
    return;
  }
  respond(std::move(req));
}

void HttpSession::upgrade(http::request<http::string_body> req) {
  PageController controller(server_);
  UpgradeDecision decision = controller.check_upgrade(
      std::string_view(req.target().data(), req.target().size()), field(req, http::field::origin),
      field(req, http::field::host), field(req, http::field::cookie));
  if (decision.refused_status != 0) {
    write_error(static_cast<http::status>(decision.refused_status));
    return;
  }
  stream_.expires_never();
  auto ws = std::make_shared<WebSocketSession>(server_, stream_.release_socket(), std::move(slot_),
                                               decision.csrf_ok);
  ws->run(std::move(req));
}

void HttpSession::respond(http::request<http::string_body> req) {
  const bool head = req.method() == http::verb::head;
  PageController controller(server_);
  HttpResponse out =
      controller.handle({std::string_view(req.method_string().data(), req.method_string().size()),
                         std::string_view(req.target().data(), req.target().size()),
                         field(req, http::field::cookie), req.body()});
  auto res = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(out.status), req.version());
  res->set(http::field::server, "livediff");
  res->set(http::field::content_type, out.content_type);
  res->set("x-content-type-options", "nosniff");
  for (const auto& [k, v] : out.headers) res->insert(k, v);
  res->keep_alive(req.keep_alive());
  if (head) {
    res->content_length(out.body.size());
  } else {
    res->body() = std::move(out.body);
    res->prepare_payload();
  }
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                      if (ec) return;
                      if (!res->keep_alive()) {
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        return;
                      }
                      self->do_read();
                    });
}

void HttpSession::write_error(http::status status) {
  auto res = std::make_shared<http::response<http::string_body>>(status, 11);
  res->set(http::field::content_type, "text/plain; charset=utf-8");
  res->body() = std::string(http::obsolete_reason(status)) + "\n";
  res->keep_alive(false);
  res->prepare_payload();
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res](beast::error_code, std::size_t) {
                      beast::error_code ignored;
                      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                    });
}

}  // namespace livediff::net::detail
