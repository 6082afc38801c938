#include "ws_client.h"

#include <boost/asio/connect.hpp>

namespace livediff::testing {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::string attribute_after(std::string_view html, std::string_view marker, std::string_view attr) {
  std::size_t at = html.find(marker);
  if (at == std::string_view::npos) return {};
  std::size_t a = html.find(std::string(attr) + "=\"", at);
  if (a == std::string_view::npos) return {};
  a += attr.size() + 2;
  return std::string(html.substr(a, html.find('"', a) - a));
}
}  // namespace

http_result http_request(unsigned short port, std::string_view method, std::string_view target,
                         std::map<std::string, std::string> extra, std::string body) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : extra) req.set(k, v);
  req.body() = std::move(body);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code ec;
  http::read(stream, buffer, parser, ec);
  http_result out;
  if (ec && ec != http::error::end_of_stream) return out;
  auto res = parser.release();
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  return out;
}

std::optional<page_tokens> tokens_of(const http_result& page) {
  page_tokens t;
  t.view_id = attribute_after(page.body, "data-phx-main", "id");
  // id comes before data-phx-main in the container: search from the div instead.
  std::size_t div = page.body.find("<div id=\"phx-");
  if (div != std::string::npos)
    t.view_id = attribute_after(std::string_view(page.body).substr(div), "<div", "id");
  t.session = attribute_after(page.body, "data-phx-main", "data-phx-session");
  t.csrf = attribute_after(page.body, "name=\"csrf-token\"", "content");
  auto cookie = page.headers.find("set-cookie");
  if (cookie != page.headers.end()) t.cookie = cookie->second.substr(0, cookie->second.find(';'));
  if (t.view_id.empty() || t.session.empty() || t.csrf.empty()) return std::nullopt;
  return t;
}

std::unique_ptr<WsClient> WsClient::connect(unsigned short port, std::string_view target,
                                            std::map<std::string, std::string> headers,
                                            std::string* error) {
  auto client = std::unique_ptr<WsClient>(new WsClient());
  beast::error_code ec;
  beast::get_lowest_layer(client->ws_)
      .connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    if (error) *error = ec.message();
    return nullptr;
  }
  client->ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  websocket::response_type res;
  client->ws_.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  if (ec) {
    if (error) *error = ec.message() + " (" + std::to_string(res.result_int()) + ")";
    return nullptr;
  }
  return client;
}

void WsClient::send(std::string_view text) {
  beast::error_code ec;
  ws_.text(true);
  ws_.write(asio::buffer(text.data(), text.size()), ec);
  if (ec) closed_ = true;
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds timeout) {
  if (closed_) return std::nullopt;
  asio::io_context& ioc = ioc_;
  bool done = false;
  beast::error_code result;
  ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  ioc.restart();
  ioc.run_for(timeout);
  if (!done) {
    beast::get_lowest_layer(ws_).cancel();
    ioc.restart();
    ioc.run_for(std::chrono::seconds(1));
    if (!done) {
      beast::get_lowest_layer(ws_).close();
      closed_ = true;
    }
    return std::nullopt;
  }
  if (result) {
    closed_ = true;
    return std::nullopt;
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return text;
}

std::optional<std::string> WsClient::read_until(std::string_view needle,
                                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto frame = read(left);
    if (!frame) return std::nullopt;
    if (frame->find(needle) != std::string::npos) return frame;
  }
  return std::nullopt;
}

}  // namespace livediff::testing
