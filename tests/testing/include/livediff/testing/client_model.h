// ClientModel: what a phoenix_live_view 1.2 browser client holds, merged and rendered the same way.
#ifndef LIVEDIFF_TESTING_CLIENT_MODEL_H
#define LIVEDIFF_TESTING_CLIENT_MODEL_H

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace livediff {

/// Merges wire diffs exactly as the client's `rendered.js` does and renders the HTML the page
/// would show, including the items of streams, which the browser keeps in the DOM. A test
/// oracle and a debugging tool: it keeps every diff's JSON, so it is not for long sessions.
class ClientModel {
 public:
  explicit ClientModel(std::string view_id = "phx-view");
  ~ClientModel();
  ClientModel(ClientModel&&) noexcept;
  ClientModel& operator=(ClientModel&&) noexcept;

  /// Replaces everything with the `rendered` payload of a join.
  absl::Status join(std::string_view rendered_json);
  /// Merges one diff, then renders (the client renders after every merge, and rendering
  /// resolves shared templates and applies stream operations). Where the real client would
  /// throw, returns `kInvalidArgument` and the model is no longer usable until the next join.
  absl::Status merge(std::string_view diff_json);
  /// The page as of the last join or merge. Components carry `data-phx-component` and
  /// `data-phx-view` on their root tag, as in the browser.
  const std::string& html() const { return html_; }
  /// Forgets components the client destroyed.
  void prune_components(std::span<const std::int32_t> cids);
  /// The `"t"` page title of the last diff that had one.
  const std::string& title() const { return title_; }

 private:
  struct state;
  absl::Status apply(std::string_view json, bool join);

  std::string view_id_;
  std::unique_ptr<state> state_;
  std::string html_;
  std::string title_;
};

}  // namespace livediff

#endif  // LIVEDIFF_TESTING_CLIENT_MODEL_H
