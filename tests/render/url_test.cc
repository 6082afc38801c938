#include "livediff/render/url.h"

#include <string>

#include <gtest/gtest.h>

#include "livediff/core/html.h"

#include "constructs.heex.h"

namespace livediff {
namespace {

TEST(SafeUrl, RefusesScriptSchemesAsBrowsersParseThem) {
  for (std::string url :
       {"javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:x", " javascript:x",
        "\t\n javascript:x", "\x01\x1fjavascript:x", "java\tscript:x", "java\nscript:x",
        "jav\rascript:x", "vbscript:msgbox(1)", "data:text/html,<script>x</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml,<svg/>", "data:,x"}) {
    EXPECT_FALSE(is_safe_url(url)) << url;
  }
}

TEST(SafeUrl, AcceptsOrdinaryUrls) {
  for (std::string url :
       {"", "/", "/path?q=javascript:x", "#javascript:x", "?a=b", "relative/javascript:x",
        "https://example.com/", "HTTP://x", "mailto:a@b.c", "tel:+123",
        "data:image/png;base64,iVBORw0KGgo=", "javascript", "./javascript:x", "a b:c"}) {
    EXPECT_TRUE(is_safe_url(url)) << url;
  }
}

TEST(UrlAttribute, KnowsWhichAttributesHoldUrls) {
  EXPECT_TRUE(is_url_attribute("href"));
  EXPECT_TRUE(is_url_attribute("HREF"));
  EXPECT_TRUE(is_url_attribute("src"));
  EXPECT_TRUE(is_url_attribute("formaction"));
  EXPECT_TRUE(is_url_attribute("xlink:href"));
  EXPECT_FALSE(is_url_attribute("title"));
  EXPECT_FALSE(is_url_attribute("hre"));
  EXPECT_FALSE(is_url_attribute("data-href"));
}

TEST(AttributeName, AcceptsOnlyNamesThatCannotBreakOutOfTheTag) {
  for (std::string name : {"id", "data-x", "aria-label", "phx-value-id", "xlink:href", "@click",
                           "_x", ":foo", "a.b"}) {
    EXPECT_TRUE(is_valid_attribute_name(name)) << name;
  }
  for (std::string name : {"", "a b", "a\"b", "a=b", "a>b", "a/b", "1a", "-a", "a'b", "a\tb"}) {
    EXPECT_FALSE(is_valid_attribute_name(name)) << name;
  }
}

// The same checks through a template: dynamic href and src values that would run script
// render as "#"; others are escaped.
TEST(TemplateUrl, DynamicUrlAttributesRefuseScript) {
  templates::text_and_attributes::assigns a;
  a.set_url("  JaVaScRiPt:alert(document.cookie)");
  Rendered r;
  templates::text_and_attributes::render(r, a);
  std::string html;
  ASSERT_TRUE(render_html(r, html).ok());
  EXPECT_NE(html.find("<a href=\"#\">link</a><img src=\"#\"/>"), std::string::npos) << html;

  a.set_url("/search?q=\"x\"&y=<z>");
  templates::text_and_attributes::render(r, a);
  html.clear();
  ASSERT_TRUE(render_html(r, html).ok());
  EXPECT_NE(html.find("<a href=\"/search?q=&quot;x&quot;&amp;y=&lt;z&gt;\">"), std::string::npos)
      << html;
}

}  // namespace
}  // namespace livediff
