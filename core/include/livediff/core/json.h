// Small JSON output helpers shared by the diff encoder and its users.
#ifndef LIVEDIFF_CORE_JSON_H
#define LIVEDIFF_CORE_JSON_H

#include <string>
#include <string_view>

namespace livediff {

/// Appends `s` as a JSON string literal (quotes included). Bytes >= 0x80 pass through, so
/// UTF-8 stays UTF-8.
void append_json_string(std::string& out, std::string_view s);

}  // namespace livediff

#endif  // LIVEDIFF_CORE_JSON_H
