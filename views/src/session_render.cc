// Rendering a view and its components into the diff the client holds, and the full HTML of a
// snapshot.
#include "livediff/core/html.h"

#include "session_core.h"

namespace livediff::detail {
namespace {

using steady = std::chrono::steady_clock;

// Render trees and differ output are needed only while a render runs, so each thread keeps one
// set for all the sessions it runs: an idle view holds just its diff state.
struct RenderScratch {
  Rendered rendered;
  Differ differ;
};
RenderScratch& scratch() {
  thread_local RenderScratch s;
  return s;
}

}  // namespace

Rendered& SessionCore::rendered() {
  return own_rendered_ != nullptr ? *own_rendered_ : scratch().rendered;
}

std::optional<std::string> SessionCore::render_diff() {
  const auto start = steady::now();
  ++pass_;
  std::string diff;
  try {
    ViewRenderContext ctx(*this, 0);
    view_->render(ctx);
    // Components whose state changed but whose parent did not place them this time (inside
    // a stream item, say) still send their new render.
    for (std::int32_t cid : components_.dirty_not_rendered(pass_)) {
      render_component(cid, *components_.find(cid));
    }
    const std::string extras = effects_.take_extras();
    diff = std::string(scratch().differ.diff(scratch().rendered, diff_state_, extras));
    view_->rendered();
  } catch (const std::exception& e) {
    crash(e.what());
    return std::nullopt;
  } catch (...) {
    crash("unknown exception in render");
    return std::nullopt;
  }
  report(TelemetryEvent::Kind::render, {}, steady::now() - start, diff.size());
  return diff;
}

std::int32_t SessionCore::component_for(std::type_index type, std::string_view id,
                                        absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                                        absl::FunctionRef<void(LiveComponent&, Socket&)> update) {
  bool created = false;
  const std::int32_t cid = components_.find_or_create(type, id, make, created);
  ComponentSet::Entry& e = *components_.find(cid);
  if (created) {
    ViewSocket socket(*this, cid);
    e.instance->mount(socket);
  }
  if (e.rendered_pass == pass_) return cid;  // placed twice in one render: rendered once
  ViewSocket socket(*this, cid);
  update(*e.instance, socket);
  render_component(cid, e);
  return cid;
}

void SessionCore::render_component(std::int32_t cid, ComponentSet::Entry& e) {
  e.rendered_pass = pass_;
  e.dirty = false;
  ViewRenderContext ctx(*this, cid);
  e.instance->render(ctx);
}

void SessionCore::nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                              const ViewFactory& factory) {
  if (nested.id.empty()) throw render_error("live_render needs the nested view's id");
  if (!valid_container_tag(nested.tag))
    throw render_error("live_render: \"" + nested.tag + "\" is not a container tag name");
  if (connected_) {
    node.html(slot, children_.place(nested, view_id_, factory, runtime_));
    return;
  }
  JoinRequest request;  // no URL: only the view at the route owns it
  request.session = nested.session;
  request.view_id = nested.id;
  request.nested = true;
  Rendered tree;
  DeadRender dead =
      dead_render(runtime_, nested.name.empty() ? nested.id : nested.name, factory, request, &tree);
  // A nested view that redirects on mount redirects the whole page, as in LiveView.
  if (dead.redirect && effects_.nav.what == Navigation::Kind::none)
    effects_.nav = {Navigation::Kind::redirect, *dead.redirect};
  node.html(slot, nested_container(nested, view_id_, {}, dead.html));
}

std::string SessionCore::snapshot_html() {
  std::string html;
  if (status_ != Status::joined) return html;
  // A render into a fresh state: full, and leaves the client's diff state alone.
  DiffState saved = std::move(diff_state_);
  diff_state_ = DiffState();
  try {
    ++pass_;
    ViewRenderContext ctx(*this, 0);
    view_->render(ctx);
    (void)render_html(scratch().rendered, html, {.view_id = "__VIEW__"});
  } catch (...) {
    html.clear();
  }
  diff_state_ = std::move(saved);
  return html;
}

NodeRef ViewRenderContext::root(const Statics& statics) {
  Rendered& r = s_.rendered();
  return cid_ == 0 ? r.root(statics) : r.component(cid_, statics);
}
bool ViewRenderContext::connected() const {
  return s_.connected_;
}
const Params& ViewRenderContext::flash() const {
  return s_.effects_.flash;
}
bool ViewRenderContext::full_render() const {
  return s_.diff_state_.empty();
}
std::int32_t ViewRenderContext::component_for(
    std::type_index type, std::string_view id,
    absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
    absl::FunctionRef<void(LiveComponent&, Socket&)> update) {
  return s_.component_for(type, id, make, update);
}
void ViewRenderContext::nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                                    const ViewFactory& factory) {
  s_.nested_view(node, slot, nested, factory);
}

}  // namespace livediff::detail
