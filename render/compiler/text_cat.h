// String concatenation and whitespace helpers for the template compiler. Debian's Abseil has its
// own string_view, which absl::StrCat takes instead of std::string_view; the compiler works in
// std::string_view.
#ifndef LIVEDIFF_RENDER_COMPILER_TEXT_CAT_H
#define LIVEDIFF_RENDER_COMPILER_TEXT_CAT_H

#include <algorithm>
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

/// HTML and C++ whitespace alike.
inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
inline bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_space);
}
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
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
