// View, LiveComponent, Socket and RenderContext: what a developer writes to make a live page.
#ifndef LIVEDIFF_VIEWS_VIEW_H
#define LIVEDIFF_VIEWS_VIEW_H

#include <any>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>

#include <absl/functional/any_invocable.h>
#include <absl/functional/function_ref.h>

#include "livediff/core/rendered.h"
#include "livediff/views/assign.h"
#include "livediff/views/message.h"
#include "livediff/views/params.h"

namespace livediff {

/// The outcome of `start_async` work, handed to `handle_async`.
struct AsyncResult {
  bool ok = false;
  std::any value;     ///< what the work returned, when ok
  std::string error;  ///< what it threw, when not
};

/// Thrown by the default `handle_event`: the client gets an error reply, the view lives on.
class unhandled_event : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a view's (or a live component's) callbacks use to act on the client and the world.
/// Valid only during the callback it is passed to; never store it.
class Socket {
 public:
  virtual ~Socket() = default;

  /// False during the dead render (the first HTTP response), true once the client joined.
  virtual bool connected() const = 0;
  /// The URL the view was mounted or last patched with; empty in a nested view.
  virtual const std::string& uri() const = 0;

  /// Changes the URL without a new mount: handle_params runs, the client updates history.
  /// Only a view mounted at a route has a URL to patch: from a nested view it throws.
  virtual void push_patch(std::string to, bool replace = false) = 0;
  /// Navigates to another live view over the same connection.
  virtual void push_navigate(std::string to, bool replace = false) = 0;
  /// Full page load of `to`.
  virtual void redirect(std::string to) = 0;

  virtual void put_flash(std::string kind, std::string message) = 0;
  virtual void clear_flash() = 0;
  virtual const Params& flash() const = 0;
  virtual void set_page_title(std::string title) = 0;
  /// An event for client hooks (`handleEvent`): `payload_json` is a JSON value.
  virtual void push_event(std::string name, std::string payload_json) = 0;
  /// The reply to a hook's `pushEvent` callback: `json` is a JSON value.
  virtual void reply(std::string json) = 0;
  /// The current event's value as the client sent it (JSON), for structured hook payloads.
  virtual std::string_view event_json() const = 0;

  /// handle_info after `delay` (0: as soon as the current callback returns). Returns an id for
  /// `cancel_timer`.
  virtual std::uint64_t send_after(std::chrono::milliseconds delay, Message message) = 0;
  void send_self(Message message) { send_after(std::chrono::milliseconds(0), std::move(message)); }
  virtual void cancel_timer(std::uint64_t id) = 0;

  virtual void subscribe(std::string topic) = 0;
  virtual void unsubscribe(std::string_view topic) = 0;
  /// Broadcasts to every subscriber of `topic`, this view included.
  virtual void broadcast(std::string topic, std::string event, std::any payload) = 0;
  /// Broadcasts to every subscriber of `topic` but this view.
  virtual void broadcast_from(std::string topic, std::string event, std::any payload) = 0;

  /// Runs `work` on the async pool; its result (or what it threw) comes back to
  /// `handle_async(name, ...)` on this view. Work whose view has ended is discarded.
  template <class F>
  void start_async(std::string name, F work) {
    start_async_erased(
        std::move(name),
        [w = std::move(work)]() mutable -> std::any {
          if constexpr (std::is_void_v<decltype(w())>) {
            w();
            return {};
          } else {
            return std::any(w());
          }
        },
        nullptr);
  }
  /// Sets `target` loading, runs `work` on the async pool, then sets it ok or failed and
  /// renders. `target` must be a member of the view (or component) it is called from.
  template <class T, class F>
  void assign_async(AsyncValue<T>& target, F work) {
    target.status = AsyncValue<T>::state::loading;
    AsyncValue<T>* slot = &target;
    start_async_erased(
        "assign_async", [w = std::move(work)]() mutable -> std::any { return std::any(T(w())); },
        [slot](AsyncResult& r) {
          if (r.ok) {
            slot->value = std::any_cast<T>(std::move(r.value));
            slot->status = AsyncValue<T>::state::ok;
            slot->error.clear();
          } else {
            slot->status = AsyncValue<T>::state::failed;
            slot->error = r.error;
          }
        });
  }

  /// The cid of the live component this socket belongs to (for `phx-target`); 0 for a view.
  virtual std::int32_t myself() const = 0;
  /// From a live component: handle_info on the view it is in. From a nested live view:
  /// handle_info on its parent view.
  virtual void send_parent(Message message) = 0;

 protected:
  virtual void start_async_erased(std::string name, absl::AnyInvocable<std::any()> work,
                                  absl::AnyInvocable<void(AsyncResult&)> on_done) = 0;
};

class RenderContext;
class View;

/// Makes a fresh view; one per mount.
using ViewFactory = std::function<std::unique_ptr<View>()>;

/// Where and how `RenderContext::live_render` places a nested live view.
struct NestedView {
  /// DOM id of the view's container: unique in the page and stable across renders (the
  /// client keeps a nested view joined as long as its container keeps its id).
  std::string id;
  /// Handed to the nested view's `mount` as its session.
  Params session;
  /// Name for telemetry and logs; the id when empty.
  std::string name;
  /// The container element and its class.
  std::string tag = "div";
  std::string class_name;
};

/// A live component: its own state and events inside a view, rendered with one root element.
/// Components are created by `RenderContext::live_component<C>(..., id, args...)`, which calls
/// `mount` once per id and then `update(args..., socket)` on every render of the parent.
class LiveComponent {
 public:
  virtual ~LiveComponent() = default;
  virtual void mount(Socket& socket) { (void)socket; }
  virtual void handle_event(std::string_view event, const Params& value, Socket& socket) {
    (void)value;
    (void)socket;
    throw unhandled_event("no handle_event for \"" + std::string(event) + "\"");
  }
  /// Renders through `ctx.root(statics)`; the statics must have a single root element.
  virtual void render(RenderContext& ctx) = 0;
};

/// Gives render what it needs besides the view's own state. Valid during render only.
class RenderContext {
 public:
  virtual ~RenderContext() = default;

  /// The root of this view's (or component's) tree.
  virtual NodeRef root(const Statics& statics) = 0;
  virtual bool connected() const = 0;
  virtual const Params& flash() const = 0;
  std::string_view flash(std::string_view kind) const {
    auto it = flash().find(kind);
    return it == flash().end() ? std::string_view() : std::string_view(it->second);
  }
  /// True when the client holds nothing (first render, rejoin): change-tracked renders must
  /// render everything, because `unchanged` needs a previous render on the client.
  virtual bool full_render() const = 0;
  /// The cid of the component being rendered (for `phx-target`); 0 in a view's render.
  virtual std::int32_t myself() const = 0;

  /// Places live component C with `id` in slot `slot` of `node`: created and mounted on first
  /// use, then `update(args..., socket)` (when C has one) and render.
  template <class C, class... Args>
  requires std::derived_from<C, LiveComponent>
  void live_component(NodeRef node, std::size_t slot, std::string_view id, Args&&... args) {
    std::int32_t cid = component_for(
        std::type_index(typeid(C)), id, [] { return std::make_unique<C>(); },
        [&](LiveComponent& c, Socket& socket) {
          if constexpr (requires(C & cc) { cc.update(std::forward<Args>(args)..., socket); }) {
            static_cast<C&>(c).update(std::forward<Args>(args)..., socket);
          } else {
            static_assert(sizeof...(Args) == 0,
                          "the component has no update() taking these arguments");
          }
        });
    node.component(slot, cid);
  }

  /// Places live view V in slot `slot` of `node`, in a container with `nested.id`. The dead
  /// render shows its first render inside the container; once connected, the client joins it
  /// on the same socket as a view of its own (mount without params, no handle_params), with
  /// its own state, events and diffs. It ends when its parent ends, and the client leaves it
  /// when its container goes. The parent keeps a small record per nested id it has placed
  /// (what a join of that id mounts) until the parent ends.
  template <class V>
  requires std::derived_from<V, View>
  void live_render(NodeRef node, std::size_t slot, const NestedView& nested) {
    nested_view(node, slot, nested, [] { return std::unique_ptr<View>(std::make_unique<V>()); });
  }
  void live_render(NodeRef node, std::size_t slot, const NestedView& nested,
                   const ViewFactory& factory) {
    nested_view(node, slot, nested, factory);
  }

 protected:
  virtual std::int32_t component_for(std::type_index type, std::string_view id,
                                     absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                                     absl::FunctionRef<void(LiveComponent&, Socket&)> update) = 0;
  virtual void nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                           const ViewFactory& factory) = 0;
};

/// A live view. The session calls mount (twice: the dead render, then once connected),
/// handle_params, then render after every callback; a view's callbacks never run concurrently.
/// A callback that throws stops this view only: its client gets an error and rejoins.
class View {
 public:
  virtual ~View() = default;
  virtual void mount(const Params& params, const Params& session, Socket& socket) {
    (void)params;
    (void)session;
    (void)socket;
  }
  /// On mount (after mount) and on every live patch.
  virtual void handle_params(const Params& params, std::string_view uri, Socket& socket) {
    (void)params;
    (void)uri;
    (void)socket;
  }
  virtual void handle_event(std::string_view event, const Params& value, Socket& socket) {
    (void)value;
    (void)socket;
    throw unhandled_event("no handle_event for \"" + std::string(event) + "\"");
  }
  virtual void handle_info(const Message& message, Socket& socket) {
    (void)message;
    (void)socket;
  }
  virtual void handle_async(std::string_view name, const AsyncResult& result, Socket& socket) {
    (void)name;
    (void)result;
    (void)socket;
  }
  virtual void render(RenderContext& ctx) = 0;
  /// Called once when the view ends (left, navigated away, crashed, server shutdown).
  virtual void terminate(std::string_view reason) { (void)reason; }
  /// Called after every render whose diff the client will hold: clear change marks here.
  virtual void rendered() {}
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_VIEW_H
