// Params: string parameters from URLs, forms and events, with URL decoding.
#ifndef LIVEDIFF_VIEWS_PARAMS_H
#define LIVEDIFF_VIEWS_PARAMS_H

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace livediff {

/// Parameters by name: path parameters, the query string, `phx-value-*` values, form fields
/// (flat names such as `user[email]`). Ordered, with lookups by string_view.
using Params = std::map<std::string, std::string, std::less<>>;

/// Decodes `application/x-www-form-urlencoded` data (`a=1&b=x+y%21`) into `out`, later keys
/// winning. Malformed escapes are kept literally, as browsers do.
void parse_query(std::string_view query, Params& out);
Params parse_query(std::string_view query);

/// Percent-decodes `s`; `plus_is_space` for form data.
std::string url_decode(std::string_view s, bool plus_is_space = true);
/// Percent-encodes everything but unreserved characters.
std::string url_encode(std::string_view s);

/// The parts of a URL or path a view needs: path and query, without scheme and host.
struct url_parts {
  std::string path;
  std::string query;
};
url_parts split_url(std::string_view url);

/// Returns the value of `name`, if present.
inline std::optional<std::string_view> param(const Params& p, std::string_view name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_PARAMS_H
