// Each construct of the template language: the statics/dynamics split it compiles to (the JSON
// of the first diff) and what follow-up diffs send.
#include <string>

#include <gtest/gtest.h>

#include "livediff/core/diff.h"
#include "livediff/core/html.h"

#include "constructs.heex.h"

namespace livediff {
namespace {

// One client of one template: renders, diffs and clears the changes, as a view would.
template <class T>
struct client {
  typename T::assigns a;
  Rendered r;
  Differ differ;
  DiffState state;

  std::string render() {
    T::render(r, a);
    std::string diff(differ.diff(r, state));
    a.clear_changes();
    return diff;
  }
  // The page as a dead render shows it.
  std::string html() {
    typename T::assigns full = a;
    full.mark_all_changed();
    Rendered page;
    T::render(page, full);
    std::string out;
    EXPECT_TRUE(render_html(page, out).ok());
    return out;
  }
};

TEST(TemplateText, InterpolatesEscapesAndFormats) {
  client<templates::text_and_attributes> c;
  c.a.set_title("A \"quoted\" <b>&").set_count(3).set_off(true).set_url("/home");
  c.a.set_html("<b>bold</b>").set_choice(std::string("<i>"));
  EXPECT_EQ(
      c.html(),
      "<section id=\"main\" class=\"box\">\n  \n"
      "  <h1 title=\"A &quot;quoted&quot; &lt;b&gt;&amp;\">A &quot;quoted&quot; "
      "&lt;b&gt;&amp;</h1>\n"
      "  <p>3 items, 0.5, true</p>\n"
      "  <input type=\"text\" disabled value=\"A &quot;quoted&quot; &lt;b&gt;&amp;\" required>\n"
      "  <a href=\"/home\">link</a><img src=\"/home\"/>\n"
      "  <div class='quoted \"single\"'>spread</div>\n"
      "  <div><b>bold</b></div>\n"
      "  <span></span><span>&lt;i&gt;</span>\n"
      "  <!-- an HTML comment stays -->\n"
      "  <script>if (a < b) { run(\"{@title}\"); }</script>\n"
      "</section>");
}

TEST(TemplateText, CommentsNeverReachTheOutput) {
  client<templates::text_and_attributes> c;
  const std::string diff = c.render();
  EXPECT_EQ(diff.find("a comment that never"), std::string::npos);
  EXPECT_NE(diff.find("an HTML comment stays"), std::string::npos);
}

TEST(TemplateText, StaticsAndDynamicsSplitAsLiveViewDoes) {
  client<templates::text_and_attributes> c;
  c.a.set_title("T").set_count(3).set_off(true).set_url("/u");
  c.a.set_attrs({{"data-x", "1"}, {"title", "t"}});
  c.a.set_html("<b>bold</b>").set_choice(std::int64_t{7});
  // Dynamic attributes are dynamics of their own, with the name and a leading space in them.
  EXPECT_EQ(c.render(),
            "{\"0\":\" title=\\\"T\\\"\",\"1\":\"T\",\"2\":\"3\",\"3\":\"0.5\",\"4\":\"true\","
            "\"5\":\" disabled\",\"6\":\" value=\\\"T\\\"\",\"7\":\" href=\\\"/u\\\"\","
            "\"8\":\" src=\\\"/u\\\"\",\"9\":\" data-x=\\\"1\\\" title=\\\"t\\\"\","
            "\"10\":\"<b>bold</b>\",\"11\":\"\",\"12\":\"7\",\"s\":0,\"p\":{\"0\":["
            "\"<section id=\\\"main\\\" class=\\\"box\\\">\\n  \\n  <h1\",\">\","
            "\"</h1>\\n  <p>\",\" items, \",\", \",\"</p>\\n  <input type=\\\"text\\\"\",\"\","
            "\" required>\\n  <a\",\">link</a><img\",\"/>\\n  <div\","
            "\" class='quoted \\\"single\\\"'>spread</div>\\n  <div>\",\"</div>\\n  <span>\","
            "\"</span><span>\",\"</span>\\n  <!-- an HTML comment stays -->\\n  <script>if (a < "
            "b) { run(\\\"{@title}\\\"); }</script>\\n</section>\"]}}");
  // Only what reads a changed assign is evaluated and sent; a false boolean attribute and an
  // empty optional render nothing.
  c.a.set_off(false).set_maybe("m");
  EXPECT_EQ(c.render(), "{\"4\":\"false\",\"5\":\"\",\"11\":\"m\"}");
  c.a.set_count(3);  // set to the same value: marked, evaluated, but the diff drops it
  EXPECT_EQ(c.render(), "{}");
}

TEST(TemplateText, BooleanAttributesAreBareOrAbsent) {
  client<templates::text_and_attributes> c;
  c.a.set_off(true);
  EXPECT_NE(c.html().find("<input type=\"text\" disabled value=\"\" required>"), std::string::npos);
  c.a.set_off(false);
  EXPECT_NE(c.html().find("<input type=\"text\" value=\"\" required>"), std::string::npos);
}

TEST(TemplateText, SpreadAttributesAreEscapedAndChecked) {
  client<templates::text_and_attributes> c;
  c.a.set_attrs({{"data-x", "<\"&>"},
                 {"bad name", "x"},
                 {"onclick=\"evil()\" x", "y"},
                 {"onmouseover", "alert(1)"},
                 {"OnClick", "alert(1)"},
                 {"href", "\tjava\nscript:alert(1)"},
                 {"aria-label", "ok"}});
  EXPECT_NE(c.html().find("<div data-x=\"&lt;&quot;&amp;&gt;\" href=\"#\" aria-label=\"ok\" "
                          "class='quoted \"single\"'>spread</div>"),
            std::string::npos)
      << c.html();
}

TEST(TemplateText, RawOutputOnlyWhereAskedFor) {
  client<templates::text_and_attributes> c;
  c.a.set_title("<b>").set_html("<b>");
  const std::string html = c.html();
  EXPECT_NE(html.find("<h1 title=\"&lt;b&gt;\">&lt;b&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("<div><b></div>"), std::string::npos);
}

TEST(TemplateIf, TracksTheBodyWhileTheConditionHolds) {
  client<templates::conditional> c;
  EXPECT_EQ(c.render(),
            "{\"0\":{\"0\":\"x\",\"s\":0,\"r\":1},\"1\":\"0\",\"s\":1,\"p\":{\"0\":[\"<p "
            "class=\\\"greeting\\\">Hello \",\"</p>\"],\"1\":[\"<div>\",\"<span>\",\"</span></"
            "div>\"]}}");
  // The condition did not change: the nested node keeps its statics and only `name` goes out.
  c.a.set_name("y");
  EXPECT_EQ(c.render(), "{\"0\":{\"0\":\"y\"}}");
  c.a.set_show(false);
  EXPECT_EQ(c.render(), "{\"0\":\"\"}");
  c.a.set_name("z");  // inside a false :if: nothing to send
  EXPECT_EQ(c.render(), "{}");
  // The node is new to the client again: statics and every dynamic go out.
  c.a.set_show(true);
  EXPECT_EQ(c.render(),
            "{\"0\":{\"0\":\"z\",\"s\":0,\"r\":1},\"p\":{\"0\":[\"<p class=\\\"greeting\\\">Hello "
            "\",\"</p>\"]}}");
  c.a.set_other(5);
  EXPECT_EQ(c.render(), "{\"1\":\"5\"}");
  EXPECT_EQ(c.html(), "<div><p class=\"greeting\">Hello z</p><span>5</span></div>");
}

TEST(TemplateIf, NestedConditionsTrackEachLevel) {
  client<templates::nested_conditionals> c;
  EXPECT_EQ(c.render(),
            "{\"0\":{\"0\":\"a\",\"1\":{\"0\":\"b\",\"s\":0,\"r\":1},\"s\":1,\"r\":1},\"s\":2,"
            "\"p\":{\"0\":[\"<p>\",\"</p>\"],\"1\":[\"<div id=\\\"outer\\\">\",\"\",\"</div>\"],"
            "\"2\":[\"\",\"\"]}}");
  c.a.set_b("B");
  EXPECT_EQ(c.render(), "{\"0\":{\"1\":{\"0\":\"B\"}}}");
  c.a.set_inner(false);
  EXPECT_EQ(c.render(), "{\"0\":{\"1\":\"\"}}");
  c.a.set_inner(true).set_a("A");
  EXPECT_EQ(c.render(),
            "{\"0\":{\"0\":\"A\",\"1\":{\"0\":\"B\",\"s\":0,\"r\":1}},\"p\":{\"0\":[\"<p>\","
            "\"</p>\"]}}");
  c.a.set_outer(false);
  EXPECT_EQ(c.render(), "{\"0\":\"\"}");
}

TEST(TemplateFor, UnkeyedKeyedAndFiltered) {
  client<templates::lists> c;
  c.a.set_items({"a", "<b>"}).set_pairs({{1, "one"}, {2, "two"}, {3, "three"}});
  EXPECT_EQ(c.render(),
            "{\"0\":{\"k\":{\"0\":{\"0\":\"a\",\"1\":\"!\"},\"1\":{\"0\":\"&lt;b&gt;\",\"1\":\"!\"}"
            ",\"kc\":2},\"s\":0},\"1\":{\"k\":{\"0\":{\"0\":\" data-id=\\\"1\\\"\",\"1\":\"one\"},"
            "\"1\":{\"0\":\" data-id=\\\"3\\\"\",\"1\":\"three\"},\"kc\":2},\"s\":1},\"s\":2,\"p\":"
            "{\"0\":[\"<li>\",\"\",\"</li>\"],\"1\":[\"<li\",\">\",\"</li>\"],\"2\":[\"<ul>\","
            "\"</ul>\\n<ol>\",\"</ol>\"]}}");
  // An assign read in the body re-renders the comprehension; the diff keeps what is equal.
  c.a.set_suffix("?");
  EXPECT_EQ(c.render(), "{\"0\":{\"k\":{\"0\":{\"1\":\"?\"},\"1\":{\"1\":\"?\"},\"kc\":2}}}");
  // Keyed: an insert at the front moves the others.
  c.a.mutable_pairs().insert(c.a.mutable_pairs().begin(), {5, "five"});
  EXPECT_EQ(c.render(),
            "{\"1\":{\"k\":{\"0\":{\"0\":\" data-id=\\\"5\\\"\",\"1\":\"five\"},\"1\":0,\"2\":1,"
            "\"kc\":3,\"km\":true}}}");
  EXPECT_EQ(c.render(), "{}");
  EXPECT_EQ(c.html(),
            "<ul><li>a?</li><li>&lt;b&gt;?</li></ul>\n<ol><li data-id=\"5\">five</li><li "
            "data-id=\"1\">one</li><li data-id=\"3\">three</li></ol>");
}

TEST(TemplateConstant, ExpressionsWithoutAssignsRenderOnce) {
  client<templates::constant> c;
  EXPECT_EQ(c.render(),
            "{\"0\":\"3\",\"1\":\"xy\",\"s\":0,\"p\":{\"0\":[\"<p>\",\" \",\"</p>\"]}}");
  c.a.set_unused(1);
  EXPECT_EQ(c.render(), "{}");
  // A rejoin: the client holds nothing, so everything is rendered again.
  c.state.clear();
  c.a.mark_all_changed();
  EXPECT_EQ(c.render(),
            "{\"0\":\"3\",\"1\":\"xy\",\"s\":0,\"p\":{\"0\":[\"<p>\",\" \",\"</p>\"]}}");
}

TEST(TemplateAssigns, NewAssignsAreAllChanged) {
  templates::conditional::assigns a;
  EXPECT_TRUE(a.changed(templates::conditional::assigns::full_bit));
  a.clear_changes();
  EXPECT_EQ(a.changes(), 0u);
  a.set_name("n");
  EXPECT_EQ(a.changes(), templates::conditional::assigns::name_bit);
  a.mutable_other() += 1;
  EXPECT_TRUE(a.changed(templates::conditional::assigns::other_bit));
  EXPECT_FALSE(a.changed(templates::conditional::assigns::show_bit));
  EXPECT_EQ(a.other(), 1);
}

}  // namespace
}  // namespace livediff
