#include "livediff/core/escape.h"

#include <random>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "livediff/core/json.h"

namespace livediff {
namespace {

TEST(EscapeHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST(EscapeHtml, LeavesPlainTextAndUtf8Alone) {
  EXPECT_EQ(escape_html("héllo wörld ✓"), "héllo wörld ✓");
  EXPECT_EQ(escape_html(""), "");
}

TEST(EscapeHtml, EscapedTextIsNotEscapedAgainWhenAppended) {
  std::string out = "<b>";
  append_escaped_html(out, "a&b");
  EXPECT_EQ(out, "<b>a&amp;b");
}

// The escaper looks for special bytes 8 at a time: every byte value at every position of
// strings of lengths around that stride must be escaped as a byte-at-a-time escaper would.
TEST(EscapeHtml, EveryByteAtEveryPositionIsEscapedAsByteByByte) {
  auto reference = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          // A lone non-ASCII byte is not UTF-8.
          if (static_cast<unsigned char>(c) >= 0x80) {
            out += "\xEF\xBF\xBD";
          } else {
            out += c;
          }
      }
    }
    return out;
  };
  for (int value = 0; value < 256; ++value) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string s(length, 'q');
        s[at] = static_cast<char>(value);
        if (at + 1 < length && value % 3 == 0) s[length - 1] = '<';  // and a second one later
        ASSERT_EQ(escape_html(s), reference(s)) << "byte " << value << " at " << at;
      }
    }
  }
}

TEST(EscapeHtml, ReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(escape_html("a\xFF\xFE<b"), "a\xEF\xBF\xBD\xEF\xBF\xBD&lt;b");
  EXPECT_EQ(escape_html("caf\xC3"), "caf\xEF\xBF\xBD");  // truncated at the end
  EXPECT_EQ(escape_html("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

TEST(JsonString, ReplacesBytesThatAreNotUtf8) {
  std::string out;
  append_json_string(out, "title \xFF\xFE");
  EXPECT_EQ(out, "\"title \xEF\xBF\xBD\xEF\xBF\xBD\"");
  out.clear();
  append_json_string(out, "\xED\xA0\x80");  // a UTF-16 surrogate, not a character
  EXPECT_EQ(out, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonString, EscapesControlCharactersQuotesAndBackslashes) {
  std::string out;
  append_json_string(out, std::string_view("a\"b\\c\nd\x01\t", 9));
  EXPECT_EQ(out, R"("a\"b\\c\nd\u0001\t")");
}

// The encoder skips runs of plain bytes several at a time: every byte value, at every position
// of strings of every length around that stride, must still come back as it went in.
TEST(JsonString, EveryByteAtEveryPositionRoundTripsThroughAJsonParser) {
  std::mt19937 rng(7);
  for (int value = 0; value < 256; ++value) {
    for (std::size_t length = 1; length <= 20; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string s(length, 'x');
        for (char& c : s) c = static_cast<char>('a' + rng() % 26);
        s[at] = static_cast<char>(value);
        if (value >= 0x80) s[at] = static_cast<char>(0xc3), s.insert(at + 1, 1, '\xa9');  // é
        std::string out = "x";
        append_json_string(out, s);
        ASSERT_EQ(out[0], 'x');
        rapidjson::Document d;
        d.Parse(out.data() + 1, out.size() - 1);
        ASSERT_FALSE(d.HasParseError()) << "byte " << value << " at " << at << ": " << out;
        ASSERT_TRUE(d.IsString());
        ASSERT_EQ(std::string_view(d.GetString(), d.GetStringLength()), s)
            << "byte " << value << " at " << at;
        // Only what JSON requires is escaped: the rest is copied as is.
        const bool escaped = value < 0x20 || value == '"' || value == '\\';
        ASSERT_EQ(
            out.size(),
            1 + 2 + s.size()
                + (escaped
                       ? (value < 0x20 && value != '\n' && value != '\r' && value != '\t' ? 5 : 1)
                       : 0));
      }
    }
  }
}

}  // namespace
}  // namespace livediff
