// The C ABI as a careless or hostile host uses it: every misuse is a status code and a message,
// the objects stay usable, and what is accepted merges into what a full render shows.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/livediff.h"

#include "c_abi_support.h"

namespace livediff::c_test {
namespace {

TEST(CAbi, VersionAndNames) {
  EXPECT_EQ(livediff_abi_version(), static_cast<uint32_t>(LIVEDIFF_ABI_VERSION));
  EXPECT_STRNE(livediff_version(), "");
  EXPECT_STREQ(livediff_status_name(LIVEDIFF_OUT_OF_RANGE), "LIVEDIFF_OUT_OF_RANGE");
  EXPECT_STREQ(livediff_status_name(static_cast<livediff_status>(99)), "?");
}

TEST(CAbi, NullPointersAreInvalidArguments) {
  livediff_statics* s = nullptr;
  EXPECT_EQ(livediff_statics_new(nullptr, 2, &s), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(s, nullptr);
  livediff_str parts[] = {{"<p>", 3}, {"</p>", 4}};
  EXPECT_EQ(livediff_statics_new(parts, 2, nullptr), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(livediff_rendered_root(nullptr, nullptr, nullptr), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_NE(std::string(livediff_last_error()), "");
  livediff_node n = 0;
  EXPECT_EQ(livediff_node_set_text(nullptr, 1, 0, "x", 1), LIVEDIFF_INVALID_ARGUMENT);
  Tree t;
  Statics p({"<p>", "</p>"});
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  EXPECT_EQ(livediff_node_set_text(t.get(), n, 0, nullptr, 5), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_OK(livediff_node_set_text(t.get(), n, 0, nullptr, 0));  // NULL with size 0 is empty
  const char* out = nullptr;
  size_t size = 0;
  EXPECT_EQ(livediff_differ_diff(nullptr, t.get(), nullptr, nullptr, 0, &out, &size),
            LIVEDIFF_INVALID_ARGUMENT);
  livediff_statics_free(nullptr);  // ignored, as are the other frees
  livediff_rendered_free(nullptr);
  livediff_state_clear(nullptr);
}

TEST(CAbi, HandlesOfTheWrongTypeAreRefused) {
  Tree t;
  Statics p({"<p>", "</p>"});
  livediff_node n = 0;
  // A statics pointer where a tree is expected.
  EXPECT_EQ(livediff_rendered_root(reinterpret_cast<livediff_rendered*>(p.get()), p.get(), &n),
            LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_NE(std::string(livediff_last_error()).find("not a live tree"), std::string::npos);
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  livediff_list l = 0;
  Statics li({"<li>", "</li>"});
  ASSERT_OK(livediff_node_add_list(t.get(), n, 0, li.get(), &l));
  // A list handle where a node is expected, and the other way round.
  EXPECT_EQ(livediff_node_set_text(t.get(), l, 0, "x", 1), LIVEDIFF_INVALID_ARGUMENT);
  livediff_node e = 0;
  EXPECT_EQ(livediff_list_add_entry(t.get(), n, &e), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(livediff_node_set_text(t.get(), 0, 0, "x", 1), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(livediff_node_set_text(t.get(), n + 1000, 0, "x", 1), LIVEDIFF_INVALID_ARGUMENT);
}

TEST(CAbi, StaleHandlesAreRefusedAfterTheNextRoot) {
  Tree t;
  Statics p({"<p>", "</p>"});
  livediff_node old = 0, now = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &old));
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &now));
  EXPECT_NE(old, now);
  EXPECT_EQ(livediff_node_set_text(t.get(), old, 0, "x", 1), LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_OK(livediff_node_set_text(t.get(), now, 0, "x", 1));
  // A handle of another tree.
  Tree other;
  livediff_node foreign = 0;
  ASSERT_OK(livediff_rendered_root(other.get(), p.get(), &foreign));
  livediff_rendered_clear(t.get());
  EXPECT_NE(livediff_node_set_text(t.get(), now, 0, "x", 1), LIVEDIFF_OK);
}

TEST(CAbi, SlotsOutOfRange) {
  Tree t;
  Statics p({"<p>", "</p>"});
  livediff_node n = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  EXPECT_EQ(livediff_node_set_text(t.get(), n, 1, "x", 1), LIVEDIFF_OUT_OF_RANGE);
  EXPECT_EQ(livediff_node_set_int(t.get(), n, 0xffffffffu, 1), LIVEDIFF_OUT_OF_RANGE);
  EXPECT_EQ(livediff_node_set_component(t.get(), n, 0, 0), LIVEDIFF_OUT_OF_RANGE);
  EXPECT_EQ(livediff_node_set_component(t.get(), n, 0, -5), LIVEDIFF_OUT_OF_RANGE);
  EXPECT_EQ(livediff_rendered_component(t.get(), 0, p.get(), &n), LIVEDIFF_OUT_OF_RANGE);
}

TEST(CAbi, TextMustBeUtf8AndAttributeNamesMustBeNames) {
  Tree t;
  Statics p({"<p", ">", "</p>"});
  livediff_node n = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  for (const char* bad : {"\xff", "\xc0\x80", "\xed\xa0\x80", "a\xe2\x82", "\xf4\x90\x80\x80"}) {
    EXPECT_EQ(livediff_node_set_text(t.get(), n, 1, bad, std::strlen(bad)),
              LIVEDIFF_INVALID_ARGUMENT)
        << bad;
  }
  EXPECT_OK(livediff_node_set_text(t.get(), n, 1, "\xe2\x82\xac \xf0\x9f\x98\x80", 8));
  for (const char* bad : {"", "on click", "a\"b", "x>", "a=b", "a/b"}) {
    EXPECT_EQ(livediff_node_set_attr(t.get(), n, 0, bad, std::strlen(bad), "v", 1),
              LIVEDIFF_INVALID_ARGUMENT)
        << bad;
  }
  EXPECT_OK(livediff_node_set_attr(t.get(), n, 0, "data-x", 6, "\"><script>", 10));
  std::string html = Html(t);
  EXPECT_EQ(html, "<p data-x=\"&quot;&gt;&lt;script&gt;\">\xe2\x82\xac \xf0\x9f\x98\x80</p>");
  livediff_statics* s = nullptr;
  livediff_str parts[] = {{"<p>\xff", 4}, {"</p>", 4}};
  EXPECT_EQ(livediff_statics_new(parts, 2, &s), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(s, nullptr);
  const double nan = std::strtod("nan", nullptr);
  EXPECT_EQ(livediff_node_set_double(t.get(), n, 1, nan), LIVEDIFF_INVALID_ARGUMENT);
}

TEST(CAbi, UnchangedMarksTheClientCannotHonourAreRefused) {
  Tree t;
  Differ d;
  State st;
  Statics page({"<div>", "", "</div>"});
  Statics li({"<li>", "</li>"});
  livediff_node n = 0;
  // Unchanged on a first render: the client holds nothing.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_set_unchanged(t.get(), n, 0));
  EXPECT_EQ(Diff(d, t, st).status, LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_EQ(livediff_state_memory(st.get()) > 0, true);
  // The state is untouched: a valid render is still a join.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_set_text(t.get(), n, 0, "a", 1));
  livediff_list l = 0;
  ASSERT_OK(livediff_node_add_list(t.get(), n, 1, li.get(), &l));
  livediff_node e = 0;
  ASSERT_OK(livediff_list_add_entry_int(t.get(), l, 1, &e));
  ASSERT_OK(livediff_node_set_text(t.get(), e, 0, "one", 3));
  DiffResult join = Diff(d, t, st);
  ASSERT_OK(join.status);
  EXPECT_NE(join.json.find("\"s\":"), std::string::npos);
  // An unchanged entry with a key the client never had.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_set_unchanged(t.get(), n, 0));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 1, li.get(), &l));
  ASSERT_OK(livediff_list_add_unchanged_int(t.get(), l, 2));
  DiffResult refused = Diff(d, t, st);
  EXPECT_EQ(refused.status, LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_NE(refused.message.find("key the client does not hold"), std::string::npos);
  // The known key is fine, and so is the unchanged slot.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_set_unchanged(t.get(), n, 0));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 1, li.get(), &l));
  ASSERT_OK(livediff_list_add_unchanged_int(t.get(), l, 1));
  DiffResult ok = Diff(d, t, st);
  ASSERT_OK(ok.status);
  EXPECT_EQ(ok.json, "{}");
  // An unchanged entry in a stream cannot be made at all.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 1, li.get(), &l));
  ASSERT_OK(livediff_list_set_stream(t.get(), l, "s", 1));
  EXPECT_EQ(livediff_list_add_unchanged_int(t.get(), l, 1), LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_EQ(livediff_list_add_entry(t.get(), l, &e), LIVEDIFF_FAILED_PRECONDITION);
}

TEST(CAbi, StreamOperationsNeedAStream) {
  Tree t;
  Statics page({"<ul>", "</ul>"});
  Statics li({"<li", ">", "</li>"});
  livediff_node n = 0, item = 0;
  livediff_list l = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 0, li.get(), &l));
  EXPECT_EQ(livediff_list_stream_insert(t.get(), l, "a", 1, -1, 0, 0, &item),
            LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_EQ(livediff_list_stream_delete(t.get(), l, "a", 1), LIVEDIFF_FAILED_PRECONDITION);
  EXPECT_EQ(livediff_list_stream_reset(t.get(), l), LIVEDIFF_FAILED_PRECONDITION);
  livediff_node e = 0;
  ASSERT_OK(livediff_list_add_entry(t.get(), l, &e));
  EXPECT_EQ(livediff_list_set_stream(t.get(), l, "s", 1), LIVEDIFF_FAILED_PRECONDITION);
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 0, li.get(), &l));
  ASSERT_OK(livediff_list_set_stream(t.get(), l, "s", 1));
  EXPECT_EQ(livediff_list_stream_insert(t.get(), l, "a", 1, -1, 0, 0x80, &item),
            LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(livediff_list_stream_insert(t.get(), l, "a", 1, -2, 0, 0, &item),
            LIVEDIFF_OUT_OF_RANGE);
  ASSERT_OK(livediff_list_stream_insert(t.get(), l, "a", 1, -1, 5, LIVEDIFF_INSERT_LIMIT, &item));
  ASSERT_OK(livediff_node_set_attr(t.get(), item, 0, "id", 2, "a", 1));
  EXPECT_EQ(Html(t), "<ul><li id=\"a\"></li></ul>");
}

TEST(CAbi, PackedValuesAreCheckedWholeBeforeAnythingChanges) {
  Tree t;
  Statics page({"<ul>", "</ul>"});
  Statics row({"<li id=\"", "\">", "</li>"});
  Fields f({{0, LIVEDIFF_FIELD_TEXT, ""}, {1, LIVEDIFF_FIELD_TEXT, ""}});
  livediff_node n = 0;
  livediff_list l = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_add_list(t.get(), n, 0, row.get(), &l));
  const int64_t keys[] = {1, 2, 3};
  // Three rows need six values: five separators.
  const std::string four_values(
      "1\0a\0"
      "2\0b",
      7);
  EXPECT_EQ(livediff_list_add_entries(t.get(), l, f.get(), 3, keys, nullptr, four_values.data(),
                                      four_values.size(), nullptr),
            LIVEDIFF_INVALID_ARGUMENT);
  const std::string bad_utf8(
      "1\0a\0"
      "2\0b\0"
      "3\0\xff",
      11);
  EXPECT_EQ(livediff_list_add_entries(t.get(), l, f.get(), 3, keys, nullptr, bad_utf8.data(),
                                      bad_utf8.size(), nullptr),
            LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(Html(t), "<ul></ul>");  // nothing was added
  const std::string six(
      "1\0a\0"
      "2\0b\0"
      "3\0c",
      11);
  livediff_node entries[3] = {};
  ASSERT_OK(livediff_list_add_entries(t.get(), l, f.get(), 3, keys, nullptr, six.data(), six.size(),
                                      entries));
  EXPECT_NE(entries[2], 0u);
  EXPECT_EQ(Html(t), "<ul><li id=\"1\">a</li><li id=\"2\">b</li><li id=\"3\">c</li></ul>");
  // A field beyond the entry's dynamics.
  Fields wide({{0, LIVEDIFF_FIELD_TEXT, ""}, {7, LIVEDIFF_FIELD_TEXT, ""}});
  EXPECT_EQ(livediff_list_add_entries(t.get(), l, wide.get(), 1, keys, nullptr, "a\0b", 3, nullptr),
            LIVEDIFF_OUT_OF_RANGE);
  // Huge counts fail on the limit, before touching the (absent) arrays.
  EXPECT_EQ(
      livediff_list_add_entries(t.get(), l, f.get(), SIZE_MAX / 4, keys, nullptr, "", 0, nullptr),
      LIVEDIFF_RESOURCE_EXHAUSTED);
  livediff_fields* bad_fields = nullptr;
  const livediff_field kinds[] = {{0, 9, {nullptr, 0}}};
  EXPECT_EQ(livediff_fields_new(kinds, 1, &bad_fields), LIVEDIFF_INVALID_ARGUMENT);
  const livediff_field attrs[] = {{0, LIVEDIFF_FIELD_ATTR, {"bad name", 8}}};
  EXPECT_EQ(livediff_fields_new(attrs, 1, &bad_fields), LIVEDIFF_INVALID_ARGUMENT);
}

TEST(CAbi, ComponentsAreCheckedBeforeTheClientSeesThem) {
  Tree t;
  Differ d;
  State st;
  Statics page({"<main>", "", "</main>"});
  Statics card({"<div>", "</div>"});
  Statics two_roots({"<a>", "</a><b></b>"});
  livediff_node n = 0, c = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  EXPECT_EQ(livediff_rendered_component(t.get(), 1, two_roots.get(), &c),
            LIVEDIFF_INVALID_ARGUMENT);
  ASSERT_OK(livediff_node_set_component(t.get(), n, 0, 1));
  // Referenced, but neither rendered nor held.
  EXPECT_EQ(Diff(d, t, st).status, LIVEDIFF_FAILED_PRECONDITION);
  ASSERT_OK(livediff_rendered_component(t.get(), 1, card.get(), &c));
  EXPECT_EQ(livediff_rendered_component(t.get(), 1, card.get(), &c), LIVEDIFF_FAILED_PRECONDITION);
  // A component that contains itself is refused (the client would recurse for ever).
  ASSERT_OK(livediff_node_set_component(t.get(), c, 0, 1));
  EXPECT_EQ(Diff(d, t, st).status, LIVEDIFF_FAILED_PRECONDITION);
  const char* out = nullptr;
  size_t size = 0;
  EXPECT_EQ(livediff_rendered_html(t.get(), "v", 1, &out, &size), LIVEDIFF_FAILED_PRECONDITION);
  ASSERT_OK(livediff_node_set_text(t.get(), c, 0, "card", 4));
  ASSERT_OK(Diff(d, t, st).status);
  // Held now: a later render may leave it out.
  ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &n));
  ASSERT_OK(livediff_node_set_component(t.get(), n, 0, 1));
  ASSERT_OK(livediff_node_set_text(t.get(), n, 1, "x", 1));
  EXPECT_EQ(Diff(d, t, st).json, "{\"1\":\"x\"}");
  int held = 0;
  ASSERT_OK(livediff_state_forget_component(st.get(), 1, &held));
  EXPECT_EQ(held, 1);
  EXPECT_EQ(Diff(d, t, st).status, LIVEDIFF_FAILED_PRECONDITION);
}

TEST(CAbi, DeepNestingIsALimitNotAStackOverflow) {
  Tree t;
  Statics div({"<div>", "</div>"});
  livediff_node n = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), div.get(), &n));
  livediff_status last = LIVEDIFF_OK;
  int depth = 0;
  for (; depth < 100000 && last == LIVEDIFF_OK; ++depth)
    last = livediff_node_add_node(t.get(), n, 0, div.get(), &n);
  EXPECT_EQ(last, LIVEDIFF_RESOURCE_EXHAUSTED);
  EXPECT_EQ(depth, LIVEDIFF_MAX_DEPTH + 1);
  // A chain of components too deep to follow.
  Statics main({"<main>", "</main>"});
  ASSERT_OK(livediff_rendered_root(t.get(), main.get(), &n));
  ASSERT_OK(livediff_node_set_component(t.get(), n, 0, 1));
  for (int cid = 1; cid <= 300; ++cid) {
    livediff_node c = 0;
    ASSERT_OK(livediff_rendered_component(t.get(), cid, div.get(), &c));
    ASSERT_OK(livediff_node_set_component(t.get(), c, 0, cid + 1));
  }
  const char* out = nullptr;
  size_t size = 0;
  EXPECT_EQ(livediff_rendered_html(t.get(), "", 0, &out, &size), LIVEDIFF_RESOURCE_EXHAUSTED);
}

TEST(CAbi, AStateCopyHoldsWhatTheOriginalHolds) {
  Tree t;
  Differ d;
  State a, b;
  Statics p({"<p>", "", "</p>"});
  livediff_node n = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  ASSERT_OK(livediff_node_set_text(t.get(), n, 0, "x", 1));
  ASSERT_OK(livediff_node_set_text(t.get(), n, 1, "y", 1));
  ASSERT_OK(Diff(d, t, a).status);
  ASSERT_OK(livediff_state_copy(a.get(), b.get()));
  ASSERT_OK(livediff_state_copy(b.get(), b.get()));
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  ASSERT_OK(livediff_node_set_unchanged(t.get(), n, 0));
  ASSERT_OK(livediff_node_set_text(t.get(), n, 1, "z", 1));
  EXPECT_EQ(Diff(d, t, a).json, "{\"1\":\"z\"}");
  EXPECT_EQ(Diff(d, t, b).json, "{\"1\":\"z\"}");  // the copy accepts the unchanged mark too
  EXPECT_EQ(livediff_state_copy(a.get(), nullptr), LIVEDIFF_INVALID_ARGUMENT);
}

TEST(CAbi, ExtraMembersMustBeJsonBesideTheTree) {
  Tree t;
  Differ d;
  State st;
  Statics p({"<p>", "</p>"});
  livediff_node n = 0;
  ASSERT_OK(livediff_rendered_root(t.get(), p.get(), &n));
  for (const char* bad :
       {"\"t\":", "\"t\":\"x\"}", "\"0\":\"x\"", "\"s\":[1]", "\"c\":{}", "\"t\":\"\xff\""}) {
    EXPECT_EQ(Diff(d, t, st, bad).status, LIVEDIFF_INVALID_ARGUMENT) << bad;
  }
  DiffResult r = Diff(d, t, st, "\"t\":\"Title\",\"e\":[[\"ping\",{}]]");
  ASSERT_OK(r.status);
  EXPECT_NE(r.json.find(",\"t\":\"Title\",\"e\":[[\"ping\",{}]]}"), std::string::npos);
}

TEST(CAbi, TheClientModelRefusesWhatTheRealClientWouldThrowOn) {
  livediff_client* c = nullptr;
  ASSERT_OK(livediff_client_new("v", 1, &c));
  EXPECT_EQ(livediff_client_merge(c, "{}", 2), LIVEDIFF_INVALID_ARGUMENT);  // nothing joined
  EXPECT_EQ(livediff_client_join(c, "[", 1), LIVEDIFF_INVALID_ARGUMENT);
  std::string deep(100000, '[');
  EXPECT_EQ(livediff_client_join(c, deep.data(), deep.size()), LIVEDIFF_INVALID_ARGUMENT);
  ASSERT_OK(livediff_client_join(c, R"({"0":"a","s":["<p>","</p>"]})", 28));
  const char* html = nullptr;
  size_t size = 0;
  ASSERT_OK(livediff_client_html(c, &html, &size));
  EXPECT_EQ(std::string(html, size), "<p>a</p>");
  EXPECT_EQ(livediff_client_merge(c, R"({"0":5})", 7), LIVEDIFF_INVALID_ARGUMENT);
  livediff_client* other = nullptr;
  EXPECT_EQ(livediff_client_new("a\"b", 3, &other), LIVEDIFF_INVALID_ARGUMENT);
  EXPECT_EQ(other, nullptr);
  livediff_client_free(c);
}

}  // namespace
}  // namespace livediff::c_test
