#include "page_effects.h"

#include "livediff/core/json.h"

namespace livediff::detail {

std::string PageEffects::take_extras() {
  // Members only: the diff encoder writes them into the object it opens itself.
  std::string out;
  if (title_) {
    out += "\"t\":";
    append_json_string(out, *title_);
    title_.reset();
  }
  if (!events_.empty()) {
    if (!out.empty()) out += ',';
    out += "\"e\":";
    std::string list;
    JsonWriter e(list);
    e.begin_array();
    for (auto& [name, payload] : events_) e.begin_array().string(name).raw(payload).end_array();
    e.end_array();
    out += list;
    events_.clear();
  }
  if (hook_reply_) {
    if (!out.empty()) out += ',';
    out += "\"r\":";
    out += *hook_reply_;
    hook_reply_.reset();
  }
  return out;
}

std::string PageEffects::navigation_json() const {
  std::string out;
  JsonWriter w(out);
  w.begin_object().member("to", nav.to);
  if (nav.what != Navigation::Kind::redirect) w.member("kind", nav.replace ? "replace" : "push");
  // The flash travels with live navigation: the client hands it to the next join.
  if (nav.what == Navigation::Kind::navigate && !flash.empty()) {
    w.key("flash").begin_object();
    for (const auto& [k, v] : flash) w.member(k, v);
    w.end_object();
  }
  w.end_object();
  return out;
}

std::string PageEffects::leave_response() const {
  std::string out;
  JsonWriter(out)
      .begin_object()
      .key(nav.what == Navigation::Kind::redirect ? "redirect" : "live_redirect")
      .raw(navigation_json())
      .end_object();
  return out;
}

}  // namespace livediff::detail
