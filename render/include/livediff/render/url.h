// Checks for values that reach HTML attributes from untrusted data: URLs and attribute names.
#ifndef LIVEDIFF_RENDER_URL_H
#define LIVEDIFF_RENDER_URL_H

#include <string_view>

namespace livediff {

/// What a refused URL renders as: a link to the top of the page, which runs nothing.
inline constexpr std::string_view unsafe_url_replacement = "#";

/// Whether attribute `name` holds a URL (href, src, action, formaction, poster, ...), so that
/// templates check its dynamic values with `is_safe_url`.
bool is_url_attribute(std::string_view name);

/// False for URLs a browser would run as script: `javascript:` and `vbscript:`, and `data:`
/// except raster images (`data:image/png`, ...; SVG can carry script). Schemes are matched as
/// browsers parse them: case-insensitively, after leading whitespace and control characters,
/// ignoring tabs and newlines inside the scheme. Relative URLs and other schemes are safe.
bool is_safe_url(std::string_view url);

/// Whether `name` is safe to write as an attribute name: ASCII letters, digits and `-_:.@`,
/// starting with a letter, `_`, `:` or `@`. Spread attributes with other names, and event
/// handlers (`on*`), are dropped.
bool is_valid_attribute_name(std::string_view name);

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_URL_H
