// The demo's example apps, driven in process through LiveViewTest.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/live_view_test.h"

#include "apps.h"
#include "livediff/testing/status_matchers.h"

namespace demo {
namespace {

using livediff::LiveViewTest;
using livediff::Params;
using livediff::TestEnvironment;
using livediff::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(Examples, CounterIncrementsDecrementsAndResets) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(env, make_counter, "/counter");
  ASSERT_THAT(lv->click("inc"), IsOk());
  ASSERT_THAT(lv->click("inc"), IsOk());
  ASSERT_THAT(lv->click("dec"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("id=\"count\">1</span>"));
  EXPECT_EQ(lv->diffs().back(), R"({"0":"1"})");
  ASSERT_THAT(lv->click("reset"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("id=\"count\">0</span>"));
}

TEST(Examples, SearchShowsLoadingThenResultsOrNone) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(env, make_search, "/search");
  ASSERT_THAT(lv->change("search", {{"q", "lamp"}}, "q"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("Ergonomic Steel Lamp"));
  EXPECT_THAT(lv->html(), Not(HasSubstr("Searching")));
  ASSERT_THAT(lv->change("search", {{"q", "zzz"}}, "q"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("No results for “zzz”"));
}

TEST(Examples, RegisterValidatesThenNavigatesWithAFlash) {
  TestEnvironment env;
  auto stores = std::make_shared<Stores>();
  auto lv = *LiveViewTest::mount(
      env, [stores] { return make_register(stores); }, "/register");
  ASSERT_THAT(lv->change("validate",
                         {{"user[name]", "Ana"},
                          {"user[email]", ""},
                          {"user[_unused_email]", ""},
                          {"user[password]", ""},
                          {"user[_unused_password]", ""}},
                         "user[name]"),
              IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("must have the @ sign")));
  ASSERT_THAT(lv->submit("save", {{"user[name]", "Ana"},
                                  {"user[email]", "ana@example.com"},
                                  {"user[password]", "secret123"}}),
              IsOk());
  EXPECT_EQ(lv->navigated_to(), "/users");
  EXPECT_EQ(stores->users.size(), 1u);
}

TEST(Examples, TodosAddToggleEditDeleteAcrossTwoBrowsers) {
  TestEnvironment env;
  auto stores = std::make_shared<Stores>();
  auto a = *LiveViewTest::mount(
      env, [stores] { return make_todos(stores); }, "/todos");
  auto b = *LiveViewTest::mount(
      env, [stores] { return make_todos(stores); }, "/todos");
  ASSERT_THAT(a->submit("add", {{"title", "buy milk"}}), IsOk());
  b->send_info(livediff::Message{});
  EXPECT_THAT(a->html(), HasSubstr("buy milk"));
  EXPECT_THAT(b->html(), HasSubstr("buy milk"));
  ASSERT_THAT(a->click_element("id", "toggle-1"), IsOk());
  b->send_info(livediff::Message{});
  EXPECT_THAT(b->html(), HasSubstr("line-through"));
  // Inline edit: the form belongs to the component (phx-target = its cid).
  ASSERT_THAT(a->click("edit", {}, 1), IsOk());
  EXPECT_THAT(a->html(), HasSubstr("class=\"edit-form\""));
  EXPECT_THAT(b->html(), Not(HasSubstr("class=\"edit-form\"")));
  ASSERT_THAT(a->submit("save", {{"title", "buy oat milk"}}, 1), IsOk());
  b->send_info(livediff::Message{});
  EXPECT_THAT(b->html(), HasSubstr("buy oat milk"));
  ASSERT_THAT(b->click("delete", {}, 1), IsOk());
  a->send_info(livediff::Message{});
  EXPECT_THAT(a->html(), Not(HasSubstr("buy oat milk")));
  EXPECT_FALSE(a->crashed());
  EXPECT_FALSE(b->crashed());
}

TEST(Examples, ChatRoomsShareMessagesByRoom) {
  TestEnvironment env;
  auto a = *LiveViewTest::mount(env, make_chat, "/chat/lobby", {{"room", "lobby"}});
  auto b = *LiveViewTest::mount(env, make_chat, "/chat/lobby", {{"room", "lobby"}});
  auto c = *LiveViewTest::mount(env, make_chat, "/chat/other", {{"room", "other"}});
  ASSERT_THAT(a->submit("send", {{"author", "ana"}, {"text", "hello"}}), IsOk());
  b->send_info(livediff::Message{});
  c->send_info(livediff::Message{});
  EXPECT_THAT(a->html(), HasSubstr("hello"));
  EXPECT_THAT(b->html(), HasSubstr("hello"));
  EXPECT_THAT(c->html(), Not(HasSubstr("hello")));
}

TEST(Examples, FeedPagesBothWaysWithABoundedDom) {
  TestEnvironment env;
  auto stores = std::make_shared<Stores>();
  auto lv = *LiveViewTest::mount(
      env, [stores] { return make_feed(stores); }, "/feed");
  EXPECT_THAT(lv->html(), HasSubstr("posts-1000000"));
  for (int i = 0; i < 10; ++i) ASSERT_THAT(lv->click("next-page"), IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("posts-1000000\"")));
  EXPECT_THAT(lv->html(), HasSubstr("phx-viewport-top"));
  std::size_t articles = 0;
  for (std::size_t at = lv->html().find("<article"); at != std::string::npos;
       at = lv->html().find("<article", at + 1))
    ++articles;
  EXPECT_EQ(articles, 60u);
  ASSERT_THAT(lv->click("prev-page"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("posts-999860"));
}

TEST(Examples, TableRunsTheBenchmarkOperations) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(env, make_table, "/table");
  ASSERT_THAT(lv->click("run"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<td class=\"col-md-1\">1000</td>"));
  ASSERT_THAT(lv->click("update"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr(" !!!</a>"));
  ASSERT_THAT(lv->click("select", {{"id", "5"}}), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<tr class=\"danger\"><td class=\"col-md-1\">5</td>"));
  ASSERT_THAT(lv->click("clear"), IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("<tr")));
}

TEST(Examples, DashboardHoldsNestedViewsWithStateOfTheirOwn) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(env, make_dashboard, "/dashboard");
  EXPECT_THAT(lv->dead_html(), HasSubstr("<h2>Counter panel</h2>"));
  EXPECT_THAT(lv->dead_html(), HasSubstr("id=\"clock-ticks\">0</span>"));
  auto counter = *lv->live_child("dash-counter");
  ASSERT_THAT(counter->click("inc"), IsOk());
  ASSERT_THAT(counter->click("inc"), IsOk());
  EXPECT_THAT(counter->html(), HasSubstr("id=\"panel-count\">2</p>"));
  ASSERT_THAT(counter->click("notify"), IsOk());
  ASSERT_TRUE(lv->run_until(
      [&] { return lv->html().find("id=\"last-count\">2</span>") != std::string::npos; }));
  EXPECT_THAT(lv->html(), HasSubstr("id=\"heard\">1</span>"));

  auto clock = *lv->live_child("dash-clock");
  ASSERT_TRUE(clock->run_until(
      [&] { return clock->html().find("id=\"clock-ticks\">1</span>") != std::string::npos; }));
  ASSERT_THAT(lv->click("toggle_clock"), IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("dash-clock")));
  EXPECT_THAT(lv->html(), HasSubstr("Show the clock"));

  // A crash in a panel leaves the dashboard running.
  (void)counter->click("crash");
  EXPECT_TRUE(counter->crashed());
  ASSERT_THAT(lv->click("inc"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("id=\"parent-count\">1</span>"));
}

}  // namespace
}  // namespace demo
