#include "livediff/core/statics.h"

#include <gtest/gtest.h>

namespace livediff {
namespace {

TEST(Statics, FingerprintDependsOnBoundaries) {
  Statics a{"ab", "c"};
  Statics b{"a", "bc"};
  Statics c{"ab", "c"};
  EXPECT_NE(a.fingerprint(), b.fingerprint());
  EXPECT_EQ(a.fingerprint(), c.fingerprint());
  EXPECT_EQ(a.dynamic_count(), 1u);
}

TEST(Statics, OwnedCopyMatchesBorrowed) {
  auto owned = Statics::make({"<p>", "</p>"});
  Statics borrowed{"<p>", "</p>"};
  EXPECT_EQ(owned->fingerprint(), borrowed.fingerprint());
  EXPECT_EQ(owned->parts()[1], "</p>");
}

TEST(Statics, FingerprintIsAvailableAtCompileTime) {
  static constexpr std::string_view parts[] = {"<b>", "</b>"};
  constexpr std::uint64_t fp = fingerprint_parts(parts);
  EXPECT_EQ(fp, (Statics{"<b>", "</b>"}.fingerprint()));
}

TEST(Statics, JsonEscapesQuotesAndNewlines) {
  Statics s{"<a href=\"x\">\n", "</a>"};
  EXPECT_EQ(s.json(), R"(["<a href=\"x\">\n","</a>"])");
}

struct root_case {
  std::vector<std::string_view> parts;
  bool single_root;
};

class SingleRoot : public ::testing::TestWithParam<root_case> {};

TEST_P(SingleRoot, Detects) {
  EXPECT_EQ(is_single_root(GetParam().parts), GetParam().single_root);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SingleRoot,
    ::testing::Values(
        root_case{{"<div>", "</div>"}, true}, root_case{{"  <div class=\"a\">x</div>\n"}, true},
        root_case{{"<div class=\"", "\">", "</div>"}, true}, root_case{{"<div", ">hi</div>"}, true},
        root_case{{"<!-- c --><p>", "</p>"}, true}, root_case{{"<input value=\"", "\">"}, true},
        root_case{{"<img src=\"", "\"/>"}, true}, root_case{{"<div><br><p>", "</p></div>"}, true},
        root_case{{"<div>a</div><div>b</div>"}, false}, root_case{{"", "<div></div>"}, false},
        root_case{{"<div></div>", ""}, false}, root_case{{"text"}, false},
        root_case{{"<p>", "</p> tail"}, false}, root_case{{"<script>if (a < b) {}</script>"}, true},
        root_case{{"<div title=\"a>b\">", "</div>"}, true}));

}  // namespace
}  // namespace livediff

namespace livediff {
namespace {

TEST(Statics, PartsThatAreNotUtf8AreKeptRepaired) {
  const Statics s{"<p title=\"\xFF\">", "</p>\xC3"};
  EXPECT_EQ(s.parts()[0], "<p title=\"\xEF\xBF\xBD\">");
  EXPECT_EQ(s.parts()[1], "</p>\xEF\xBF\xBD");
  const Statics same{"<p title=\"\xEF\xBF\xBD\">", "</p>\xEF\xBF\xBD"};
  EXPECT_EQ(s.fingerprint(), same.fingerprint());
}

}  // namespace
}  // namespace livediff
