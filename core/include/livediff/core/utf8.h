// UTF-8 checks: what comes in is validated, and what goes out is made valid, so no byte a view
// or a client supplies can put invalid UTF-8 into a WebSocket text frame or a page.
#ifndef LIVEDIFF_CORE_UTF8_H
#define LIVEDIFF_CORE_UTF8_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace livediff {

/// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// The length of the well-formed UTF-8 sequence that starts at `p` (1 to 4), or 0 when the
/// bytes from `p` up to `end` do not start one. `p < end`.
std::size_t utf8_sequence_length(const char* p, const char* end);

/// Appends `s` with every byte that is not part of a well-formed sequence replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view s);

/// Whether every byte of `s` is ASCII (then it is valid UTF-8 too).
inline bool is_ascii(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t any = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    any |= w;
  }
  for (; n > 0; ++p, --n) any |= static_cast<unsigned char>(*p);
  return (any & 0x8080808080808080ULL) == 0;
}

/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

}  // namespace livediff

#endif  // LIVEDIFF_CORE_UTF8_H
