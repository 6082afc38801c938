// The template compiler as a library: what it accepts, the one-line errors it gives, and that
// hostile input ends in an error rather than a crash.
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/status_matchers.h"
#include "template_codegen.h"
#include "template_parser.h"

namespace livediff {
namespace {

using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::StartsWith;

// Parses and generates `source` as file t.heex; returns the header or the error message.
std::string compile(std::string_view source) {
  auto file = parse_template_file("t.heex", source);
  if (!file.ok()) return std::string(file.status().message());
  std::vector<template_file> files{*std::move(file)};
  auto header = generate_template_header(files, 0, "/out/t.heex.h");
  if (!header.ok()) return std::string(header.status().message());
  return *header;
}

TEST(TemplateParser, ReadsDeclarationsAndBody) {
  auto file =
      parse_template_file("t.heex",
                          "<%@ include \"a.h\"\n  namespace x::y %>\n"
                          "<%@ template page  # the page\n"
                          "  assign n: std::map<int, int> = {}  # counts\n"
                          "  stream items: item\n%>\n  <p>{@n.size()}</p>\n\n"
                          "<%@ component c\n  attr a: std::string = \"#fff\" # colour\n  attr b: "
                          "std::string required\n  slot inner_block\n  slot s "
                          "required\n%><b>{@a}</b>");
  ASSERT_THAT(file, IsOk());
  EXPECT_EQ(file->includes, std::vector<std::string>{"\"a.h\""});
  EXPECT_EQ(file->name_space, "x::y");
  ASSERT_EQ(file->definitions.size(), 2u);
  const template_definition& page = file->definitions[0];
  EXPECT_EQ(page.name, "page");
  ASSERT_EQ(page.fields.size(), 2u);
  EXPECT_EQ(page.fields[0].type, "std::map<int, int>");
  EXPECT_EQ(page.fields[0].default_value, "{}");
  EXPECT_TRUE(page.fields[1].stream);
  // The body is trimmed: it starts at <p> and ends at </p>.
  ASSERT_EQ(page.body.size(), 1u);
  EXPECT_EQ(page.body[0].name, "p");
  const template_definition& c = file->definitions[1];
  EXPECT_EQ(c.kind, template_definition::def_kind::component);
  EXPECT_EQ(c.fields[0].default_value, "\"#fff\"");
  EXPECT_TRUE(c.fields[1].required);
  ASSERT_EQ(c.slots.size(), 2u);
  EXPECT_FALSE(c.slots[0].required);
  EXPECT_TRUE(c.slots[1].required);
}

TEST(TemplateParser, ExpressionsEndAtTheirOwnClosingBrace) {
  auto file = parse_template_file(
      "t.heex", "<%@ template t %><p>{f({1, 2}, \"}\", '}', R\"(})\" /* } */)}</p>");
  ASSERT_THAT(file, IsOk());
  const template_node& p = file->definitions[0].body[0];
  ASSERT_EQ(p.children.size(), 1u);
  EXPECT_EQ(p.children[0].expr.code, "f({1, 2}, \"}\", '}', R\"(})\" /* } */)");
  EXPECT_EQ(p.children[0].expr.loc.line, 1);
  EXPECT_EQ(p.children[0].expr.loc.column, 22);
}

TEST(TemplateParser, SplitsForClauses) {
  auto parts = split_for({"const auto& [k, v] : std::map<int, int>::value_type{} ? @a : @b", {}});
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->decl, "const auto& [k, v]");
  EXPECT_EQ(parts->range.code, " std::map<int, int>::value_type{} ? @a : @b");
  parts = split_for({"row <- @rows", {3, 10}});
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->decl, "const auto& row");
  EXPECT_EQ(parts->range.code, " @rows");
  EXPECT_EQ(parts->range.loc.column, 16);
  parts = split_for({"const std::string& s : @names", {}});
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->decl, "const std::string& s");
  EXPECT_FALSE(split_for({"@rows", {}}).has_value());
  EXPECT_FALSE(split_for({"a.b <- @rows", {}}).has_value());
}

TEST(TemplateErrors, AreOneLineWithFileLineAndColumn) {
  EXPECT_EQ(compile("<%@ template t %>\n<div>\n  <span>\n</div>"),
            "t.heex:4:1: error: mismatched closing tag </div>: <span> opened at 3:3 is still open");
  EXPECT_EQ(compile("<%@ template t %>\n<p>{@nope}</p>"),
            "t.heex:2:5: error: unknown assign @nope in template `t`");
  EXPECT_EQ(compile("<%@ template t %>\n<p :if={true}"), "t.heex:2:1: error: unterminated tag <p");
  EXPECT_EQ(compile("<%@ template t %>\n<p>\n<%!-- never closed"),
            "t.heex:3:1: error: unterminated comment <%!--");
  EXPECT_EQ(compile("<%@ template t %>\n<p>{}</p>"), "t.heex:2:4: error: empty expression {}");
  EXPECT_EQ(compile("<%@ template t\n  assign changes: int\n%>"),
            "t.heex:2:3: error: `changes` is a reserved name");
  EXPECT_EQ(compile("<%@ template t\n  attr x: int\n%>"),
            "t.heex:2:3: error: `attr` declares component inputs; templates take `assign`");
  EXPECT_EQ(compile("<%@ template t %><p>x</p>\n<%@ assign x: int %>"),
            "t.heex:2:5: error: declarations come before the body of `t`");
  EXPECT_EQ(compile("<%@ component c\n  attr x: int = 1 required\n%>"),
            "t.heex:2:3: error: `x` is required, so it takes no default");
  EXPECT_EQ(compile("<%@ template t %>\n<.t/>"),
            "t.heex:2:1: error: `t` is a template, not a component");
  EXPECT_EQ(compile("<%@ template t %>\n<:slot>x</:slot>"),
            "t.heex:2:1: error: <:slot> is a slot: it goes directly inside a component call");
  EXPECT_EQ(compile("<%@ template t %>\n<p>{render_slot(@inner_block)}</p>"),
            "t.heex:2:4: error: render_slot is for components; templates take no slots");
  EXPECT_EQ(compile("<%@ template t %>\n<.live_component id=\"x\"/>"),
            "t.heex:2:1: error: <.live_component> needs a module and an id");
  EXPECT_EQ(
      compile("<%@ template t\n  stream s: item\n%>\n<div id=\"d\"><p :for={x <- @s}>x</p></div>"),
      "t.heex:4:13: error: a stream item needs id={dom_id}");
  EXPECT_EQ(compile("<%@ template t\n  stream s: item\n%>\n<p :for={x <- @s} id={dom_id}>x</p>"),
            "t.heex:4:1: error: a stream :for needs a container element with an id around it");
}

TEST(TemplateErrors, LimitAssignsToOneChangedSet) {
  std::string source = "<%@ template t\n";
  for (int i = 0; i < 64; ++i) source += "  assign a" + std::to_string(i) + ": int\n";
  source += "%>";
  EXPECT_EQ(compile(source), "t.heex:65:3: error: too many assigns (at most 63)");
}

TEST(TemplateErrors, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string source = "<%@ template t %>";
  for (int i = 0; i < 100000; ++i) source += "<b>";
  EXPECT_THAT(compile(source), HasSubstr("error: elements nested too deeply"));
}

TEST(TemplateCodegen, PointsGeneratedCodeBackIntoTheTemplate) {
  const std::string header = compile("<%@ template t\n  assign n: int\n%>\n<p>\n  {@n + 1}</p>");
  EXPECT_THAT(header, StartsWith("// Generated by livediff_template_compiler from t.heex."));
  // The expression sits at its own line and column of the template.
  EXPECT_THAT(header, HasSubstr("#line 5 \"t.heex\"\n   ld_a.n() + 1\n#line "));
  // and the declared type at its declaration.
  EXPECT_THAT(header, HasSubstr("#line 2 \"t.heex\"\n    int n_{};\n"));
  // Every return to generated code names the header's own next line.
  std::size_t line = 1;
  for (std::size_t at = 0; at < header.size(); ++line) {
    const std::size_t end = header.find('\n', at);
    const std::string_view l(header.data() + at, end - at);
    if (l.starts_with("#line ") && l.ends_with("\"/out/t.heex.h\"")) {
      EXPECT_EQ(l, "#line " + std::to_string(line + 1) + " \"/out/t.heex.h\"");
    }
    at = end + 1;
  }
}

TEST(TemplateCodegen, StaticsAreExactStringLiterals) {
  const std::string header =
      compile("<%@ template t %><p title=\"a\\b\" data-x='\"'>tab\there é\x01 ?\?=</p>");
  EXPECT_THAT(header,
              HasSubstr(R"("<p title=\"a\\b\" data-x='\"'>tab\there \303\251\001 \??=</p>")"));
}

// Truncations and byte flips of a valid template: every one parses or fails with a located
// error, never crashes (the fuzz target's seed test, on GCC too).
TEST(TemplateParser, SurvivesMangledInput) {
  const std::string valid =
      "<%@ include <string>\n namespace n %>\n<%@ component c\n attr a: std::string = \"x\"\n"
      " slot inner_block\n%>\n<b class={@a}>{render_slot(@inner_block)}</b>\n"
      "<%@ template t\n assign xs: std::vector<int>\n assign on: bool\n%>\n"
      "<div :if={@on} id=\"d\"><%!-- c --%><.c a=\"y\">{1}</.c><p :for={x <- @xs} :key={x} "
      "{@xs}>{x}</p><script>{</script><!-- h --></div>";
  ASSERT_THAT(compile(valid), StartsWith("// Generated"));
  std::mt19937 rng(7);
  for (std::size_t n = 0; n <= valid.size(); ++n) {
    const std::string cut = compile(valid.substr(0, n));
    EXPECT_TRUE(cut.starts_with("// Generated") || cut.starts_with("t.heex:")) << cut;
  }
  for (int i = 0; i < 3000; ++i) {
    std::string mangled = valid;
    for (int k = 0; k < 3; ++k) {
      mangled[rng() % mangled.size()] = "<>{}\"'/:.@=%!- \n\0x"[rng() % 19];
    }
    const std::string out = compile(mangled);
    EXPECT_TRUE(out.starts_with("// Generated") || out.starts_with("t.heex:")) << out;
  }
}

}  // namespace
}  // namespace livediff
