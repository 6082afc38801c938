// LiveSession: runs one connected view and turns client pushes into replies and diffs,
// independent of any transport.
#ifndef LIVEDIFF_VIEWS_SESSION_H
#define LIVEDIFF_VIEWS_SESSION_H

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "livediff/views/params.h"
#include "livediff/views/pubsub.h"
#include "livediff/views/telemetry.h"
#include "livediff/views/view.h"
#include "livediff/views/wire.h"

namespace livediff {
namespace detail {
class SessionCore;
}  // namespace detail

/// Shared services of the views of one server. Not owned: must outlive every session.
struct Runtime {
  boost::asio::io_context& io;                     ///< where sessions' strands and timers run
  boost::asio::thread_pool* async_pool = nullptr;  ///< start_async work; null: run on `io`
  PubSub* pubsub = nullptr;                        ///< null: subscribe/broadcast do nothing
  TelemetrySink* telemetry = nullptr;              ///< null: no telemetry
  /// Reported to the client on join; it warns when this differs from its own version.
  std::string liveview_version = "1.2.12";
  /// Where a crashing view's reason is reported; null: nowhere.
  std::function<void(std::string_view)> log;
  /// Signs the session token of a nested view (`claims_json` is what a join must present);
  /// set by the transport. Null: the token is the claims themselves, for in-process tests.
  std::function<std::string(std::string_view claims_json)> sign_token;
};

/// Where a session's output goes. Called on the session's strand; implementations post to
/// their own executor.
class SessionOutput {
 public:
  virtual ~SessionOutput() = default;
  /// The reply to the client push `ref`: `{"status": ok ? "ok" : "error", "response": ...}`.
  virtual void reply(std::string_view ref, bool ok, std::string response_json) = 0;
  /// A server push on the view's topic: "diff", "live_patch", "live_redirect" or "redirect".
  virtual void push(std::string_view event, std::string payload_json) = 0;
  /// The view ended: `error` when it crashed (the client shows an error and rejoins).
  virtual void closed(bool error) = 0;
};

/// What a join carries once the transport has checked tokens and routed the URL.
struct JoinRequest {
  std::string url;  ///< the page URL
  Params params;    ///< path parameters and query of `url`
  Params session;   ///< from the verified session token
  Params flash;     ///< carried over by live navigation (the join's `flash`)
  /// Computes `params` for the URL of a live patch (the router knows path parameters), or
  /// refuses it (not a URL of this view); null: the URL's query only.
  std::function<absl::StatusOr<Params>(std::string_view url)> params_for;
  /// The DOM id of the view's container: nested views name it as their parent.
  std::string view_id;
  /// A view placed by its parent's `live_render`: mounted without params, no handle_params.
  bool nested = false;
  /// The parent of a nested view, for `Socket::send_parent`.
  std::weak_ptr<Mailbox> parent;
};

/// What a parent view's render says about one of its nested views: enough to mount it.
struct NestedJoin {
  std::string name;
  ViewFactory factory;
  Params session;
};

/// What the first HTTP response needs: the view's HTML and title, or where to go instead.
struct DeadRender {
  std::string html;
  std::string title;
  std::optional<std::string> redirect;  ///< set when mount or handle_params redirected
  Params flash;
};

/// Renders `factory`'s view for the first HTTP response: mount (not connected),
/// handle_params, render. An exception propagates to the caller.
DeadRender dead_render(Runtime& runtime, std::string_view view_name, const ViewFactory& factory,
                       const JoinRequest& request);

/// One connected view. Every method may be called from any thread: work is posted to the
/// session's strand, so the view's callbacks run one at a time. A callback that throws ends
/// this session only (`SessionOutput::closed(true)`).
class LiveSession : public Mailbox, public std::enable_shared_from_this<LiveSession> {
 public:
  static std::shared_ptr<LiveSession> create(Runtime& runtime, std::string view_name,
                                             ViewFactory factory,
                                             std::shared_ptr<SessionOutput> output);
  ~LiveSession() override;

  /// Mounts the view and replies with the full render (`{"rendered": ...}`).
  void join(std::string ref, JoinRequest request);
  /// A client push on the view's topic, decoded by wire::parse_frame: an event, a live patch,
  /// components leaving. Anything else gets an error reply.
  void client_push(std::string ref, wire::Payload payload);
  /// A message for handle_info (PubSub, other views).
  void deliver(MessagePtr message) override;
  /// Ends the view (the client left, or the server shuts down).
  void leave(std::string reason = "leave");

  /// Renders the view's full HTML as the client should show it (components marked as the
  /// client marks them) and hands it to `done` on the session's strand; for test and debug
  /// tooling that compares a browser's DOM with the server's state.
  void snapshot(std::function<void(std::string html)> done);

  /// The nested view `id` this view has placed with `live_render` since it joined, if any.
  /// Thread-safe: the transport asks when the client joins the nested view.
  std::optional<NestedJoin> nested(std::string_view id) const;

  /// Bytes held between events: diff state and bookkeeping (not the view's own members).
  /// Call on the session's strand (or with its io_context stopped).
  std::size_t memory_bytes() const;
  /// The flash as the view last set it. Same threading rule as memory_bytes.
  const Params& flash() const;

 private:
  friend class detail::SessionCore;
  explicit LiveSession(std::unique_ptr<detail::SessionCore> core);
  std::unique_ptr<detail::SessionCore> core_;
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_SESSION_H
