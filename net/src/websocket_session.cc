#include "websocket_session.h"

#include <boost/asio/post.hpp>

#include "net_errors.h"

namespace livediff::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

WebSocketSession::WebSocketSession(ServerState& server, asio::ip::tcp::socket&& socket,
                                   ConnectionSlot slot, bool csrf_ok)
    : server_(server),
      ws_(std::move(socket)),
      slot_(std::move(slot)),
      heartbeat_(ws_.get_executor()),
      csrf_ok_(csrf_ok) {}

void WebSocketSession::run(http::request<http::string_body> req) {
  websocket::stream_base::timeout t =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  t.idle_timeout = server_.config.idle_timeout;
  t.keep_alive_pings = true;
  ws_.set_option(t);
  ws_.read_message_max(server_.config.ws_message_limit);
  if (server_.config.permessage_deflate) {
    websocket::permessage_deflate pmd;
    pmd.server_enable = true;
    ws_.set_option(pmd);
  }
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "livediff"); }));
  ws_.async_accept(req,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::send(std::string frame) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(),
              f = std::make_shared<const std::string>(std::move(frame))] { self->enqueue(f); });
}

void WebSocketSession::abort() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
    self->heartbeat_.cancel();
  });
}

// Frames already queued (the refusals that led to the close, say) go out before the close.
void WebSocketSession::close(std::string_view reason, websocket::close_code code) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), r = std::string(reason), code] {
    if (self->closing_) return;
    self->closing_ = true;
    self->heartbeat_.cancel();
    self->close_reason_ = websocket::close_reason(code, r);
    self->close_pending_ = true;
    if (self->queue_.empty()) self->do_close();
  });
}

void WebSocketSession::do_close() {
  close_pending_ = false;
  ws_.async_close(close_reason_,
                  [self = shared_from_this()](beast::error_code) { self->teardown(); });
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) return;
  std::weak_ptr<WebSocketSession> weak = shared_from_this();
  conn_ = ChannelConnection::create(
      server_.env,
      [weak](std::string frame) {
        if (auto s = weak.lock()) s->send(std::move(frame));
      },
      [weak](std::string_view reason) {
        if (auto s = weak.lock()) s->close(reason, websocket::close_code::policy_error);
      },
      csrf_ok_);
  server_.add_socket(shared_from_this());
  last_message_ = std::chrono::steady_clock::now();
  arm_heartbeat(last_message_ + server_.config.heartbeat_timeout);
  do_read();
}

// A browser answers pings even when its page stopped running, so only the client's own
// messages (a heartbeat every 30 s at least) keep the socket open.
void WebSocketSession::arm_heartbeat(std::chrono::steady_clock::time_point at) {
  heartbeat_.expires_at(at);
  heartbeat_.async_wait(
      beast::bind_front_handler(&WebSocketSession::on_heartbeat, shared_from_this()));
}

void WebSocketSession::on_heartbeat(beast::error_code ec) {
  if (ec || closing_) return;
  const auto due = last_message_ + server_.config.heartbeat_timeout;
  if (std::chrono::steady_clock::now() < due) {
    arm_heartbeat(due);
    return;
  }
  server_.log("websocket closed: no message from the client within the heartbeat timeout");
  close("heartbeat timeout", websocket::close_code::policy_error);
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    if (ec == websocket::error::message_too_big) {
      server_.log("frame larger than the limit; closing that socket");
    } else if (!quiet_error(ec)) {
      server_.log("websocket read: " + ec.message());
    }
    teardown();
    return;
  }
  last_message_ = std::chrono::steady_clock::now();
  if (ws_.got_text()) {
    std::string_view text(static_cast<const char*>(buffer_.cdata().data()), buffer_.size());
    conn_->on_text(text);
  }
  buffer_.consume(buffer_.size());
  do_read();
}

void WebSocketSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closing_) return;
  queued_bytes_ += frame->size();
  if (queued_bytes_ > server_.config.outbound_queue_limit) {
    server_.log("client too slow: outbound queue over its limit; closing that socket");
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    heartbeat_.cancel();
    return;
  }
  queue_.push_back(std::move(frame));
  if (queue_.size() == 1) do_write();
}

void WebSocketSession::do_write() {
  ws_.text(true);
  ws_.async_write(asio::buffer(*queue_.front()),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
  if (ec) {
    teardown();
    return;
  }
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (!queue_.empty()) {
    do_write();
  } else if (close_pending_) {
    do_close();
  }
}

void WebSocketSession::teardown() {
  heartbeat_.cancel();
  if (conn_) {
    conn_->on_disconnect();
    conn_.reset();
  }
  queue_.clear();
}

}  // namespace livediff::net::detail
