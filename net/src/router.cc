#include "livediff/net/router.h"

#include "livediff/core/escape.h"

namespace livediff::net {

std::string default_layout(const Page& page) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"csrf-token\" content=\"";
  out += escape_html(page.csrf_token);
  out += "\">\n<title>";
  out += escape_html(page.title.empty() ? std::string("livediff") : page.title);
  out += "</title>\n<link rel=\"stylesheet\" href=\"" + page.assets_prefix + "/app.css\">\n";
  out += "<script defer src=\"" + page.assets_prefix + "/app.js\"></script>\n</head>\n<body>\n";
  out += page.container;
  out += "\n</body>\n</html>\n";
  return out;
}

bool match_pattern(std::string_view pattern, std::string_view path, Params& params) {
  Params captured;
  while (true) {
    if (pattern.empty() || path.empty()) {
      if (pattern == path || (pattern == "/" && path.empty())) break;
      return false;
    }
    if (pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    std::size_t ps = pattern.find('/');
    std::string_view pseg = pattern.substr(0, ps);
    if (!pseg.empty() && pseg[0] == '*') {
      captured[std::string(pseg.substr(1))] = url_decode(path, false);
      path = {};
      pattern = {};
      break;
    }
    std::size_t xs = path.find('/');
    std::string_view xseg = path.substr(0, xs);
    if (!pseg.empty() && pseg[0] == ':') {
      if (xseg.empty()) return false;
      captured[std::string(pseg.substr(1))] = url_decode(xseg, false);
    } else if (pseg != xseg) {
      return false;
    }
    pattern = ps == std::string_view::npos ? std::string_view() : pattern.substr(ps);
    path = xs == std::string_view::npos ? std::string_view() : path.substr(xs);
  }
  for (auto& [k, v] : captured) params.insert_or_assign(k, v);
  return true;
}

Router& Router::live(std::string pattern, std::string name, ViewFactory factory) {
  live_.push_back({std::move(pattern), std::move(name), std::move(factory)});
  return *this;
}

Router& Router::get(std::string pattern, HttpHandler handler) {
  get_.emplace_back(std::move(pattern), std::move(handler));
  return *this;
}

Router& Router::layout(Layout layout) {
  layout_ = std::move(layout);
  return *this;
}

std::optional<Router::LiveMatch> Router::match_live(std::string_view path) const {
  for (const LiveRoute& r : live_) {
    Params p;
    if (match_pattern(r.pattern, path, p)) return LiveMatch{&r, std::move(p)};
  }
  return std::nullopt;
}

std::optional<std::pair<const HttpHandler*, Params>> Router::match_get(
    std::string_view path) const {
  for (const auto& [pattern, handler] : get_) {
    Params p;
    if (match_pattern(pattern, path, p)) return std::make_pair(&handler, std::move(p));
  }
  return std::nullopt;
}

}  // namespace livediff::net
