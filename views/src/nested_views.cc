#include "nested_views.h"

#include "livediff/core/escape.h"
#include "livediff/views/wire.h"

namespace livediff::detail {

std::string NestedViews::place(const NestedView& nested, std::string_view parent_id,
                               const ViewFactory& factory, Runtime& runtime) {
  const std::string name = nested.name.empty() ? nested.id : nested.name;
  std::string token;
  {
    absl::MutexLock lock(&mu_);
    Entry& child = children_[nested.id];
    if (child.token.empty() || child.join.name != name) {
      wire::Claims claims{name, nested.id, {}, std::string(parent_id)};
      const std::string json = wire::write_claims(claims);
      child.token = runtime.sign_token ? runtime.sign_token(json) : json;
      child.join = NestedJoin{name, factory, nested.session};
    }
    token = child.token;
  }
  return nested_container(nested, parent_id, token, {});
}

std::optional<NestedJoin> NestedViews::find(std::string_view id) const {
  absl::MutexLock lock(&mu_);
  auto it = children_.find(absl::string_view(id.data(), id.size()));
  if (it == children_.end()) return std::nullopt;
  return it->second.join;
}

void NestedViews::clear() {
  absl::MutexLock lock(&mu_);
  children_.clear();
}

bool valid_container_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 32) return false;
  for (char c : tag) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

std::string nested_container(const NestedView& nested, std::string_view parent_id,
                             std::string_view token, std::string_view inner) {
  std::string out = "<" + nested.tag + " id=\"";
  append_escaped_html(out, nested.id);
  out += "\"";
  if (!nested.class_name.empty()) {
    out += " class=\"";
    append_escaped_html(out, nested.class_name);
    out += '"';
  }
  out += " data-phx-session=\"";
  append_escaped_html(out, token);
  out += "\" data-phx-static=\"\" data-phx-parent-id=\"";
  append_escaped_html(out, parent_id);
  out += "\">";
  out += inner;
  out += "</" + nested.tag + ">";
  return out;
}

}  // namespace livediff::detail
