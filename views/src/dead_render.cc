// The dead render: a view mounted (not connected) and rendered to HTML for the first HTTP
// response.
#include "livediff/core/html.h"

#include "session_core.h"

namespace livediff::detail {

DeadRender SessionCore::dead_render(Runtime& runtime, std::string_view view_name,
                                    const ViewFactory& factory, const JoinRequest& request,
                                    Rendered* tree) {
  SessionCore s(runtime, std::string(view_name), factory, nullptr);
  s.connected_ = false;
  s.uri_ = request.url;
  s.view_id_ = request.view_id;
  s.nested_ = request.nested;
  s.own_rendered_ = tree;
  s.view_ = factory();
  s.status_ = Status::joined;
  DeadRender out;
  const auto start = std::chrono::steady_clock::now();
  s.view_->mount(request.params, request.session, s.view_socket_);
  s.report(TelemetryEvent::Kind::mount, {}, std::chrono::steady_clock::now() - start, 0);
  auto redirected = [&] {
    if (s.effects_.nav.what == Navigation::Kind::none) return false;
    out.redirect = s.effects_.nav.to;
    return true;
  };
  if (redirected()) return out;
  if (!request.nested) s.view_->handle_params(request.params, s.uri_, s.view_socket_);
  if (redirected()) return out;
  ++s.pass_;
  ViewRenderContext ctx(s, 0);
  s.view_->render(ctx);
  if (redirected()) return out;  // a nested view redirected
  absl::Status status = render_html(s.rendered(), out.html);
  if (!status.ok()) throw std::runtime_error(std::string(status.message()));
  out.title = s.effects_.title().value_or("");
  out.flash = s.effects_.flash;
  s.status_ = Status::ended;
  s.view_->terminate("dead render");
  return out;
}

}  // namespace livediff::detail
