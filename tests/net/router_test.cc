#include "livediff/net/router.h"

#include <gtest/gtest.h>

namespace livediff::net {
namespace {

struct Blank : View {
  void render(RenderContext& ctx) override {
    static const Statics s{"<p></p>"};
    ctx.root(s);
  }
};

Url url(std::string_view text) {
  absl::StatusOr<Url> u = parse_url(text);
  EXPECT_TRUE(u.ok()) << text;
  return u.value_or(Url{});
}

TEST(MatchPattern, MatchesSegmentsParametersAndRests) {
  Params p;
  EXPECT_TRUE(match_pattern("/", url("/").segments, p));
  EXPECT_TRUE(match_pattern("/posts/:id", url("/posts/12").segments, p));
  EXPECT_EQ(p.at("id"), "12");
  EXPECT_FALSE(match_pattern("/posts/:id", url("/posts").segments, p));
  EXPECT_FALSE(match_pattern("/posts/:id", url("/posts/").segments, p));
  EXPECT_FALSE(match_pattern("/posts/:id", url("/posts/1/2").segments, p));
  EXPECT_FALSE(match_pattern("/posts", url("/").segments, p));
  EXPECT_TRUE(match_pattern("/files/*path", url("/files/a/b%20c").segments, p));
  EXPECT_EQ(p.at("path"), "a/b c");
}

TEST(MatchPattern, ParametersAreDecodedAndASlashInOneStaysInIt) {
  Params p;
  EXPECT_TRUE(match_pattern("/chat/:room", url("/chat/two%2Fwords%20here").segments, p));
  EXPECT_EQ(p.at("room"), "two/words here");
}

TEST(Router, FirstMatchingRouteWins) {
  Router r;
  r.live("/posts/new", "new", [] { return std::make_unique<Blank>(); });
  r.live("/posts/:id", "show", [] { return std::make_unique<Blank>(); });
  r.get("/health", [](const HttpRequest&) { return HttpResponse{}; });
  EXPECT_EQ(r.match_live(url("/posts/new"))->route->name, "new");
  auto show = r.match_live(url("http://h/posts/7?x=1"));
  ASSERT_TRUE(show.has_value());
  EXPECT_EQ(show->route->name, "show");
  EXPECT_EQ(show->params, (Params{{"id", "7"}}));  // path parameters only
  EXPECT_FALSE(r.match_live(url("/health")).has_value());
  EXPECT_TRUE(r.match_get(url("/health")).has_value());
  EXPECT_FALSE(r.match_get(url("/posts/7")).has_value());
}

TEST(DefaultLayout, EscapesTheTitleAndLoadsTheBundle) {
  Page p;
  p.title = "<b>&";
  p.csrf_token = "tok\"en";
  p.container = "<div id=\"x\"></div>";
  const std::string html = default_layout(p);
  EXPECT_NE(html.find("<title>&lt;b&gt;&amp;</title>"), std::string::npos);
  EXPECT_NE(html.find("content=\"tok&quot;en\""), std::string::npos);
  EXPECT_NE(html.find("/assets/app.js"), std::string::npos);
  EXPECT_NE(html.find(p.container), std::string::npos);
}

}  // namespace
}  // namespace livediff::net
