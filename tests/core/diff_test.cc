#include "livediff/core/diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/core/rendered.h"

#include "round_trip.h"
#include "workloads.h"

namespace livediff {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RoundTrip;

const Statics& list_statics() {
  static const Statics s{"<ul>", "</ul>"};
  return s;
}
const Statics& item_statics() {
  static const Statics s{"<li id=\"", "\">", "</li>"};
  return s;
}
const Statics& box_statics() {
  static const Statics s{"<section class=\"box\">", "</section>"};
  return s;
}
const Statics& other_box_statics() {
  static const Statics s{"<aside>", "|", "</aside>"};
  return s;
}
const Statics& page_statics() {
  static const Statics s{"<main>", "", "</main>"};
  return s;
}

void render_list(Rendered& r, const std::vector<std::pair<std::string, std::string>>& items) {
  ComprehensionRef list = r.root(list_statics()).comprehension(0, item_statics());
  for (const auto& [key, text] : items) list.entry(key).text(0, key).text(1, text);
}

TEST(Diff, CounterJoinPutsStaticsInRootTemplates) {
  Rendered r;
  workloads::render_counter(r, 0);
  RoundTrip rt;
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":"0","s":0,"p":{"0":)"
                                + std::string(workloads::counter_statics().json()) + "}}");
}

TEST(Diff, CounterIncrementSendsOnlyTheValue) {
  Rendered r;
  RoundTrip rt;
  workloads::render_counter(r, 0);
  ASSERT_TRUE(rt.step(r));
  workloads::render_counter(r, 1);
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":"1"})");  // the 9 bytes LiveView sends
}

TEST(Diff, NothingChangedIsAnEmptyObject) {
  Rendered r;
  RoundTrip rt;
  workloads::render_counter(r, 7);
  ASSERT_TRUE(rt.step(r));
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), "{}");
}

TEST(Diff, TextIsEscapedInHtmlAndInJson) {
  Rendered r;
  RoundTrip rt;
  r.root(box_statics()).text(0, "<b>\"hi\"</b>");
  ASSERT_TRUE(rt.step(r));
  EXPECT_THAT(rt.last_diff(), HasSubstr(R"("0":"&lt;b&gt;&quot;hi&quot;&lt;/b&gt;")"));
  EXPECT_EQ(rt.last_html(), "<section class=\"box\">&lt;b&gt;&quot;hi&quot;&lt;/b&gt;</section>");
}

TEST(Diff, NestedNodeWithSameStaticsSendsOnlyChangedDynamics) {
  Rendered r;
  RoundTrip rt;
  NodeRef page = r.root(page_statics());
  page.node(0, other_box_statics()).text(0, "a").text(1, "b");
  page.text(1, "x");
  ASSERT_TRUE(rt.step(r));
  page = r.root(page_statics());
  page.node(0, other_box_statics()).text(0, "a").text(1, "B");
  page.text(1, "x");
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"1":"B"}})");
}

TEST(Diff, NestedNodeWithNewStaticsSendsThemAgain) {
  Rendered r;
  RoundTrip rt;
  NodeRef page = r.root(page_statics());
  page.node(0, other_box_statics()).text(0, "a").text(1, "b");
  ASSERT_TRUE(rt.step(r));
  page = r.root(page_statics());
  page.node(0, box_statics()).text(0, "a");
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(),
            R"({"0":{"0":"a","s":0,"r":1},"p":{"0":["<section class=\"box\">","</section>"]}})");
}

TEST(Diff, SharedStaticsAreSentOnce) {
  static const Statics pair{"<div>", "", "</div>"};
  Rendered r;
  RoundTrip rt;
  NodeRef root = r.root(pair);
  root.node(0, box_statics()).text(0, "one");
  root.node(1, box_statics()).text(0, "two");
  ASSERT_TRUE(rt.step(r));
  const std::string& diff = rt.last_diff();
  EXPECT_EQ(diff.find("section class"), diff.rfind("section class")) << diff;
}

TEST(Diff, TextReplacedByNodeAndBack) {
  Rendered r;
  RoundTrip rt;
  r.root(page_statics()).text(0, "plain").text(1, "");
  ASSERT_TRUE(rt.step(r));
  NodeRef p = r.root(page_statics());
  p.node(0, box_statics()).text(0, "boxed");
  p.text(1, "");
  ASSERT_TRUE(rt.step(r));
  r.root(page_statics()).text(0, "plain again").text(1, "");
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":"plain again"})");
}

TEST(Diff, UnchangedSlotsKeepTheirSubtree) {
  Rendered r;
  RoundTrip rt;
  NodeRef p = r.root(page_statics());
  p.node(0, other_box_statics()).text(0, "a").text(1, "b");
  p.text(1, "1");
  ASSERT_TRUE(rt.step(r));
  Rendered partial;
  partial.root(page_statics()).unchanged(0).text(1, "2");
  EXPECT_EQ(Differ().diff(partial, rt.state()), R"({"1":"2"})");
  // The state still knows the subtree: changing it now sends only its changed dynamic.
  p = r.root(page_statics());
  p.node(0, other_box_statics()).text(0, "a").text(1, "c");
  p.text(1, "2");
  EXPECT_EQ(Differ().diff(r, rt.state()), R"({"0":{"1":"c"}})");
}

TEST(DiffKeyed, FirstRenderSendsEntriesAndCount) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(),
            R"({"0":{"k":{"0":{"0":"a","1":"A"},"1":{"0":"b","1":"B"},"kc":2},"s":0},"s":1,)"
            R"("p":{"0":["<li id=\"","\">","</li>"],"1":["<ul>","</ul>"]}})");
}

TEST(DiffKeyed, ChangeInPlaceSendsOnlyThatDynamic) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}, {"c", "C"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"a", "A"}, {"b", "bee"}, {"c", "C"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"1":{"1":"bee"},"kc":3}}})");
}

TEST(DiffKeyed, MovesAreIndexReferences) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}, {"c", "C"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"c", "C"}, {"b", "B"}, {"a", "A"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"0":2,"2":0,"kc":3,"km":true}}})");
}

TEST(DiffKeyed, MovedAndChangedCarriesItsDiff) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"b", "B!"}, {"a", "A"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"0":[1,{"1":"B!"}],"1":0,"kc":2,"km":true}}})");
}

TEST(DiffKeyed, RemoveShiftsLaterEntries) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}, {"c", "C"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"a", "A"}, {"c", "C"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"1":2,"kc":2,"km":true}}})");
}

TEST(DiffKeyed, NewEntriesAreSentInFull) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"z", "Z"}, {"a", "A"}});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"0":{"0":"z","1":"Z"},"1":0,"kc":2,"km":true}}})");
}

TEST(DiffKeyed, ClearSendsZeroCount) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "A"}, {"b", "B"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"kc":0}}})");
}

TEST(DiffKeyed, DuplicateKeysStillRenderCorrectly) {
  Rendered r;
  RoundTrip rt;
  render_list(r, {{"a", "1"}, {"a", "2"}, {"b", "3"}});
  ASSERT_TRUE(rt.step(r));
  render_list(r, {{"b", "3"}, {"a", "2"}, {"a", "1"}});
  ASSERT_TRUE(rt.step(r));
}

TEST(DiffKeyed, UnkeyedEntriesDiffByPosition) {
  static const Statics row{"<td>", "</td>"};
  Rendered r;
  RoundTrip rt;
  auto render = [&](std::initializer_list<std::string_view> cells) {
    ComprehensionRef c = r.root(list_statics()).comprehension(0, row);
    for (std::string_view cell : cells) c.entry().text(0, cell);
  };
  render({"a", "b"});
  ASSERT_TRUE(rt.step(r));
  render({"a", "c", "d"});
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"0":{"k":{"1":{"0":"c"},"2":{"0":"d"},"kc":3}}})");
}

TEST(DiffKeyed, NestedComprehensionsInsideEntries) {
  static const Statics group{"<li>", "<ol>", "</ol></li>"};
  static const Statics leaf{"<i>", "</i>"};
  Rendered r;
  RoundTrip rt;
  auto render = [&](const std::vector<std::pair<int, std::vector<int>>>& groups) {
    ComprehensionRef outer = r.root(list_statics()).comprehension(0, group);
    for (const auto& [key, leaves] : groups) {
      NodeRef e = outer.entry(std::int64_t{key});
      e.text(0, key);
      ComprehensionRef inner = e.comprehension(1, leaf);
      for (int l : leaves) inner.entry(std::int64_t{l}).text(0, l);
    }
  };
  render({{1, {1, 2}}, {2, {3}}});
  ASSERT_TRUE(rt.step(r));
  render({{2, {3, 4}}, {1, {2, 1}}});
  ASSERT_TRUE(rt.step(r));
  render({{2, {}}, {3, {5}}});
  ASSERT_TRUE(rt.step(r));
}

// Both levels move in one render: the inner lists index their old keys while the outer list
// is still looking its own up (they once shared one index, and the outer list read the wrong
// old positions).
TEST(DiffKeyed, NestedListsMovingAtBothLevels) {
  static const Statics group{"<li>", "<ol>", "</ol></li>"};
  static const Statics leaf{"<i>", "</i>"};
  auto range = [](int from, int to) {
    std::vector<int> v;
    for (int i = from; i != to; i += from < to ? 1 : -1) v.push_back(i);
    return v;
  };
  auto joined = [](std::vector<int> a, const std::vector<int>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  for (bool mark_unchanged : {false, true}) {
    Rendered sent, oracle;
    RoundTrip rt;
    auto render = [&](Rendered& r, const std::vector<std::pair<int, std::vector<int>>>& groups,
                      int changed_group) {
      ComprehensionRef outer = r.root(list_statics()).comprehension(0, group);
      for (const auto& [key, leaves] : groups) {
        if (&r == &sent && mark_unchanged && changed_group >= 0 && key != changed_group) {
          outer.unchanged_entry(std::int64_t{key});
          continue;
        }
        NodeRef e = outer.entry(std::int64_t{key});
        e.text(0, key);
        ComprehensionRef inner = e.comprehension(1, leaf);
        for (int l : leaves) inner.entry(std::int64_t{l}).text(0, l);
      }
    };
    const std::vector<std::pair<int, std::vector<int>>> before{
        {0, range(0, 10)}, {1, range(0, 10)}, {2, joined(range(5, 10), range(0, 5))}};
    const std::vector<std::pair<int, std::vector<int>>> after{
        {2, joined(range(4, -1), range(9, 4))}, {0, range(0, 10)}, {1, range(0, 10)}};
    render(sent, before, -1);
    ASSERT_TRUE(rt.step(sent));
    render(sent, after, 2);
    render(oracle, after, 2);
    ASSERT_TRUE(rt.step(sent, oracle)) << "unchanged marks: " << mark_unchanged;
  }
}

const Statics& card_statics() {
  static const Statics s{"<div class=\"card\">", "</div>"};
  return s;
}

TEST(DiffComponents, FirstRenderInlinesStaticsAndMarksRoot) {
  Rendered r;
  RoundTrip rt;
  NodeRef root = r.root(page_statics());
  root.component(0, 1).text(1, "tail");
  r.component(1, card_statics()).text(0, "hello");
  ASSERT_TRUE(rt.step(r));
  EXPECT_THAT(rt.last_diff(),
              HasSubstr(R"("c":{"1":{"0":"hello","s":["<div class=\"card\">","</div>"],"r":1}})"));
  EXPECT_THAT(rt.last_html(),
              HasSubstr("<div data-phx-component=\"1\" data-phx-view=\"phx-view\""));
}

TEST(DiffComponents, OnlyChangedComponentsAreSent) {
  Rendered r;
  RoundTrip rt;
  auto render = [&](std::string_view a, std::string_view b) {
    NodeRef root = r.root(page_statics());
    root.component(0, 1).component(1, 2);
    r.component(1, card_statics()).text(0, a);
    r.component(2, card_statics()).text(0, b);
  };
  render("a", "b");
  ASSERT_TRUE(rt.step(r));
  render("a", "B");
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), R"({"c":{"2":{"0":"B"}}})");
  render("a", "B");
  ASSERT_TRUE(rt.step(r));
  EXPECT_EQ(rt.last_diff(), "{}");
}

TEST(DiffComponents, ForgottenComponentIsSentInFullAgain) {
  Rendered r;
  DiffState state;
  Differ differ;
  r.root(page_statics()).component(0, 1).text(1, "");
  r.component(1, card_statics()).text(0, "x");
  differ.diff(r, state);
  EXPECT_TRUE(state.forget_component(1));
  EXPECT_FALSE(state.has_component(1));
  EXPECT_THAT(std::string(differ.diff(r, state)), HasSubstr(R"("s":["<div class=\"card\">")"));
}

TEST(DiffStream, InsertsCarryDomIdsPositionsAndLimits) {
  Rendered r;
  Differ differ;
  DiffState state;
  ComprehensionRef feed = r.root(workloads::feed_statics())
                              .comprehension(0, workloads::feed_item_statics())
                              .stream("0");
  workloads::render_feed_item(feed.stream_insert("items-1", 0, 1000), workloads::make_feed_item(1),
                              "items-1");
  differ.diff(r, state);

  feed = r.root(workloads::feed_statics())
             .comprehension(0, workloads::feed_item_statics())
             .stream("0");
  workloads::render_feed_item(feed.stream_insert("items-10001", 0, 1000),
                              workloads::make_feed_item(10001), "items-10001");
  EXPECT_EQ(differ.diff(r, state),
            R"({"0":{"k":{"0":{"0":" id=\"items-10001\"","1":"user37","2":"1700010001",)"
            R"("3":"Post number 10001 about bbq","4":" phx-value-id=\"10001\""},"kc":1},)"
            R"("stream":["0",[["items-10001",0,1000,false]],[]]}})");

  r.root(workloads::feed_statics())
      .comprehension(0, workloads::feed_item_statics())
      .stream("0")
      .stream_delete("items-5000");
  EXPECT_EQ(differ.diff(r, state), R"({"0":{"k":{"kc":0},"stream":["0",[],["items-5000"]]}})");

  r.root(workloads::feed_statics()).comprehension(0, workloads::feed_item_statics()).stream("0");
  EXPECT_EQ(differ.diff(r, state), "{}");
}

TEST(DiffStream, ResetIsTheOnlyFourthElement) {
  Rendered r;
  Differ differ;
  DiffState state;
  r.root(workloads::feed_statics())
      .comprehension(0, workloads::feed_item_statics())
      .stream("0")
      .stream_reset();
  EXPECT_THAT(std::string(differ.diff(r, state)), HasSubstr(R"("stream":["0",[],[],true])"));
  EXPECT_LT(state.memory_bytes(), 1024u);
}

TEST(DiffState, KeepsNoHtml) {
  Rendered r;
  Differ differ;
  DiffState state;
  r.root(box_statics()).text(0, std::string(10000, 'x'));
  differ.diff(r, state);
  EXPECT_LT(state.memory_bytes(), 1024u);
}

TEST(DiffTable, MemoryPerRowIsBounded) {
  Rendered r;
  Differ differ;
  DiffState state;
  workloads::render_table(r, workloads::make_rows(1, 1000));
  differ.diff(r, state);
  // key + 7 hashes + half an offset word per row.
  EXPECT_LE(state.memory_bytes(), 72u * 1024u);
}

TEST(Diff, ExtraMembersGoAtTheTopLevel) {
  Rendered r;
  Differ differ;
  DiffState state;
  workloads::render_counter(r, 1);
  differ.diff(r, state);
  EXPECT_EQ(differ.diff(r, state, R"("t":"Title")"), R"({"t":"Title"})");
  workloads::render_counter(r, 2);
  EXPECT_EQ(differ.diff(r, state, R"("t":"T")"), R"({"0":"2","t":"T"})");
}

}  // namespace
}  // namespace livediff
