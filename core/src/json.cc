#include "livediff/core/json.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "livediff/core/assert.h"
#include "livediff/core/utf8.h"

#include "json_buffer.h"

namespace livediff {
namespace {

// 0: copy; 1: needs a two-character escape or \u00XX.
constexpr std::array<unsigned char, 256> make_escape_table() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 1;
  t['"'] = 1;
  t['\\'] = 1;
  return t;
}
constexpr auto kEscape = make_escape_table();

// Whether any of the 8 bytes of `w` needs escaping (below 0x20, '"' or '\\'): the classic
// "has a zero byte" tests, exact as to whether one exists.
bool any_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t t =
      ((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
  return (t & kHighs) != 0;
}

// Writes the escape of `c` at `d`; returns the end.
[[gnu::noinline]] char* put_escaped(char* d, unsigned char c) {
  d[0] = '\\';
  switch (c) {
    case '"':
    case '\\':
      d[1] = static_cast<char>(c);
      return d + 2;
    case '\n':
      d[1] = 'n';
      return d + 2;
    case '\r':
      d[1] = 'r';
      return d + 2;
    case '\t':
      d[1] = 't';
      return d + 2;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      d[1] = 'u';
      d[2] = '0';
      d[3] = '0';
      d[4] = kHex[c >> 4];
      d[5] = kHex[c & 15];
      return d + 6;
    }
  }
}

// Writes `c` at `d`, escaped if JSON needs it; returns the end.
inline char* put(char* d, unsigned char c) {
  if (!kEscape[c]) [[likely]] {
    *d = static_cast<char>(c);
    return d + 1;
  }
  return put_escaped(d, c);
}

// An upper bound of the length of `s` escaped, quotes not included: a byte outside a
// well-formed UTF-8 sequence becomes the three bytes of U+FFFD.
std::size_t escaped_size(std::string_view s) {
  std::size_t n = s.size();
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (kEscape[c]) n += c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' ? 1 : 5;
    if (c >= 0x80) n += 2;
  }
  return n;
}

// Writes the byte or UTF-8 sequence at `*p` (advancing it) at `d`, escaped if JSON needs it
// and replaced by U+FFFD when it is not well-formed UTF-8; returns the end.
inline char* put_one(char* d, const char*& p, const char* end) {
  const auto c = static_cast<unsigned char>(*p);
  if (c < 0x80) {
    ++p;
    return put(d, c);
  }
  const std::size_t n = utf8_sequence_length(p, end);
  if (n == 0) [[unlikely]] {
    ++p;
    std::memcpy(d, kReplacementCharacter.data(), kReplacementCharacter.size());
    return d + kReplacementCharacter.size();
  }
  std::memcpy(d, p, n);
  p += n;
  return d + n;
}

// Writes `s` quoted and escaped at `d`, which has room for 2 + 6 * s.size() bytes (or for
// what escaped_size says); returns the end. Dynamics are mostly plain ASCII with a few quotes:
// 8 bytes at a time are copied where none needs escaping or checking.
char* write_json_string(char* d, std::string_view s) {
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  *d++ = '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (!any_escape(w) && (w & kHighs) == 0) {
      std::memcpy(d, p, 8);
      d += 8;
      p += 8;
      continue;
    }
    for (const char* stop = p + 8; p < stop;) d = put_one(d, p, end);
  }
  while (p != end) d = put_one(d, p, end);
  *d++ = '"';
  return d;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // A std::string fills what it grows by: size for the worst case only when that is small.
  constexpr std::size_t kShort = 256;
  const std::size_t room = s.size() <= kShort ? 6 * s.size() : escaped_size(s);
  const std::size_t old = out.size();
  out.resize(old + room + 2);
  char* end = write_json_string(out.data() + old, s);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

void detail::append_json_string(json_buffer& out, std::string_view s) {
  out.commit(write_json_string(out.tail(2 + 6 * s.size()), s));
}

}  // namespace livediff

namespace livediff {

void JsonWriter::before_value() {
  if (depth_ == 0) {
    LIVEDIFF_ASSERT(!wrote_);  // one top-level value
    wrote_ = true;
    return;
  }
  const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
  if (is_object_ & bit) {
    LIVEDIFF_ASSERT(after_key_);
    after_key_ = false;
    return;
  }
  if (has_items_ & bit) out_ += ',';
  has_items_ |= bit;
}

void JsonWriter::open(char c) {
  LIVEDIFF_ASSERT(depth_ < kMaxDepth);
  out_ += c;
  const std::uint64_t bit = std::uint64_t{1} << depth_;
  has_items_ &= ~bit;
  if (c == '{') {
    is_object_ |= bit;
  } else {
    is_object_ &= ~bit;
  }
  ++depth_;
}

void JsonWriter::close(char c, bool object) {
  LIVEDIFF_ASSERT(depth_ > 0);
  LIVEDIFF_ASSERT(((is_object_ >> (depth_ - 1)) & 1) == (object ? 1u : 0u));
  LIVEDIFF_ASSERT(!after_key_);
  --depth_;
  out_ += c;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  open('{');
  return *this;
}
JsonWriter& JsonWriter::end_object() {
  close('}', true);
  return *this;
}
JsonWriter& JsonWriter::begin_array() {
  before_value();
  open('[');
  return *this;
}
JsonWriter& JsonWriter::end_array() {
  close(']', false);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  LIVEDIFF_ASSERT(depth_ > 0 && ((is_object_ >> (depth_ - 1)) & 1) && !after_key_);
  const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
  if (has_items_ & bit) out_ += ',';
  has_items_ |= bit;
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  before_value();
  append_json_string(out_, value);
  return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
  before_value();
  char buf[24];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  before_value();
  if (!std::isfinite(value)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  LIVEDIFF_ASSERT(!json.empty());
  before_value();
  out_.append(json);
  return *this;
}

}  // namespace livediff
