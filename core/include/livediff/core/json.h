// Small JSON output helpers shared by the diff encoder and its users.
#ifndef LIVEDIFF_CORE_JSON_H
#define LIVEDIFF_CORE_JSON_H

#include <string>
#include <string_view>

namespace livediff {

/// Appends `s` as a JSON string literal (quotes included). Well-formed UTF-8 passes through;
/// a byte that is not part of a well-formed sequence becomes U+FFFD, so the output is always
/// valid UTF-8 (a WebSocket text frame with invalid UTF-8 makes the browser drop the socket).
void append_json_string(std::string& out, std::string_view s);

}  // namespace livediff

#endif  // LIVEDIFF_CORE_JSON_H
