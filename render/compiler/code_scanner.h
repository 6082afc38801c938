// Walks C++ source text, skipping string and character literals and comments, so the template
// compiler can find braces, colons and @assigns that belong to the code itself.
#ifndef LIVEDIFF_RENDER_COMPILER_CODE_SCANNER_H
#define LIVEDIFF_RENDER_COMPILER_CODE_SCANNER_H

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace livediff {
namespace detail {

inline bool is_code_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Whether the quote at `i` is a digit separator (1'000'000) rather than a character literal:
// the token before it is a number.
inline bool is_digit_separator(std::string_view code, std::size_t i) {
  std::size_t start = i;
  while (start > 0
         && (is_code_ident_char(code[start - 1]) || code[start - 1] == '\''
             || code[start - 1] == '.')) {
    --start;
  }
  return start < i && std::isdigit(static_cast<unsigned char>(code[start])) != 0
         && !(i >= 2 && code[i - 1] == '8' && code[i - 2] == 'u');
}

}  // namespace detail

/// Calls `f(index, c)` for each character of `code` outside literals and comments, until it
/// returns false; returns that index, or npos when the walk ran off the end (also for an
/// unterminated literal or comment).
template <class F>
std::size_t scan_code(std::string_view code, F&& f) {
  constexpr std::size_t npos = std::string_view::npos;
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    const char next = i + 1 < code.size() ? code[i + 1] : '\0';
    if (c == '"') {
      if (i > 0 && code[i - 1] == 'R') {
        const std::size_t paren = code.find('(', i + 1);
        if (paren == npos) return npos;
        const std::string close = ")" + std::string(code.substr(i + 1, paren - i - 1)) + "\"";
        const std::size_t end = code.find(close, paren + 1);
        if (end == npos) return npos;
        i = end + close.size();
        continue;
      }
      for (++i; i < code.size() && code[i] != '"'; ++i) {
        if (code[i] == '\\') ++i;
      }
      if (i >= code.size()) return npos;
      ++i;
      continue;
    }
    if (c == '\'' && !detail::is_digit_separator(code, i)) {
      for (++i; i < code.size() && code[i] != '\''; ++i) {
        if (code[i] == '\\') ++i;
      }
      if (i >= code.size()) return npos;
      ++i;
      continue;
    }
    if (c == '/' && next == '/') {
      i = code.find('\n', i);
      if (i == npos) return npos;
      continue;
    }
    if (c == '/' && next == '*') {
      const std::size_t end = code.find("*/", i + 2);
      if (end == npos) return npos;
      i = end + 2;
      continue;
    }
    if (!f(i, c)) return i;
    ++i;
  }
  return npos;
}

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_COMPILER_CODE_SCANNER_H
