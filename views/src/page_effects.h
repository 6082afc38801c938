// PageEffects: what a view's callbacks ask of the page besides their own state (navigation,
// flash, title, pushed events, the hook reply), kept until the reply or diff that carries it.
#ifndef LIVEDIFF_VIEWS_SRC_PAGE_EFFECTS_H
#define LIVEDIFF_VIEWS_SRC_PAGE_EFFECTS_H

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "livediff/views/params.h"

namespace livediff::detail {

struct Navigation {
  enum class Kind { none, patch, navigate, redirect };
  Kind what = Kind::none;
  std::string to;
  bool replace = false;

  bool leaves() const { return what == Kind::navigate || what == Kind::redirect; }
};

class PageEffects {
 public:
  Navigation nav;
  Params flash;

  void set_title(std::string title) { title_ = std::move(title); }
  const std::optional<std::string>& title() const { return title_; }
  /// `payload_json` must be JSON written by the library (see wire::normalize_json).
  void push_event(std::string name, std::string payload_json) {
    events_.emplace_back(std::move(name), std::move(payload_json));
  }
  void set_hook_reply(std::string json) { hook_reply_ = std::move(json); }

  /// The diff's top-level extras as members without braces (`"t":…,"e":[…],"r":…`), or empty;
  /// clears them.
  std::string take_extras();
  /// `{"to":…,"kind":…}` for `nav`, with the flash when it navigates to another view.
  std::string navigation_json() const;
  /// The refusal of a join whose mount navigated away: `{"redirect":{…}}` or
  /// `{"live_redirect":{…}}`.
  std::string leave_response() const;

 private:
  std::optional<std::string> title_;
  std::vector<std::pair<std::string, std::string>> events_;
  std::optional<std::string> hook_reply_;
};

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_PAGE_EFFECTS_H
