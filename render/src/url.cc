#include "livediff/render/url.h"

#include <algorithm>
#include <array>
#include <string>

namespace livediff {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The URL parser removes these anywhere before it looks at the scheme ("java\tscript:").
bool is_ignored_in_url(char c) {
  return c == '\t' || c == '\n' || c == '\r';
}

bool starts_with_lower(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_url_attribute(std::string_view name) {
  static constexpr std::array<std::string_view, 13> kUrlAttributes = {
      "action", "background", "cite",   "codebase", "formaction", "href",      "longdesc",
      "lowsrc", "manifest",   "poster", "src",      "srcset",     "xlink:href"};
  return std::any_of(kUrlAttributes.begin(), kUrlAttributes.end(), [name](std::string_view a) {
    return a.size() == name.size() && starts_with_lower(name, a);
  });
}

bool is_safe_url(std::string_view url) {
  // Browsers strip leading C0 controls and spaces ("\x01 javascript:..." still runs).
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  std::string scheme;
  for (; i < url.size(); ++i) {
    const char c = url[i];
    if (is_ignored_in_url(c)) continue;
    if (c == ':') break;
    const bool scheme_char =
        is_alpha(c) || (!scheme.empty() && (is_digit(c) || c == '+' || c == '-' || c == '.'));
    if (!scheme_char) return true;  // a relative URL: "/a:b", "?x=javascript:", "#top"
    scheme += lower(c);
  }
  if (i == url.size()) return true;  // no scheme at all
  if (scheme == "javascript" || scheme == "vbscript") return false;
  if (scheme != "data") return true;
  std::string rest;
  for (++i; i < url.size() && rest.size() < 16; ++i) {
    if (!is_ignored_in_url(url[i])) rest += url[i];
  }
  while (!rest.empty() && static_cast<unsigned char>(rest.front()) <= 0x20) rest.erase(0, 1);
  return starts_with_lower(rest, "image/") && !starts_with_lower(rest, "image/svg");
}

bool is_valid_attribute_name(std::string_view name) {
  if (name.empty()) return false;
  const char first = name.front();
  if (!is_alpha(first) && first != '_' && first != ':' && first != '@') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == ':' || c == '.' || c == '@';
  });
}

}  // namespace livediff
