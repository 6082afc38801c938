#include "livediff/core/utf8.h"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "livediff/core/escape.h"
#include "livediff/core/json.h"

namespace livediff {
namespace {

// The definition in the Unicode standard (table 3-7, well-formed byte sequences), written
// plainly, as the oracle for the validator.
std::size_t reference_length(std::string_view s) {
  auto b = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0x100u; };
  auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
  const unsigned c = b(0);
  if (c <= 0x7F) return 1;
  if (in(c, 0xC2, 0xDF)) return in(b(1), 0x80, 0xBF) ? 2 : 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (in(c, 0xE0, 0xEF)) return in(b(1), lo, hi) && in(b(2), 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (in(c, 0xF0, 0xF4)) {
    return in(b(1), lo, hi) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

TEST(Utf8, KnownSequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii, longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("h\xC3\xA9llo \xE2\x9C\x93 \xF0\x9F\x98\x80"));
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));               // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF\xFE"));                      // never in UTF-8
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));                      // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));                  // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));                  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));              // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));                   // truncated at the end
  EXPECT_FALSE(is_valid_utf8("\x80"));                          // a continuation alone
  EXPECT_FALSE(is_valid_utf8("12345678\xF8\x88\x80\x80\x80"));  // five bytes
}

// Every one- and two-byte string, and every three-byte string with a lead that starts
// longer sequences, checked against the standard's table at every offset of an ASCII run.
TEST(Utf8, SequenceLengthsMatchTheStandard) {
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      const char pair[2] = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(utf8_sequence_length(pair, pair + 2), reference_length({pair, 2})) << a << " " << b;
      ASSERT_EQ(utf8_sequence_length(pair, pair + 1), reference_length({pair, 1})) << a;
      if (a < 0xE0) continue;
      for (unsigned c : {0x00u, 0x7Fu, 0x80u, 0xBFu, 0xC0u}) {
        for (unsigned d : {0x00u, 0x80u, 0xBFu, 0xC0u}) {
          const char quad[4] = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                                static_cast<char>(d)};
          ASSERT_EQ(utf8_sequence_length(quad, quad + 4), reference_length({quad, 4}))
              << a << " " << b << " " << c << " " << d;
        }
      }
    }
  }
}

TEST(Utf8, AppendValidReplacesEachBadByte) {
  std::string out;
  append_valid_utf8(out, "ok \xC3\xA9 \xFF\xFE\xC3");
  EXPECT_EQ(out, "ok \xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(is_ascii("abc"));
  EXPECT_FALSE(is_ascii("ab\xC3\xA9"));
}

// Whatever bytes go in, the JSON encoder and the HTML escaper put out well-formed UTF-8, and
// leave valid input as it was.
TEST(Utf8, EncodersNeverEmitInvalidUtf8) {
  std::mt19937 rng(12);
  const char pieces[][5] = {
      "a",    "\"",   "<",        "\xC3\xA9",     "\xE2\x9C\x93", "\xF0\x9F\x98\x80",
      "\xFF", "\xC3", "\xE2\x9C", "\xED\xA0\x80", "\x80",         "\n"};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) s += pieces[rng() % std::size(pieces)];
    std::string json;
    append_json_string(json, s);
    ASSERT_TRUE(is_valid_utf8(json)) << json;
    rapidjson::Document d;
    d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
    ASSERT_FALSE(d.HasParseError()) << json;
    const std::string html = escape_html(s);
    ASSERT_TRUE(is_valid_utf8(html)) << html;
    std::string sanitized;
    append_valid_utf8(sanitized, s);
    ASSERT_TRUE(is_valid_utf8(sanitized));
    if (is_valid_utf8(s)) {
      ASSERT_EQ(sanitized, s);
      ASSERT_EQ(std::string_view(d.GetString(), d.GetStringLength()), s);
    }
  }
}

}  // namespace
}  // namespace livediff
