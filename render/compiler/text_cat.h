// String concatenation for the template compiler. Debian's Abseil has its own string_view,
// which absl::StrCat takes instead of std::string_view; the compiler works in std::string_view.
#ifndef LIVEDIFF_RENDER_COMPILER_TEXT_CAT_H
#define LIVEDIFF_RENDER_COMPILER_TEXT_CAT_H

#include <concepts>
#include <string>
#include <string_view>

namespace livediff::detail {

inline void append_one(std::string& out, std::string_view s) {
  out.append(s);
}
inline void append_one(std::string& out, char c) {
  out += c;
}
template <class T>
requires std::integral<T> &&(!std::same_as<T, char>)&&(!std::same_as<T, bool>)void append_one(
    std::string& out, T v) {
  out += std::to_string(v);
}

}  // namespace livediff::detail

namespace livediff {

/// Appends each piece (strings, characters, integers) to `out`.
template <class... Args>
void append_to(std::string& out, const Args&... args) {
  (detail::append_one(out, args), ...);
}

/// The pieces (strings, characters, integers) joined.
template <class... Args>
std::string cat(const Args&... args) {
  std::string out;
  append_to(out, args...);
  return out;
}

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_COMPILER_TEXT_CAT_H
