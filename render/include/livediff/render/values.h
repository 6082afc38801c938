// Values templates render specially: trusted markup and attribute lists.
#ifndef LIVEDIFF_RENDER_VALUES_H
#define LIVEDIFF_RENDER_VALUES_H

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace livediff {

/// Markup the application vouches for, written without escaping: `{raw(html)}` in a template.
/// Lifetime: borrows the text; use it within the expression that renders it.
struct raw_html {
  std::string_view html;
};

/// Marks `trusted` as markup to output as is. The only way a template writes unescaped text.
constexpr raw_html raw(std::string_view trusted) {
  return raw_html{trusted};
}

/// Attributes spread onto a tag with `<div {@attrs}>`. Any range of pairs works (a name
/// convertible to std::string_view, and a value a dynamic attribute accepts); this is the usual.
using attribute_list = std::vector<std::pair<std::string, std::string>>;

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_VALUES_H
