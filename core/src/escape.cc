#include "livediff/core/escape.h"

namespace livediff {

namespace {
constexpr bool needs_escape(char c) {
  return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}
}  // namespace

void append_escaped_html(std::string& out, std::string_view text) {
  // Most dynamics need no escaping: find out with one scan and copy them whole.
  std::size_t first = 0;
  while (first < text.size() && !needs_escape(text[first])) ++first;
  if (first == text.size()) {
    out.append(text);
    return;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
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
        continue;
    }
    out.append(text.data() + start, i - start);
    out.append(rep);
    start = i + 1;
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
