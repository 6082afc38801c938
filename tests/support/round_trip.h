// Checks the central promise of the diff: merging diff(a -> b) into a client holding a gives b.
#ifndef LIVEDIFF_TESTS_SUPPORT_ROUND_TRIP_H
#define LIVEDIFF_TESTS_SUPPORT_ROUND_TRIP_H

#include <functional>
#include <string>

#include <absl/status/statusor.h>
#include <gtest/gtest.h>

#include "livediff/core/diff.h"
#include "livediff/core/html.h"
#include "livediff/core/rendered.h"
#include "livediff/testing/client_model.h"

namespace livediff::testing {

/// Sends each render through the differ, merges the diff into the C++ client model and, when
/// given, the real JavaScript client, and checks that both show the full render of that state.
class RoundTrip {
 public:
  static constexpr std::string_view kViewId = "phx-view";

  RoundTrip() : model_(std::string(kViewId)) {}
  /// Also merges every diff into `js` (a JsClient of the conformance harness: `join(diff, id)`
  /// and `diff(diff)` give the page's HTML), which must outlive this.
  template <class Client>
  explicit RoundTrip(Client* js) : RoundTrip() {
    if (js != nullptr) {
      js_ = [js](std::string_view diff, bool join) {
        return join ? js->join(diff, kViewId) : js->diff(diff);
      };
    }
  }

  ::testing::AssertionResult step(const Rendered& r) { return step(r, r); }

  /// Sends `sent` (which may hold unchanged parts) and expects the page `oracle` renders.
  ::testing::AssertionResult step(const Rendered& sent, const Rendered& oracle) {
    const bool join = state_.empty();
    diff_ = std::string(differ_.diff(sent, state_));
    expected_.clear();
    if (absl::Status s = render_html(oracle, expected_, {.view_id = kViewId}); !s.ok()) {
      return ::testing::AssertionFailure() << "render_html: " << s;
    }
    absl::Status merged = join ? model_.join(diff_) : model_.merge(diff_);
    if (!merged.ok()) {
      return ::testing::AssertionFailure() << "client model rejected " << diff_ << ": " << merged;
    }
    if (model_.html() != expected_) {
      return ::testing::AssertionFailure() << "client model after " << diff_ << "\n  shows "
                                           << model_.html() << "\n  expected " << expected_;
    }
    if (js_) {
      absl::StatusOr<std::string> html = js_(diff_, join);
      if (!html.ok()) {
        return ::testing::AssertionFailure()
               << "JS client rejected " << diff_ << ": " << html.status();
      }
      if (*html != expected_) {
        return ::testing::AssertionFailure() << "JS client after " << diff_ << "\n  shows " << *html
                                             << "\n  expected " << expected_;
      }
    }
    return ::testing::AssertionSuccess();
  }

  const std::string& last_diff() const { return diff_; }
  const std::string& last_html() const { return expected_; }
  DiffState& state() { return state_; }
  ClientModel& model() { return model_; }

 private:
  std::function<absl::StatusOr<std::string>(std::string_view diff, bool join)> js_;
  Differ differ_;
  DiffState state_;
  ClientModel model_;
  std::string diff_;
  std::string expected_;
};

}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_ROUND_TRIP_H
