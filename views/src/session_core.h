// SessionCore: the state of one view session and what happens on its strand — joins, client
// pushes, messages, async results, rendering, and the crash boundary around every callback.
// LiveSession is its thread-safe face; ViewSocket and ViewRenderContext are what the view's
// code sees of it.
#ifndef LIVEDIFF_VIEWS_SRC_SESSION_CORE_H
#define LIVEDIFF_VIEWS_SRC_SESSION_CORE_H

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/functional/any_invocable.h>
#include <absl/functional/function_ref.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "livediff/core/diff.h"
#include "livediff/views/session.h"
#include "livediff/views/wire.h"

#include "components.h"
#include "nested_views.h"
#include "page_effects.h"
#include "view_socket.h"

namespace livediff::detail {

class SessionCore {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  SessionCore(Runtime& runtime, std::string view_name, ViewFactory factory,
              std::shared_ptr<SessionOutput> output);
  ~SessionCore();
  SessionCore(const SessionCore&) = delete;
  SessionCore& operator=(const SessionCore&) = delete;

  /// Renders `factory`'s view for the first HTTP response (see livediff::dead_render); `tree`
  /// is where to render, null for the thread's scratch tree.
  static DeadRender dead_render(Runtime& runtime, std::string_view view_name,
                                const ViewFactory& factory, const JoinRequest& request,
                                Rendered* tree);

  // Entry points, each run on the strand.
  void on_join(const std::string& ref, JoinRequest request);
  void on_push(const std::string& ref, const wire::Payload& payload);
  void on_info(const Message& message);
  void on_async(const std::string& name, AsyncResult& result,
                absl::AnyInvocable<void(AsyncResult&)>& on_done);
  void end(std::string_view reason);
  /// The view's full HTML as the client shows it, rendered into a fresh state.
  std::string snapshot_html();

  void set_self(std::weak_ptr<LiveSession> self) { self_ = std::move(self); }
  const Strand& strand() const { return strand_; }
  std::optional<NestedJoin> nested(std::string_view id) const { return children_.find(id); }
  std::size_t memory_bytes() const;
  const Params& flash() const { return effects_.flash; }

 private:
  friend class ViewSocket;
  friend class ViewRenderContext;
  enum class Status { idle, joined, ended };

  // The crash boundary: runs `f`, reporting it; a throw crashes this view only.
  template <class F>
  bool guarded(TelemetryEvent::Kind what, std::string_view event_name, F&& f);
  void report(TelemetryEvent::Kind what, std::string_view event_name,
              std::chrono::steady_clock::duration d, std::size_t bytes);
  void crash(std::string_view reason);

  // Client pushes.
  void on_event(const std::string& ref, const wire::EventPayload& event);
  void on_live_patch(const std::string& ref, const wire::LivePatchPayload& patch);
  void on_cids_destroyed(const std::string& ref, const wire::CidsPayload& cids);
  // After a callback: the reply to a push, or what a server-side callback sends.
  void reply_with_changes(const std::string& ref);
  void push_changes();
  bool apply_patch();
  absl::StatusOr<Params> params_of(std::string_view url) const;

  // Rendering (session_render.cc).
  Rendered& rendered();
  std::optional<std::string> render_diff();
  std::int32_t component_for(std::type_index type, std::string_view id,
                             absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                             absl::FunctionRef<void(LiveComponent&, Socket&)> update);
  void render_component(std::int32_t cid, ComponentSet::Entry& e);
  void nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                   const ViewFactory& factory);

  // Services of sockets (session_services.cc).
  std::uint64_t send_after(std::chrono::milliseconds delay, Message message);
  void cancel_timer(std::uint64_t id) { timers_.erase(id); }
  void subscribe(std::string topic);
  void unsubscribe(std::string_view topic);
  void broadcast(std::string topic, std::string event, std::any payload, bool from);
  void start_async(std::string name, absl::AnyInvocable<std::any()> work,
                   absl::AnyInvocable<void(AsyncResult&)> on_done);
  void send_parent(Message message);

  Runtime& runtime_;
  std::string name_;
  ViewFactory factory_;
  std::shared_ptr<SessionOutput> output_;
  Strand strand_;
  std::weak_ptr<LiveSession> self_;

  std::unique_ptr<View> view_;
  Status status_ = Status::idle;
  bool connected_ = true;
  std::string uri_;
  std::function<absl::StatusOr<Params>(std::string_view)> params_for_;
  PageEffects effects_;
  std::string event_json_;

  DiffState diff_state_;
  std::uint64_t pass_ = 0;
  ComponentSet components_;
  absl::flat_hash_map<std::uint64_t, std::unique_ptr<boost::asio::steady_timer>> timers_;
  std::uint64_t next_timer_ = 1;
  std::vector<std::string> topics_;

  std::string view_id_;
  bool nested_ = false;
  std::weak_ptr<Mailbox> parent_;
  // The dead render of a nested view runs inside its parent's render, which holds the
  // thread's scratch tree: it renders into a tree of its own.
  Rendered* own_rendered_ = nullptr;
  NestedViews children_;

  ViewSocket view_socket_{*this, 0};
};

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_SESSION_CORE_H
