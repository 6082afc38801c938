// HTML escaping of text and attribute values.
#ifndef LIVEDIFF_CORE_ESCAPE_H
#define LIVEDIFF_CORE_ESCAPE_H

#include <string>
#include <string_view>

namespace livediff {

/// Appends `text` to `out` with & < > " ' escaped, which is safe both in element content and in
/// a double- or single-quoted attribute value (the escaping of Phoenix.HTML). A byte that is not
/// part of well-formed UTF-8 becomes U+FFFD.
void append_escaped_html(std::string& out, std::string_view text);

/// Returns `text` HTML-escaped.
std::string escape_html(std::string_view text);

}  // namespace livediff

#endif  // LIVEDIFF_CORE_ESCAPE_H
