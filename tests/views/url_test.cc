#include "livediff/views/url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/status_matchers.h"

namespace livediff {
namespace {

using livediff::testing::IsOk;
using livediff::testing::StatusIs;
using ::testing::ElementsAre;

TEST(ParseUrl, SplitsAbsoluteUrlsAndTargets) {
  absl::StatusOr<Url> u = parse_url("http://example.com:4000/posts/12?sort=newest#top");
  ASSERT_THAT(u.status(), IsOk());
  EXPECT_EQ(u->path, "/posts/12");
  EXPECT_THAT(u->segments, ElementsAre("posts", "12"));
  EXPECT_EQ(u->query, "sort=newest");
  u = parse_url("/chat/two%20words?x=1");
  ASSERT_THAT(u.status(), IsOk());
  EXPECT_THAT(u->segments, ElementsAre("chat", "two words"));
  u = parse_url("/");
  ASSERT_THAT(u.status(), IsOk());
  EXPECT_TRUE(u->segments.empty());
  EXPECT_EQ(u->path, "/");
}

// The query of a URL is never taken for a path, whatever it contains.
TEST(ParseUrl, ASchemeInTheQueryIsPartOfTheQuery) {
  absl::StatusOr<Url> u = parse_url("/counter?u=http://h/assets//etc/hostname");
  ASSERT_THAT(u.status(), IsOk());
  EXPECT_THAT(u->segments, ElementsAre("counter"));
  EXPECT_EQ(u->query, "u=http://h/assets//etc/hostname");
}

TEST(ParseUrl, AnEscapedSlashStaysInsideItsSegment) {
  absl::StatusOr<Url> u = parse_url("/assets/..%2F..%2Fetc%2Fpasswd");
  ASSERT_THAT(u.status(), IsOk());
  EXPECT_THAT(u->segments, ElementsAre("assets", "../../etc/passwd"));
}

// Chromium sends these unescaped in the query of window.location.href.
TEST(ParseUrl, AcceptsWhatBrowsersLeaveUnescaped) {
  absl::StatusOr<Url> u = parse_url("http://127.0.0.1:4000/search?filter[name]=a|b^c{d}");
  ASSERT_THAT(u.status(), IsOk());
  absl::StatusOr<Params> q = decode_form(u->query);
  ASSERT_THAT(q.status(), IsOk());
  EXPECT_EQ(q->at("filter[name]"), "a|b^c{d}");
}

TEST(ParseUrl, RefusesWhatIsNotAUrlOrNotUtf8) {
  EXPECT_THAT(parse_url("/chat/%FF%FE").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(parse_url("/a%zzb").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(parse_url("http://[::1/").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(parse_url("").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DecodeForm, DecodesPlusEscapesAndRepeatedNames) {
  absl::StatusOr<Params> p = decode_form("user%5Bemail%5D=a%40b.c&name=J+Doe&name=Jane&flag&=x");
  ASSERT_THAT(p.status(), IsOk());
  EXPECT_EQ(p->at("user[email]"), "a@b.c");
  EXPECT_EQ(p->at("name"), "Jane");  // later fields win
  EXPECT_EQ(p->at("flag"), "");
  EXPECT_EQ(p->at(""), "x");
  EXPECT_EQ(decode_form("")->size(), 0u);
  EXPECT_EQ(decode_form("title=%C3%A9t%C3%A9")->at("title"), "\xC3\xA9t\xC3\xA9");
}

TEST(DecodeForm, RefusesInvalidUtf8AndEscapesAndLeavesTheOutputAlone) {
  Params out{{"kept", "1"}};
  EXPECT_THAT(decode_form("title=%FF%FE", out), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(decode_form("a=1&t%ED%A0%80=2", out),
              StatusIs(absl::StatusCode::kInvalidArgument));  // a surrogate in a name
  EXPECT_THAT(decode_form("a=%G1", out), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(decode_form("a=%4", out), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(out, (Params{{"kept", "1"}}));
}

TEST(DecodeForm, RefusesMoreFieldsThanTheLimit) {
  std::string many;
  for (std::size_t i = 0; i <= kMaxFormFields; ++i) many += "f" + std::to_string(i) + "=1&";
  EXPECT_THAT(decode_form(many).status(), StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(EncodeForm, RoundTripsThroughDecodeForm) {
  const Params p{{"a b", "c&d=e"}, {"user[name]", "\xC3\xA9+%"}, {"empty", ""}};
  EXPECT_EQ(*decode_form(encode_form(p)), p);
}

}  // namespace
}  // namespace livediff
