#include "livediff/core/escape.h"

#include <gtest/gtest.h>

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

TEST(JsonString, EscapesControlCharactersQuotesAndBackslashes) {
  std::string out;
  append_json_string(out, std::string_view("a\"b\\c\nd\x01\t", 9));
  EXPECT_EQ(out, R"("a\"b\\c\nd\u0001\t")");
}

}  // namespace
}  // namespace livediff
