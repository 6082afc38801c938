// Drives the real phoenix_live_view client (its rendered.js diff merge, run under node) so tests
// can check that the HTML the browser would build from our JSON diffs is the HTML we meant.
#ifndef LIVEDIFF_TESTS_SUPPORT_JS_CLIENT_H
#define LIVEDIFF_TESTS_SUPPORT_JS_CLIENT_H

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "node_process.h"

namespace livediff::testing {

// One `node client_runner.bundle.js` child holding at most one joined view.
//
// join() and diff() return the whole view as the client's tree now renders it, with nothing
// skipped and no data-phx-id: comparable with a server-side render. Streams hold only the entries
// of that join/diff (the client empties them once rendered; the DOM keeps them).
// last_client_html() is what the client itself rendered (magic ids, data-phx-skip; only the
// patched components for a component-only diff; "" for an empty one).
//
// A command the client throws on is InvalidArgumentError with its message, and drops the view
// until the next join; input that is not JSON is InvalidArgumentError too but keeps the view. A
// dead or hung child is InternalError / DeadlineExceededError, and so is every later call.
// Not thread-safe.
class JsClient {
 public:
  // Spawns node on the bundle built by the livediff_js_client target and checks it answers.
  static absl::StatusOr<std::unique_ptr<JsClient>> start(
      std::string bundle_path = LIVEDIFF_JS_CLIENT_BUNDLE);

  JsClient(const JsClient&) = delete;
  JsClient& operator=(const JsClient&) = delete;
  JsClient(JsClient&& other) noexcept;
  JsClient& operator=(JsClient&& other) noexcept;
  ~JsClient();

  // Replaces any joined view by one built from a join reply's "rendered" object (JSON text).
  absl::StatusOr<std::string> join(std::string_view rendered_json,
                                   std::string_view view_id = "phx-view");
  // Applies a "diff" event payload (JSON text) to the joined view.
  absl::StatusOr<std::string> diff(std::string_view diff_json);
  // Forgets components, as the client does once the server confirms cids_destroyed.
  absl::Status prune(std::span<const int> cids);

  // From the last successful join() or diff().
  std::string_view last_client_html() const { return last_client_html_; }
  std::string_view last_streams_json() const { return last_streams_json_; }

 private:
  explicit JsClient(NodeProcess process) : process_(std::move(process)) {}

  absl::StatusOr<std::string> render_command(std::string_view command);

  NodeProcess process_;
  std::string last_client_html_;
  std::string last_streams_json_ = "[]";
};

}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_JS_CLIENT_H
