#include "livediff/core/escape.h"

#include <array>

#include "livediff/core/utf8.h"

namespace livediff {

namespace {
// Bytes that need a look: the five HTML escapes, and every non-ASCII byte, which must be part
// of a well-formed UTF-8 sequence. A table: one load per byte in the scan of every dynamic.
constexpr std::array<bool, 256> make_look_table() {
  std::array<bool, 256> t{};
  for (unsigned char c : {'&', '<', '>', '"', '\''}) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}
constexpr auto kLook = make_look_table();
inline bool needs_look(char c) {
  return kLook[static_cast<unsigned char>(c)];
}
}  // namespace

void append_escaped_html(std::string& out, std::string_view text) {
  // Most dynamics are plain ASCII with nothing to escape: find out with one scan, copy whole.
  std::size_t first = 0;
  while (first < text.size() && !needs_look(text[first])) ++first;
  if (first == text.size()) {
    out.append(text);
    return;
  }
  const char* const end = text.data() + text.size();
  std::size_t start = 0;
  for (std::size_t i = first; i < text.size();) {
    std::string_view rep;
    switch (text[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = "&quot;";
        break;
      case '\'':
        rep = "&#39;";
        break;
      default:
        if ((text[i] & 0x80) == 0) {
          ++i;
          continue;
        }
        if (std::size_t n = utf8_sequence_length(text.data() + i, end); n != 0) {
          i += n;
          continue;
        }
        rep = kReplacementCharacter;
    }
    out.append(text.data() + start, i - start);
    out.append(rep);
    start = ++i;
  }
  out.append(text.data() + start, text.size() - start);
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped_html(out, text);
  return out;
}

}  // namespace livediff
