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

bool match_pattern(std::string_view pattern, const std::vector<std::string>& segments,
                   Params& params) {
  Params captured;
  std::size_t i = 0;
  while (!pattern.empty() && pattern != "/") {
    if (pattern[0] != '/') return false;
    pattern.remove_prefix(1);
    const std::size_t slash = pattern.find('/');
    const std::string_view part = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash);
    if (!part.empty() && part[0] == '*') {
      std::string rest;
      for (; i < segments.size(); ++i) {
        if (!rest.empty()) rest += '/';
        rest += segments[i];
      }
      captured.insert_or_assign(std::string(part.substr(1)), std::move(rest));
      break;
    }
    if (i == segments.size()) return false;
    const std::string& segment = segments[i++];
    if (!part.empty() && part[0] == ':') {
      if (segment.empty()) return false;
      captured.insert_or_assign(std::string(part.substr(1)), segment);
    } else if (part != segment) {
      return false;
    }
  }
  if (i != segments.size()) return false;
  for (auto& [k, v] : captured) params.insert_or_assign(k, std::move(v));
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

std::optional<Router::LiveMatch> Router::match_live(const Url& url) const {
  for (const LiveRoute& r : live_) {
    Params p;
    if (match_pattern(r.pattern, url.segments, p)) return LiveMatch{&r, std::move(p)};
  }
  return std::nullopt;
}

std::optional<std::pair<const HttpHandler*, Params>> Router::match_get(const Url& url) const {
  for (const auto& [pattern, handler] : get_) {
    Params p;
    if (match_pattern(pattern, url.segments, p)) return std::make_pair(&handler, std::move(p));
  }
  return std::nullopt;
}

}  // namespace livediff::net
