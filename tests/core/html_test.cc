#include "livediff/core/html.h"

#include <charconv>
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "livediff/testing/status_matchers.h"
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

// Doubles with few decimals take a shortcut: it must write exactly what std::to_chars writes
// (the shortest text that reads back), with ".0" on whole numbers, for every value.
TEST(RenderHtml, DoublesAreWrittenAsToCharsWritesThem) {
  static const Statics s{"<p>", "</p>"};
  auto expected = [](double v) {
    char buf[64];
    char* end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    std::string out = "<p>" + std::string(buf, end);
    if (out.find_first_of(".eEn", 3) == std::string::npos) out += ".0";
    return out + "</p>";
  };
  Rendered r;
  std::string html;
  auto check = [&](double v) {
    r.root(s).text(0, v);
    html.clear();
    ASSERT_THAT(render_html(r, html), IsOk());
    ASSERT_EQ(html, expected(v)) << "value " << v;
  };
  for (double scale : {1.0, 10.0, 100.0, 1000.0, 10000.0, 1e5, 1e6}) {
    for (std::int64_t k = 0; k < 200000; k += (k < 2000 ? 1 : 7)) {
      check(static_cast<double>(k) / scale);
      check(-static_cast<double>(k) / scale);
    }
  }
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> near(-2e5, 2e5);
  for (int i = 0; i < 200000; ++i) {
    check(near(rng));
    std::uint64_t bits = rng();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    if (any == any) check(any);  // NaN payloads print alike; skip them
  }
  for (double v : {0.001, 0.0015, 0.0001, 99999.999, 100000.0, 1e-3 - 1e-19, 0.1 + 0.2, 1.0 / 3,
                   -0.0, 4503599627370497.0})
    check(v);
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
