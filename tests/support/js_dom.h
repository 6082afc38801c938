// Drives the whole phoenix_live_view browser client (LiveSocket, DOM patching, event pushes) in
// jsdom against a fake server, so tests can check the DOM our diffs produce and what users send.
#ifndef LIVEDIFF_TESTS_SUPPORT_JS_DOM_H
#define LIVEDIFF_TESTS_SUPPORT_JS_DOM_H

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "node_process.h"

namespace livediff::testing {

// One `node dom_runner.bundle.js` child holding at most one mounted page.
//
// mount() loads a fresh page with the dead render in the view container, lets the client join
// and answers its phx_join with the given rendered payload. diff() pushes a "diff" event,
// click()/input()/submit() act as a user would, and reply() answers a frame the client sent
// (by its ref, e.g. an "event" push) with {"status":"ok","response":...}. Every call waits until
// the client is idle again.
//
// The HTML returned (and last_html()) is the view container's innerHTML without the client's
// bookkeeping (data-phx-id, data-phx-stream, data-phx-skip, data-phx-ref-*, data-phx-root-id,
// loading classes, pending phx-disable-with/readonly/disabled state), in DOM attribute order;
// last_raw_html() is the innerHTML as it is. last_sent_json() is a JSON array of the frames the
// client sent during the last call, each [join_ref, ref, topic, event, payload], heartbeats
// excepted. last_errors_json() and last_warnings_json() are JSON arrays of the console.error and
// console.warn lines of the last call.
//
// A command the client throws on (or a join it does not apply) is InvalidArgumentError with its
// message; the last_* values still describe the page. A dead or hung child is InternalError /
// DeadlineExceededError, and so is every later call. Not thread-safe.
class JsDom {
 public:
  // Spawns node on the bundle built by the livediff_js_dom target and checks it answers.
  static absl::StatusOr<std::unique_ptr<JsDom>> start(
      std::string bundle_path = LIVEDIFF_JS_DOM_BUNDLE);

  JsDom(const JsDom&) = delete;
  JsDom& operator=(const JsDom&) = delete;
  JsDom(JsDom&& other) noexcept;
  JsDom& operator=(JsDom&& other) noexcept;
  ~JsDom();

  // Replaces any page by one whose view (id `view_id`) starts from `dead_html` and joins with the
  // "rendered" object of a join reply (JSON text). Returns the HTML once the join is applied.
  absl::StatusOr<std::string> mount(std::string_view dead_html, std::string_view rendered_json,
                                    std::string_view view_id = "phx-view");
  // Pushes a "diff" event payload (JSON text) to the view; returns the patched HTML.
  absl::StatusOr<std::string> diff(std::string_view diff_json);
  // Clicks the first element matching a CSS selector; returns last_sent_json().
  absl::StatusOr<std::string> click(std::string_view selector);
  // Sets the value of the first matching input and dispatches "input"; returns last_sent_json().
  absl::StatusOr<std::string> input(std::string_view selector, std::string_view value);
  // Dispatches "submit" on the first matching form; returns last_sent_json().
  absl::StatusOr<std::string> submit(std::string_view selector);
  // Answers the frame the client sent with `ref` with an ok reply carrying `response_json` (a JSON
  // object, e.g. {"diff":{...}}); returns the HTML once the reply is applied.
  absl::StatusOr<std::string> reply(std::string_view ref, std::string_view response_json);

  // From the last call that reached the runner.
  std::string_view last_html() const { return last_html_; }
  std::string_view last_raw_html() const { return last_raw_html_; }
  std::string_view last_sent_json() const { return last_sent_json_; }
  std::string_view last_errors_json() const { return last_errors_json_; }
  std::string_view last_warnings_json() const { return last_warnings_json_; }

 private:
  explicit JsDom(NodeProcess process) : process_(std::move(process)) {}

  // Runs a page command and records its reply; returns the reply's "html".
  absl::StatusOr<std::string> page_command(std::string_view command);

  NodeProcess process_;
  std::string last_html_;
  std::string last_raw_html_;
  std::string last_sent_json_ = "[]";
  std::string last_errors_json_ = "[]";
  std::string last_warnings_json_ = "[]";
};

}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_JS_DOM_H
