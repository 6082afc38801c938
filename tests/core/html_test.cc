#include "livediff/core/html.h"

#include <gtest/gtest.h>

#include "status_matchers.h"
#include "workloads.h"

namespace livediff {
namespace {

using testing::IsOk;
using testing::StatusIs;

TEST(RenderHtml, InterleavesStaticsAndDynamics) {
  Rendered r;
  workloads::render_counter(r, 42);
  std::string html;
  ASSERT_THAT(render_html(r, html), IsOk());
  EXPECT_NE(html.find("<span class=\"value\">42</span>"), std::string::npos);
}

TEST(RenderHtml, FormatsNumbersLikeLiveView) {
  static const Statics s{"<p>", "|", "|", "</p>"};
  Rendered r;
  r.root(s).text(0, 41.0).text(1, 57.7).text(2, std::int64_t{-3});
  std::string html;
  ASSERT_THAT(render_html(r, html), IsOk());
  EXPECT_EQ(html, "<p>41.0|57.7|-3</p>");
}

TEST(RenderHtml, DynamicAttributesEscapeTheirValue) {
  static const Statics s{"<a", ">x</a>"};
  Rendered r;
  r.root(s).attr(0, "title", "say \"hi\" & <go>");
  std::string html;
  ASSERT_THAT(render_html(r, html), IsOk());
  EXPECT_EQ(html, "<a title=\"say &quot;hi&quot; &amp; &lt;go&gt;\">x</a>");
}

TEST(RenderHtml, ComponentsGetClientAttributesOnRequest) {
  static const Statics page{"<main>", "</main>"};
  static const Statics card{"<div class=\"c\">", "</div>"};
  Rendered r;
  r.root(page).component(0, 3);
  r.component(3, card).text(0, "x");
  std::string plain, marked;
  ASSERT_THAT(render_html(r, plain), IsOk());
  ASSERT_THAT(render_html(r, marked, {.view_id = "phx-1"}), IsOk());
  EXPECT_EQ(plain, "<main><div class=\"c\">x</div></main>");
  EXPECT_EQ(
      marked,
      "<main><div data-phx-component=\"3\" data-phx-view=\"phx-1\" class=\"c\">x</div></main>");
}

TEST(RenderHtml, MissingComponentIsAnError) {
  static const Statics page{"<main>", "</main>"};
  Rendered r;
  r.root(page).component(0, 9);
  std::string html;
  EXPECT_THAT(render_html(r, html), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RenderHtml, UnchangedSlotHasNoHtml) {
  static const Statics page{"<main>", "</main>"};
  Rendered r;
  r.root(page).unchanged(0);
  std::string html;
  EXPECT_THAT(render_html(r, html), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RenderHtml, EmptySlotsRenderAsNothing) {
  static const Statics page{"<main>", "</main>"};
  Rendered r;
  r.root(page);
  std::string html;
  ASSERT_THAT(render_html(r, html), IsOk());
  EXPECT_EQ(html, "<main></main>");
}

}  // namespace
}  // namespace livediff
