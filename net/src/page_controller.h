// PageController: what the server answers to an HTTP request, independent of sockets — live
// pages (dead render, CSRF cookie, signed session token, layout), handlers, assets, the debug
// route — and whether a WebSocket upgrade may proceed.
#ifndef LIVEDIFF_NET_SRC_PAGE_CONTROLLER_H
#define LIVEDIFF_NET_SRC_PAGE_CONTROLLER_H

#include <string>
#include <string_view>

#include "livediff/net/router.h"

#include "server_state.h"

namespace livediff::net::detail {

/// An HTTP request as the controller reads it; views into the transport's buffers.
struct PageRequest {
  std::string_view method;
  std::string_view target;
  std::string_view cookie_header;
  std::string_view body;
};

/// The controller's verdict on an upgrade to the live socket.
struct UpgradeDecision {
  unsigned refused_status = 0;  ///< 0: upgrade; else the HTTP status to answer with
  bool csrf_ok = false;         ///< the connect params carry the page's CSRF token
};

class PageController {
 public:
  explicit PageController(ServerState& server) : server_(server) {}

  /// The response to a request that is not an upgrade. Never throws: a handler or view that
  /// throws gives a 500, bad input a 4xx.
  HttpResponse handle(const PageRequest& request);

  /// Checks an upgrade request: the path of the live socket, the page's origin (another
  /// site's page must not drive a user's views) and the CSRF token.
  UpgradeDecision check_upgrade(std::string_view target, std::string_view origin,
                                std::string_view host, std::string_view cookie_header);

 private:
  HttpResponse route(const PageRequest& request);
  HttpResponse asset(const Url& url);
  HttpResponse snapshot(const std::string& id);
  HttpResponse page(const Router::LiveMatch& live, const HttpRequest& request,
                    std::string_view cookie_header);
  bool origin_allowed(std::string_view origin, std::string_view host) const;

  ServerState& server_;
};

/// The value of cookie `name` in a Cookie header, or empty.
std::string_view cookie_value(std::string_view header, std::string_view name);

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_PAGE_CONTROLLER_H
