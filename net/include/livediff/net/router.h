// Router: live routes, plain HTTP routes and the page layout around a view.
#ifndef LIVEDIFF_NET_ROUTER_H
#define LIVEDIFF_NET_ROUTER_H

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "livediff/views/params.h"
#include "livediff/views/url.h"
#include "livediff/views/view.h"

namespace livediff::net {

/// A plain HTTP request, as handlers see it.
struct HttpRequest {
  std::string method;
  std::string target;  ///< path and query as received
  std::string path;    ///< percent-encoded, as received
  Params params;       ///< path parameters and query, decoded (UTF-8)
  std::string body;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// What the layout wraps: the view's container and what the page head needs.
struct Page {
  std::string title;
  std::string csrf_token;
  std::string container;  ///< `<div id=... data-phx-main data-phx-session=...>html</div>`
  std::string assets_prefix = "/assets";
};

/// Renders a whole HTML document around a view. The default one loads `/assets/app.js`.
using Layout = std::function<std::string(const Page&)>;
std::string default_layout(const Page& page);

/// Maps paths to live views and HTTP handlers. Patterns are `/posts/:id` (a segment parameter)
/// or end in `/*rest` (the remaining path). Patterns match decoded path segments, so `%2F` in
/// a segment is a slash inside that parameter, never a separator. The first matching route
/// wins.
class Router {
 public:
  struct LiveRoute {
    std::string pattern;
    std::string name;  ///< identifies the view in session tokens
    ViewFactory factory;
  };
  struct LiveMatch {
    const LiveRoute* route;
    Params params;
  };

  Router& live(std::string pattern, std::string name, ViewFactory factory);
  Router& get(std::string pattern, HttpHandler handler);
  Router& layout(Layout layout);

  /// The live route for `url` with its path parameters (not the query).
  std::optional<LiveMatch> match_live(const Url& url) const;
  std::optional<std::pair<const HttpHandler*, Params>> match_get(const Url& url) const;
  const Layout& page_layout() const { return layout_; }
  const std::vector<LiveRoute>& live_routes() const { return live_; }

 private:
  std::vector<LiveRoute> live_;
  std::vector<std::pair<std::string, HttpHandler>> get_;
  Layout layout_ = default_layout;
};

/// Matches the decoded `segments` of a path against `pattern`, filling `params`.
bool match_pattern(std::string_view pattern, const std::vector<std::string>& segments,
                   Params& params);

}  // namespace livediff::net

#endif  // LIVEDIFF_NET_ROUTER_H
