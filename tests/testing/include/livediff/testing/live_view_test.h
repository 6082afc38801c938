// LiveViewTest: mounts a view in-process, drives it like the browser client and reads the page
// through the client model, in the spirit of Phoenix.LiveViewTest.
#ifndef LIVEDIFF_TESTING_LIVE_VIEW_TEST_H
#define LIVEDIFF_TESTING_LIVE_VIEW_TEST_H

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <boost/asio/io_context.hpp>

#include "livediff/testing/client_model.h"
#include "livediff/views/pubsub.h"
#include "livediff/views/session.h"

namespace livediff {

/// The services several test views share: one io_context run by the test's thread and a
/// local PubSub.
struct TestEnvironment {
  boost::asio::io_context io;
  LocalPubSub pubsub;
  Runtime runtime{io, nullptr, &pubsub};

  /// Runs ready handlers until none is left.
  void settle();
  /// Runs handlers until `done()` or `timeout` (for timers and work on other threads).
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5));
};

/// One view under test: dead render, then a connected mount, then events, each followed by
/// merging the replies and pushes into a ClientModel exactly as the browser would.
/// Every action runs the environment until idle before it returns.
class LiveViewTest {
 public:
  /// Dead-renders and then joins `factory`'s view at `url` (path parameters in `params`).
  static absl::StatusOr<std::unique_ptr<LiveViewTest>> mount(TestEnvironment& env,
                                                             ViewFactory factory, std::string url,
                                                             Params params = {},
                                                             Params session = {});
  ~LiveViewTest();

  const std::string& dead_html() const { return dead_.html; }
  /// The page as the client shows it now.
  const std::string& html() const { return client_.html(); }
  const std::string& title() const { return client_.title(); }
  const Params& flash() const { return session_->flash(); }

  /// A `phx-click` with its `phx-value-*` values; `cid` targets a live component.
  absl::Status click(std::string_view event, const Params& value = {}, std::int32_t cid = 0);
  /// Clicks the first element whose start tag has `attribute="value"`, sending what the client
  /// would: its phx-click event, phx-value-* attributes and phx-target.
  absl::Status click_element(std::string_view attribute, std::string_view value);
  /// A `phx-change` for the form data `form`, the field the user changed being `target`.
  absl::Status change(std::string_view event, const Params& form, std::string_view target = {},
                      std::int32_t cid = 0);
  absl::Status submit(std::string_view event, const Params& form, std::int32_t cid = 0);
  /// A hook's `pushEvent` with a JSON value; the reply (`"r"`) is in `hook_reply()`.
  absl::Status hook(std::string_view event, std::string_view json_value);
  /// A `<.link patch>` click: handle_params with the new URL.
  absl::Status patch(std::string url);
  /// handle_info, as from PubSub.
  void send_info(Message message);
  /// Leaves; the view terminates.
  void leave();
  /// Joins the nested view `id` this view placed with `live_render`, as the client does once
  /// the parent is connected. The child is a view under test of its own: its html() is the
  /// content of its container, which the parent's html() shows empty.
  absl::StatusOr<std::unique_ptr<LiveViewTest>> live_child(std::string_view id);
  /// Any client push on the view's topic (`cids_destroyed`, raw `event` payloads...).
  absl::Status push(std::string event, std::string payload_json);
  /// Runs the environment, merging what the view sends, until `done()` or `timeout`: for
  /// timers and async work.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// Where the view sent the browser, if it did.
  const std::optional<std::string>& redirected_to() const { return redirect_; }
  const std::optional<std::string>& navigated_to() const { return live_redirect_; }
  const std::optional<std::string>& patched_to() const { return live_patch_; }
  /// Events pushed to hooks, in order, as (name, JSON payload).
  const std::vector<std::pair<std::string, std::string>>& pushed_events() const { return events_; }
  const std::optional<std::string>& hook_reply() const { return hook_reply_; }
  /// True once the view crashed (the client would show an error and rejoin).
  bool crashed() const { return crashed_; }
  bool closed() const { return closed_; }
  /// The last reply's response JSON and whether it was ok.
  const std::string& last_reply() const { return last_reply_; }
  /// Every diff the view sent, in order.
  const std::vector<std::string>& diffs() const { return diffs_; }
  LiveSession& session() { return *session_; }
  TestEnvironment& environment() { return env_; }

 private:
  class recorder;
  LiveViewTest(TestEnvironment& env, DeadRender dead, std::string view_id);
  absl::Status apply(std::string_view event, std::string_view payload_json);

  TestEnvironment& env_;
  DeadRender dead_;
  std::shared_ptr<recorder> output_;
  std::shared_ptr<LiveSession> session_;
  ClientModel client_;
  std::uint64_t next_ref_ = 1;
  std::optional<std::string> redirect_, live_redirect_, live_patch_, hook_reply_;
  std::vector<std::pair<std::string, std::string>> events_;
  std::vector<std::string> diffs_;
  std::string last_reply_;
  bool crashed_ = false;
  bool closed_ = false;
  friend class recorder;
};

}  // namespace livediff

#endif  // LIVEDIFF_TESTING_LIVE_VIEW_TEST_H
