#include "livediff/net/server.h"

#include <deque>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "livediff/core/escape.h"
#include "livediff/core/json.h"

namespace livediff::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::string_view kCsrfCookie = "_livediff_csrf";

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name
        && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

bool fail_is_quiet(beast::error_code ec) {
  return ec == asio::error::operation_aborted || ec == websocket::error::closed
         || ec == beast::error::timeout || ec == http::error::end_of_stream
         || ec == asio::error::eof || ec == asio::error::connection_reset;
}

}  // namespace

struct Server::impl {
  impl(ServerConfig c, Router r)
      : config(std::move(c)),
        router(std::move(r)),
        ioc(config.threads),
        async_pool(1),
        tokens(config.secret_key.empty() ? random_token(48) : config.secret_key),
        runtime{ioc, &async_pool, &pubsub, nullptr, config.liveview_version, {}},
        env{runtime, router, tokens, config.token_max_age, config.channel, nullptr},
        acceptor(asio::make_strand(ioc)) {
    if (config.assets_dir.empty()) {
#ifdef LIVEDIFF_DEFAULT_ASSETS_DIR
      config.assets_dir = LIVEDIFF_DEFAULT_ASSETS_DIR;
#endif
    }
    if (!config.log) {
      config.log = [](std::string_view what) { std::cerr << "livediff: " << what << "\n"; };
    }
    env.log = config.log;
    runtime.log = config.log;
    assets = StaticAssets::load(config.assets_dir, config.asset_limits, config.log);
    runtime.sign_token = [this](std::string_view claims) { return tokens.sign(claims); };
    if (config.debug_routes) {
      env.on_join = [this](const std::string& id, std::weak_ptr<LiveSession> session) {
        absl::MutexLock lock(&views_mu);
        absl::erase_if(views, [](const auto& kv) { return kv.second.expired(); });
        views[id] = std::move(session);
      };
    }
  }

  ServerConfig config;
  Router router;
  asio::io_context ioc;
  asio::thread_pool async_pool;
  LocalPubSub pubsub;
  TokenSigner tokens;
  Runtime runtime;
  ChannelEnvironment env;
  tcp::acceptor acceptor;
  StaticAssets assets;
  std::vector<std::thread> threads;
  unsigned short bound_port = 0;

  class websocket_session;
  mutable absl::Mutex mu;
  std::vector<std::weak_ptr<websocket_session>> sockets ABSL_GUARDED_BY(mu);
  std::size_t prune_at ABSL_GUARDED_BY(mu) = 1024;
  std::atomic<bool> stopping{false};
  absl::Mutex views_mu;
  absl::flat_hash_map<std::string, std::weak_ptr<LiveSession>> views ABSL_GUARDED_BY(views_mu);

  void register_socket(const std::shared_ptr<websocket_session>& s) {
    absl::MutexLock lock(&mu);
    // Dropping closed sockets only when the list doubles keeps an accept O(1) amortized.
    if (sockets.size() >= prune_at) {
      std::erase_if(sockets, [](const auto& w) { return w.expired(); });
      prune_at = std::max<std::size_t>(1024, sockets.size() * 2);
    }
    sockets.push_back(s);
  }

  // ---------------------------------------------------------------------------------------
  class websocket_session : public std::enable_shared_from_this<websocket_session> {
   public:
    websocket_session(impl& server, tcp::socket&& socket, bool csrf_ok)
        : server_(server), ws_(std::move(socket)), csrf_ok_(csrf_ok) {}

    void run(http::request<http::string_body> req) {
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
      ws_.async_accept(
          req, beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
    }

    void send(std::string frame) {
      asio::post(ws_.get_executor(),
                 [self = shared_from_this(),
                  f = std::make_shared<const std::string>(std::move(frame))] { self->enqueue(f); });
    }

    // Drops the TCP connection without a closing handshake (shutdown after the grace period).
    void abort() {
      asio::post(ws_.get_executor(), [self = shared_from_this()] {
        self->closing_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      });
    }

    void close(std::string_view reason, websocket::close_code code) {
      asio::post(ws_.get_executor(), [self = shared_from_this(), r = std::string(reason), code] {
        if (self->closing_) return;
        self->closing_ = true;
        self->ws_.async_close(websocket::close_reason(code, r),
                              [self](beast::error_code) { self->teardown(); });
      });
    }

   private:
    void on_accept(beast::error_code ec) {
      if (ec) return;
      std::weak_ptr<websocket_session> weak = shared_from_this();
      conn_ = ChannelConnection::create(
          server_.env,
          [weak](std::string frame) {
            if (auto s = weak.lock()) s->send(std::move(frame));
          },
          [weak](std::string_view reason) {
            if (auto s = weak.lock()) s->close(reason, websocket::close_code::policy_error);
          },
          csrf_ok_);
      server_.register_socket(shared_from_this());
      do_read();
    }

    void do_read() {
      ws_.async_read(buffer_,
                     beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
      if (ec) {
        if (ec == websocket::error::message_too_big) {
          server_.config.log("frame larger than the limit; closing that socket");
        } else if (!fail_is_quiet(ec)) {
          server_.config.log("websocket read: " + ec.message());
        }
        teardown();
        return;
      }
      if (ws_.got_text()) {
        std::string_view text(static_cast<const char*>(buffer_.cdata().data()), buffer_.size());
        conn_->on_text(text);
      }
      buffer_.consume(buffer_.size());
      do_read();
    }

    void enqueue(std::shared_ptr<const std::string> frame) {
      if (closing_) return;
      queued_bytes_ += frame->size();
      if (queued_bytes_ > server_.config.outbound_queue_limit) {
        server_.config.log("client too slow: outbound queue over its limit; closing that socket");
        closing_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        return;
      }
      queue_.push_back(std::move(frame));
      if (queue_.size() == 1) do_write();
    }

    void do_write() {
      ws_.text(true);
      ws_.async_write(asio::buffer(*queue_.front()),
                      beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
      if (ec) {
        teardown();
        return;
      }
      queued_bytes_ -= queue_.front()->size();
      queue_.pop_front();
      if (!queue_.empty()) do_write();
    }

    void teardown() {
      if (conn_) {
        conn_->on_disconnect();
        conn_.reset();
      }
      queue_.clear();
    }

    impl& server_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::shared_ptr<ChannelConnection> conn_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t queued_bytes_ = 0;
    bool closing_ = false;
    bool csrf_ok_;
  };

  // ---------------------------------------------------------------------------------------
  class http_session : public std::enable_shared_from_this<http_session> {
   public:
    http_session(impl& server, tcp::socket&& socket)
        : server_(server), stream_(std::move(socket)) {}

    void run() {
      asio::dispatch(stream_.get_executor(),
                     beast::bind_front_handler(&http_session::do_read, shared_from_this()));
    }

   private:
    void do_read() {
      parser_.emplace();
      parser_->header_limit(static_cast<std::uint32_t>(server_.config.http_header_limit));
      parser_->body_limit(server_.config.http_body_limit);
      stream_.expires_after(server_.config.http_timeout);
      http::async_read(stream_, buffer_, *parser_,
                       beast::bind_front_handler(&http_session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
      if (ec == http::error::end_of_stream) {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      if (ec == http::error::header_limit || ec == http::error::body_limit) {
        write_error(ec == http::error::header_limit ? http::status::request_header_fields_too_large
                                                    : http::status::payload_too_large,
                    false);
        return;
      }
      if (ec) return;
      http::request<http::string_body> req = parser_->release();
      if (websocket::is_upgrade(req)) {
        upgrade(std::move(req));
        return;
      }
      respond(std::move(req));
    }

    void upgrade(http::request<http::string_body> req) {
      url_parts parts = split_url(std::string_view(req.target().data(), req.target().size()));
      if (parts.path != "/live/websocket") {
        write_error(http::status::not_found, false);
        return;
      }
      // The page of another site must not drive a user's views.
      std::string_view origin(req[http::field::origin].data(), req[http::field::origin].size());
      std::string_view host(req[http::field::host].data(), req[http::field::host].size());
      if (!origin_allowed(origin, host)) {
        server_.config.log("websocket refused: origin not allowed");
        write_error(http::status::forbidden, false);
        return;
      }
      Params query = parse_query(parts.query);
      std::string_view cookie = cookie_value(
          std::string_view(req[http::field::cookie].data(), req[http::field::cookie].size()),
          kCsrfCookie);
      auto csrf = query.find("_csrf_token");
      // A wrong token does not refuse the socket: its joins are refused as stale, so the page
      // reloads and gets a fresh token, as with Phoenix.
      const bool csrf_ok =
          !cookie.empty() && csrf != query.end()
          && constant_time_equal(csrf->second, server_.tokens.mac("csrf:" + std::string(cookie)));
      stream_.expires_never();
      auto ws = std::make_shared<websocket_session>(server_, stream_.release_socket(), csrf_ok);
      ws->run(std::move(req));
    }

    bool origin_allowed(std::string_view origin, std::string_view host) const {
      if (origin.empty()) return false;
      if (!server_.config.allowed_origins.empty()) {
        for (const std::string& o : server_.config.allowed_origins) {
          if (o == origin) return true;
        }
        return false;
      }
      std::size_t scheme = origin.find("://");
      return scheme != std::string_view::npos && origin.substr(scheme + 3) == host;
    }

    void respond(http::request<http::string_body> req) {
      const bool head = req.method() == http::verb::head;
      HttpResponse out;
      std::string set_cookie;
      try {
        out = handle(req, set_cookie);
      } catch (const std::exception& e) {
        server_.config.log(std::string("request failed: ") + e.what());
        out = HttpResponse{500, "text/plain; charset=utf-8", "internal server error\n", {}};
      }
      auto res = std::make_shared<http::response<http::string_body>>(
          static_cast<http::status>(out.status), req.version());
      res->set(http::field::server, "livediff");
      res->set(http::field::content_type, out.content_type);
      res->set("x-content-type-options", "nosniff");
      for (const auto& [k, v] : out.headers) res->set(k, v);
      if (!set_cookie.empty()) res->set(http::field::set_cookie, set_cookie);
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

    HttpResponse handle(const http::request<http::string_body>& req, std::string& set_cookie) {
      if (req.method() != http::verb::get && req.method() != http::verb::head) {
        return {405, "text/plain; charset=utf-8", "method not allowed\n", {{"allow", "GET, HEAD"}}};
      }
      std::string target(req.target().data(), req.target().size());
      url_parts parts = split_url(target);
      if (parts.path.starts_with("/assets/")) return asset(parts.path.substr(8));
      if (server_.config.debug_routes && parts.path.starts_with("/__livediff/views/")) {
        return snapshot(parts.path.substr(18));
      }
      HttpRequest request{std::string(req.method_string()), target, parts.path, {}, req.body()};
      std::string_view cookies(req[http::field::cookie].data(), req[http::field::cookie].size());
      if (auto live = server_.router.match_live(parts.path)) {
        request.params = live->params;
        parse_query(parts.query, request.params);
        return page(*live, request, cookies, set_cookie);
      }
      if (auto get = server_.router.match_get(parts.path)) {
        request.params = get->second;
        parse_query(parts.query, request.params);
        return (*get->first)(request);
      }
      return {404, "text/plain; charset=utf-8", "not found\n", {}};
    }

    HttpResponse snapshot(const std::string& id) {
      std::shared_ptr<LiveSession> session;
      {
        absl::MutexLock lock(&server_.views_mu);
        auto it = server_.views.find(id);
        if (it != server_.views.end()) session = it->second.lock();
      }
      if (session == nullptr) return {404, "text/plain; charset=utf-8", "no such view\n", {}};
      auto promise = std::make_shared<std::promise<std::string>>();
      std::future<std::string> html = promise->get_future();
      session->snapshot([promise](std::string h) { promise->set_value(std::move(h)); });
      // Blocks this connection's thread; the view's strand runs on another (debug use only).
      if (html.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
        return {503, "text/plain; charset=utf-8", "view busy\n", {}};
      }
      std::string body = html.get();
      for (std::size_t at = body.find("__VIEW__"); at != std::string::npos;
           at = body.find("__VIEW__", at)) {
        body.replace(at, 8, id);
      }
      return {200, "text/html; charset=utf-8", std::move(body), {{"cache-control", "no-store"}}};
    }

    HttpResponse asset(std::string_view name) {
      std::shared_ptr<const Asset> file = server_.assets.find(name);
      if (file == nullptr) return {404, "text/plain; charset=utf-8", "not found\n", {}};
      return {200,
              std::string(file->content_type),
              file->body,
              {{"cache-control", "public, max-age=300"}}};
    }

    HttpResponse page(const Router::LiveMatch& live, const HttpRequest& request,
                      std::string_view cookies, std::string& set_cookie) {
      std::string csrf_cookie(cookie_value(cookies, kCsrfCookie));
      if (csrf_cookie.empty()) {
        csrf_cookie = random_token(18);
        set_cookie =
            std::string(kCsrfCookie) + "=" + csrf_cookie + "; Path=/; HttpOnly; SameSite=Lax";
      }
      Params session;
      if (server_.config.session_for) session = server_.config.session_for(request, cookies);
      const std::string id = "phx-" + random_token(9);
      JoinRequest join;
      join.url = request.target;
      join.params = request.params;
      join.session = session;
      join.view_id = id;
      DeadRender dead = dead_render(server_.runtime, live.route->name, live.route->factory, join);
      if (dead.redirect)
        return {302, "text/plain; charset=utf-8", "", {{"location", *dead.redirect}}};

      std::string claims = "{\"v\":";
      append_json_string(claims, live.route->name);
      claims += ",\"id\":";
      append_json_string(claims, id);
      claims += ",\"s\":{";
      bool first = true;
      for (const auto& [k, v] : session) {
        if (!first) claims += ',';
        first = false;
        append_json_string(claims, k);
        claims += ':';
        append_json_string(claims, v);
      }
      claims += "}}";
      Page p;
      p.title = dead.title;
      p.csrf_token = server_.tokens.mac("csrf:" + csrf_cookie);
      p.container = "<div id=\"" + id + "\" data-phx-main data-phx-session=\""
                    + escape_html(server_.tokens.sign(claims)) + "\" data-phx-static=\"\">"
                    + dead.html + "</div>";
      return {200,
              "text/html; charset=utf-8",
              server_.router.page_layout()(p),
              {{"cache-control", "no-store"}}};
    }

    void write_error(http::status status, bool keep_alive) {
      auto res = std::make_shared<http::response<http::string_body>>(status, 11);
      res->set(http::field::content_type, "text/plain; charset=utf-8");
      res->body() = std::string(http::obsolete_reason(status)) + "\n";
      res->keep_alive(keep_alive);
      res->prepare_payload();
      http::async_write(stream_, *res,
                        [self = shared_from_this(), res](beast::error_code, std::size_t) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        });
    }

    impl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
  };

  // ---------------------------------------------------------------------------------------
  void do_accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec != asio::error::operation_aborted && !stopping) {
          config.log("accept: " + ec.message());
          do_accept();
        }
        return;
      }
      // Frames are small and latency matters more than packet count: without this, a frame
      // sent soon after another waits for the client's delayed ACK (up to 40 ms).
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<http_session>(*this, std::move(socket))->run();
      do_accept();
    });
  }
};

Server::Server(ServerConfig config, Router router)
    : impl_(std::make_unique<impl>(std::move(config), std::move(router))) {}

Server::~Server() {
  if (!impl_->threads.empty()) {
    stop(std::chrono::milliseconds(200));
    wait();
  }
}

absl::Status Server::start() {
  impl& s = *impl_;
  beast::error_code ec;
  auto address = asio::ip::make_address(s.config.address, ec);
  if (ec) return absl::InvalidArgumentError("bad address: " + s.config.address);
  tcp::endpoint endpoint(address, s.config.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return absl::UnavailableError("cannot listen on " + s.config.address + ":"
                                  + std::to_string(s.config.port) + ": " + ec.message());
  s.bound_port = s.acceptor.local_endpoint().port();
  s.do_accept();
  for (int i = 0; i < std::max(1, s.config.threads); ++i) {
    s.threads.emplace_back([&s] {
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
  return impl_->bound_port;
}

void Server::stop(std::chrono::milliseconds grace) {
  impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
  });
  std::vector<std::shared_ptr<impl::websocket_session>> open;
  {
    absl::MutexLock lock(&s.mu);
    for (auto& w : s.sockets) {
      if (auto p = w.lock()) open.push_back(std::move(p));
    }
  }
  for (auto& ws : open) ws->close("server shutting down", websocket::close_code::going_away);
  open.clear();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (open_sockets() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  {
    absl::MutexLock lock(&s.mu);
    for (auto& w : s.sockets) {
      if (auto p = w.lock()) p->abort();
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  s.ioc.stop();
}

void Server::wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
  impl_->async_pool.join();
}

PubSub& Server::pubsub() {
  return impl_->pubsub;
}
Runtime& Server::runtime() {
  return impl_->runtime;
}
const TokenSigner& Server::tokens() const {
  return impl_->tokens;
}

std::size_t Server::open_sockets() const {
  absl::MutexLock lock(&impl_->mu);
  std::size_t n = 0;
  for (const auto& w : impl_->sockets) n += w.expired() ? 0 : 1;
  return n;
}

}  // namespace livediff::net
