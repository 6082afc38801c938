// URLs and form data as views receive them: parsed with Boost.URL, percent-decoded, and checked
// to be UTF-8, so that no byte a client sends reaches a view undecoded or invalid.
#ifndef LIVEDIFF_VIEWS_URL_H
#define LIVEDIFF_VIEWS_URL_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "livediff/views/params.h"

namespace livediff {

/// Most fields a form or a query string may carry. A real form has tens; beyond this many a
/// request is an attack on memory.
inline constexpr std::size_t kMaxFormFields = 1024;

/// A URL split as routes and views need it.
struct Url {
  std::string path;                   ///< as sent, percent-encoded: `/chat/two%20words`
  std::vector<std::string> segments;  ///< decoded path segments: `{"chat", "two words"}`
  std::string query;                  ///< as sent, without the `?`
};

/// Parses an absolute URL (`http://host/path?q`, what the client joins with) or an origin-form
/// request target (`/path?q`). The characters browsers leave unescaped in a URL (`[`, `|`, ...)
/// are accepted as if escaped. kInvalidArgument for anything else that is not a URL, and for a
/// path segment that does not decode to UTF-8.
absl::StatusOr<Url> parse_url(std::string_view text);

/// Decodes `application/x-www-form-urlencoded` data (a query string, a form event's value) into
/// `out`, later fields winning. kInvalidArgument for a malformed escape or a name or value that
/// is not UTF-8, kResourceExhausted beyond kMaxFormFields; `out` is unchanged on error.
absl::Status decode_form(std::string_view data, Params& out);
absl::StatusOr<Params> decode_form(std::string_view data);

/// Encodes `params` as form data, the inverse of decode_form.
std::string encode_form(const Params& params);

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_URL_H
