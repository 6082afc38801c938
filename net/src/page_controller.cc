#include "page_controller.h"

#include <chrono>
#include <future>

#include "livediff/core/escape.h"
#include "livediff/views/wire.h"

namespace livediff::net::detail {
namespace {

constexpr std::string_view kCsrfCookie = "_livediff_csrf";
constexpr std::string_view kText = "text/plain; charset=utf-8";

HttpResponse plain(unsigned status, std::string body) {
  return {status, std::string(kText), std::move(body), {}};
}

}  // namespace

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

HttpResponse PageController::handle(const PageRequest& request) {
  try {
    return route(request);
  } catch (const std::exception& e) {
    server_.log(std::string("request failed: ") + e.what());
  } catch (...) {
    server_.log("request failed: unknown exception");
  }
  return plain(500, "internal server error\n");
}

HttpResponse PageController::route(const PageRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    return {405, std::string(kText), "method not allowed\n", {{"allow", "GET, HEAD"}}};
  }
  absl::StatusOr<Url> url = parse_url(request.target);
  if (!url.ok()) return plain(400, "bad request: " + std::string(url.status().message()) + "\n");
  if (!url->segments.empty() && url->segments[0] == "assets") return asset(*url);
  if (server_.config.debug_routes && url->segments.size() == 3 && url->segments[0] == "__livediff"
      && url->segments[1] == "views") {
    return snapshot(url->segments[2]);
  }
  HttpRequest http{std::string(request.method),
                   std::string(request.target),
                   url->path,
                   {},
                   std::string(request.body)};
  auto with_query = [&](Params params) -> absl::Status {
    http.params = std::move(params);
    return decode_form(url->query, http.params);
  };
  if (auto live = server_.router.match_live(*url)) {
    if (absl::Status s = with_query(live->params); !s.ok()) {
      return plain(400, "bad request: " + std::string(s.message()) + "\n");
    }
    return page(*live, http, request.cookie_header);
  }
  if (auto get = server_.router.match_get(*url)) {
    if (absl::Status s = with_query(get->second); !s.ok()) {
      return plain(400, "bad request: " + std::string(s.message()) + "\n");
    }
    return (*get->first)(http);
  }
  return plain(404, "not found\n");
}

// Only names listed when the server started, each one decoded path: `/assets//etc/passwd`
// names "/etc/passwd", which is not in the list.
HttpResponse PageController::asset(const Url& url) {
  std::string name;
  for (std::size_t i = 1; i < url.segments.size(); ++i) {
    if (i > 1) name += '/';
    name += url.segments[i];
  }
  std::shared_ptr<const Asset> file = server_.assets.find(name);
  if (file == nullptr) return plain(404, "not found\n");
  return {
      200, std::string(file->content_type), file->body, {{"cache-control", "public, max-age=300"}}};
}

HttpResponse PageController::snapshot(const std::string& id) {
  std::shared_ptr<LiveSession> session = server_.find_view(id);
  if (session == nullptr) return plain(404, "no such view\n");
  auto promise = std::make_shared<std::promise<std::string>>();
  std::future<std::string> html = promise->get_future();
  session->snapshot([promise](std::string h) { promise->set_value(std::move(h)); });
  // Blocks this connection's thread; the view's strand runs on another (debug use only).
  if (html.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    return plain(503, "view busy\n");
  }
  std::string body = html.get();
  for (std::size_t at = body.find("__VIEW__"); at != std::string::npos;
       at = body.find("__VIEW__", at)) {
    body.replace(at, 8, id);
  }
  return {200, "text/html; charset=utf-8", std::move(body), {{"cache-control", "no-store"}}};
}

HttpResponse PageController::page(const Router::LiveMatch& live, const HttpRequest& request,
                                  std::string_view cookie_header) {
  std::vector<std::pair<std::string, std::string>> headers{{"cache-control", "no-store"}};
  std::string csrf_cookie(cookie_value(cookie_header, kCsrfCookie));
  if (csrf_cookie.empty()) {
    csrf_cookie = random_token(18);
    headers.emplace_back("set-cookie", std::string(kCsrfCookie) + "=" + csrf_cookie
                                           + "; Path=/; HttpOnly; SameSite=Lax");
  }
  Params session;
  if (server_.config.session_for) session = server_.config.session_for(request, cookie_header);
  const std::string id = "phx-" + random_token(9);
  JoinRequest join;
  join.url = request.target;
  join.params = request.params;
  join.session = session;
  join.view_id = id;
  DeadRender dead = dead_render(server_.runtime, live.route->name, live.route->factory, join);
  if (dead.redirect) return {302, std::string(kText), "", {{"location", *dead.redirect}}};

  const std::string token =
      server_.tokens.sign(wire::write_claims({live.route->name, id, std::move(session), {}}));
  Page p;
  p.title = dead.title;
  p.csrf_token = server_.tokens.mac("csrf:" + csrf_cookie);
  p.container = "<div id=\"" + id + "\" data-phx-main data-phx-session=\"" + escape_html(token)
                + "\" data-phx-static=\"\">" + dead.html + "</div>";
  return {200, "text/html; charset=utf-8", server_.router.page_layout()(p), std::move(headers)};
}

UpgradeDecision PageController::check_upgrade(std::string_view target, std::string_view origin,
                                              std::string_view host,
                                              std::string_view cookie_header) {
  UpgradeDecision out;
  absl::StatusOr<Url> url = parse_url(target);
  if (!url.ok()) {
    out.refused_status = 400;
    return out;
  }
  if (url->segments != std::vector<std::string>{"live", "websocket"}) {
    out.refused_status = 404;
    return out;
  }
  if (!origin_allowed(origin, host)) {
    server_.log("websocket refused: origin not allowed");
    out.refused_status = 403;
    return out;
  }
  absl::StatusOr<Params> query = decode_form(url->query);
  std::string_view cookie = cookie_value(cookie_header, kCsrfCookie);
  // A wrong token does not refuse the socket: its joins are refused as stale, so the page
  // reloads and gets a fresh token, as with Phoenix.
  if (query.ok() && !cookie.empty()) {
    auto csrf = query->find("_csrf_token");
    out.csrf_ok =
        csrf != query->end()
        && constant_time_equal(csrf->second, server_.tokens.mac("csrf:" + std::string(cookie)));
  }
  return out;
}

bool PageController::origin_allowed(std::string_view origin, std::string_view host) const {
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

}  // namespace livediff::net::detail
