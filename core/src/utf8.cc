#include "livediff/core/utf8.h"

#include <cstdint>
#include <cstring>

#include <rapidjson/encodings.h>

namespace livediff {
namespace {

// RapidJSON's validator reads through a stream; this one reads '\0' past the end, which no
// sequence continues with, so a truncated sequence fails instead of reading beyond `end`.
struct bounded_stream {
  using Ch = char;
  const char* p;
  const char* end;
  Ch Peek() const { return p < end ? *p : '\0'; }
  Ch Take() { return p < end ? *p++ : '\0'; }
};

struct discard {
  void Put(char) {}
};

bool has_high_bit(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ULL) != 0;
}

}  // namespace

std::size_t utf8_sequence_length(const char* p, const char* end) {
  if (static_cast<unsigned char>(*p) < 0x80) return 1;
  bounded_stream in{p, end};
  discard out;
  if (!rapidjson::UTF8<char>::Validate(in, out)) return 0;
  return static_cast<std::size_t>(in.p - p);
}

bool is_valid_utf8(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p != end) {
    if (end - p >= 8 && !has_high_bit(p)) {
      p += 8;
      continue;
    }
    const std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

void append_valid_utf8(std::string& out, std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;  // start of the valid bytes not yet copied
  while (p != end) {
    if (end - p >= 8 && !has_high_bit(p)) {
      p += 8;
      continue;
    }
    const std::size_t n = utf8_sequence_length(p, end);
    if (n != 0) {
      p += n;
      continue;
    }
    out.append(run, p);
    out.append(kReplacementCharacter);
    run = ++p;
  }
  out.append(run, end);
}

}  // namespace livediff
