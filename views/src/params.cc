#include "livediff/views/params.h"

namespace livediff {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0
               && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'
        || u == '_' || u == '.' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

void parse_query(std::string_view query, Params& out) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
    out.insert_or_assign(std::move(key), std::move(value));
  }
}

Params parse_query(std::string_view query) {
  Params p;
  parse_query(query, p);
  return p;
}

url_parts split_url(std::string_view url) {
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    std::size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view("/") : url.substr(path);
  }
  if (std::size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  std::size_t q = url.find('?');
  url_parts parts;
  parts.path = std::string(url.substr(0, q));
  if (parts.path.empty()) parts.path.assign(1, '/');
  if (q != std::string_view::npos) parts.query = std::string(url.substr(q + 1));
  return parts;
}

}  // namespace livediff
