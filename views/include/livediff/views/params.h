// Params: string parameters from URLs, forms and events.
#ifndef LIVEDIFF_VIEWS_PARAMS_H
#define LIVEDIFF_VIEWS_PARAMS_H

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace livediff {

/// Parameters by name: path parameters, the query string, `phx-value-*` values, form fields
/// (flat names such as `user[email]`). Ordered, with lookups by string_view. Values that came
/// from a client are decoded and valid UTF-8 (see url.h).
using Params = std::map<std::string, std::string, std::less<>>;

/// Returns the value of `name`, if present.
inline std::optional<std::string_view> param(const Params& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_PARAMS_H
