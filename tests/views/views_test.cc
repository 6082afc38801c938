#include <atomic>
#include <condition_variable>
#include <mutex>

#include <boost/asio/thread_pool.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/streams/stream.h"
#include "livediff/views/form.h"
#include "livediff/testing/live_view_test.h"

#include "livediff/testing/status_matchers.h"

namespace livediff {
namespace {

using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::Not;
using testing::StatusIs;

// ---- a counter with most socket features ----------------------------------------------------

struct Counter : View {
  static inline std::vector<bool> mounts;  // connected() at each mount
  Assign<int> count{0};
  std::string status = "idle";

  void mount(const Params& params, const Params& session, Socket& socket) override {
    mounts.push_back(socket.connected());
    if (auto start = param(params, "start")) count = std::stoi(std::string(*start));
    if (auto user = param(session, "user")) status = "hello " + std::string(*user);
  }
  void handle_params(const Params& params, std::string_view, Socket&) override {
    if (auto tab = param(params, "tab")) status = "tab " + std::string(*tab);
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      count.update([](int& c) { ++c; });
    } else if (event == "dec") {
      count.update([](int& c) { --c; });
    } else if (event == "set") {
      count = std::stoi(value.at("to"));
    } else if (event == "title") {
      socket.set_page_title("Count " + std::to_string(*count));
    } else if (event == "flash") {
      socket.put_flash("info", "saved");
    } else if (event == "notify") {
      socket.push_event("highlight", R"({"id":"count"})");
    } else if (event == "ask") {
      socket.reply(R"({"count":)" + std::to_string(*count) + "}");
    } else if (event == "later") {
      socket.send_after(std::chrono::milliseconds(20), Message{"", "tick", 5});
    } else if (event == "tab") {
      socket.push_patch("/counter?tab=" + value.at("name"));
    } else if (event == "leave") {
      socket.push_navigate("/other");
    } else if (event == "away") {
      socket.redirect("https://example.com/");
    } else if (event == "boom") {
      throw std::runtime_error("boom");
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void handle_info(const Message& message, Socket&) override {
    if (message.event == "tick") count = *count + *message.get<int>();
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<div id=\"counter\"><span>", "</span><p>", "</p><p class=\"flash\">",
                              "</p><button phx-click=\"inc\">+</button></div>"};
    NodeRef root = ctx.root(page);
    if (count.changed() || ctx.full_render()) {
      root.text(0, *count);
    } else {
      root.unchanged(0);
    }
    root.text(1, status).text(2, ctx.flash("info"));
  }
  void rendered() override { count.clear_changed(); }
};

TEST(Views, MountsTwiceDeadThenConnected) {
  TestEnvironment env;
  Counter::mounts.clear();
  auto lv = LiveViewTest::mount(env, [] { return std::make_unique<Counter>(); }, "/counter?start=4",
                                {}, {{"user", "ana"}});
  ASSERT_THAT(lv, IsOk());
  EXPECT_THAT(Counter::mounts, ::testing::ElementsAre(false, true));
  EXPECT_THAT((*lv)->dead_html(), HasSubstr("<span>4</span>"));
  EXPECT_THAT((*lv)->html(), HasSubstr("<span>4</span><p>hello ana</p>"));
}

TEST(Views, EventsUpdateThePageWithSmallDiffs) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  ASSERT_THAT(lv->click("inc"), IsOk());
  ASSERT_THAT(lv->click_element("phx-click", "inc"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span>2</span>"));
  EXPECT_EQ(lv->diffs().back(), R"({"0":"2"})");
  ASSERT_THAT(lv->click("set", {{"to", "40"}}), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span>40</span>"));
}

TEST(Views, TitleFlashPushedEventsAndHookReplies) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  ASSERT_THAT(lv->click("title"), IsOk());
  EXPECT_EQ(lv->title(), "Count 0");
  ASSERT_THAT(lv->click("flash"), IsOk());
  EXPECT_EQ(lv->flash().at("info"), "saved");
  EXPECT_THAT(lv->html(), HasSubstr("<p class=\"flash\">saved</p>"));
  ASSERT_THAT(lv->click("notify"), IsOk());
  ASSERT_EQ(lv->pushed_events().size(), 1u);
  EXPECT_EQ(lv->pushed_events()[0].first, "highlight");
  EXPECT_EQ(lv->pushed_events()[0].second, R"({"id":"count"})");
  ASSERT_THAT(lv->hook("ask", R"({"x":1})"), IsOk());
  EXPECT_EQ(lv->hook_reply(), R"({"count":0})");
}

TEST(Views, TimersDeliverToHandleInfo) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  ASSERT_THAT(lv->click("later"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span>0</span>"));
  ASSERT_TRUE(
      lv->run_until([&] { return lv->html().find("<span>5</span>") != std::string::npos; }));
}

TEST(Views, PatchRunsHandleParamsAndNavigateLeaves) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  ASSERT_THAT(lv->click("tab", {{"name", "stats"}}), IsOk());
  EXPECT_EQ(lv->patched_to(), "/counter?tab=stats");
  EXPECT_THAT(lv->html(), HasSubstr("<p>tab stats</p>"));
  ASSERT_THAT(lv->patch("/counter?tab=log"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<p>tab log</p>"));
  EXPECT_FALSE(lv->navigated_to().has_value());
  ASSERT_THAT(lv->click("leave"), IsOk());
  EXPECT_EQ(lv->navigated_to(), "/other");
  ASSERT_THAT(lv->click("away"), IsOk());
  EXPECT_EQ(lv->redirected_to(), "https://example.com/");
}

TEST(Views, UnknownEventsAndBadPayloadsGetErrorsAndTheViewLives) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  EXPECT_THAT(lv->click("nope"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(lv->last_reply(), HasSubstr("no handle_event"));
  EXPECT_THAT(lv->push("event", "{not json"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(lv->push("event", R"({"type":"click"})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(lv->last_reply(), HasSubstr("event needs a type and a name"));
  EXPECT_THAT(lv->change("save", {{"name", "\xFF\xFE"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(lv->last_reply(), HasSubstr("not UTF-8"));
  EXPECT_FALSE(lv->crashed());
  ASSERT_THAT(lv->click("inc"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span>1</span>"));
}

TEST(Views, AThrowingViewIsStoppedAloneAndItsClientToldToRejoin) {
  TestEnvironment env;
  auto a = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  auto b = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  EXPECT_THAT(a->click("boom"), IsOk());  // no reply: the channel errors instead
  EXPECT_TRUE(a->crashed());
  EXPECT_THAT(a->click("inc"), StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(b->click("inc"), IsOk());
  EXPECT_THAT(b->html(), HasSubstr("<span>1</span>"));
  EXPECT_FALSE(b->crashed());
}

// ---- mount redirects ---------------------------------------------------------------------

struct Guarded : View {
  void mount(const Params&, const Params& session, Socket& socket) override {
    if (!session.contains("user")) socket.redirect("/login");
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<p>secret</p>"};
    ctx.root(s);
  }
};

TEST(Views, MountRedirectsBeforeRendering) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Guarded>(); }, "/secret");
  EXPECT_EQ(lv->redirected_to(), "/login");
  EXPECT_EQ(lv->dead_html(), "");
  auto ok = *LiveViewTest::mount(env, [] { return std::make_unique<Guarded>(); }, "/secret", {},
                                 {{"user", "x"}});
  EXPECT_EQ(ok->html(), "<p>secret</p>");
}

// ---- forms -------------------------------------------------------------------------------

struct Signup : View {
  Form form{"user"};
  std::string saved;

  void validate(const Params& params) {
    form = Form(params, "user");
    if (form.value("name").empty()) form.add_error("name", "can't be blank");
    if (form.value("email").find('@') == std::string_view::npos)
      form.add_error("email", "must have the @ sign");
  }
  void handle_event(std::string_view event, const Params& params, Socket& socket) override {
    if (event == "validate") {
      validate(params);
    } else if (event == "save") {
      validate(params);
      form.mark_submitted();
      if (form.valid()) {
        saved = std::string(form.value("name"));
        socket.put_flash("info", "welcome");
      }
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<form phx-change=\"validate\" phx-submit=\"save\"><input",
                              "><span class=\"err\">",
                              "</span><input",
                              "><span class=\"err\">",
                              "</span></form><p>",
                              "</p>"};
    auto errors = [&](std::string_view field) {
      std::string out;
      for (std::string_view e : form.errors(field)) out += std::string(e) + ";";
      return out;
    };
    ctx.root(page)
        .attr(0, "name", form.input_name("name"))
        .text(1, errors("name"))
        .attr(2, "name", form.input_name("email"))
        .text(3, errors("email"))
        .text(4, saved);
  }
};

TEST(Views, FormsValidateAsTheUserTypesAndShowErrorsOnTouchedFieldsOnly) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Signup>(); }, "/signup");
  // Typing in "name": the client marks "email" unused, so its error stays hidden.
  ASSERT_THAT(lv->change("validate",
                         {{"user[name]", "A"}, {"user[email]", ""}, {"user[_unused_email]", ""}},
                         "user[name]"),
              IsOk());
  EXPECT_THAT(
      lv->html(),
      HasSubstr(
          "<span class=\"err\"></span><input name=\"user[email]\"><span class=\"err\"></span>"));
  // Now "email" was touched too.
  ASSERT_THAT(lv->change("validate", {{"user[name]", "A"}, {"user[email]", "x"}}, "user[email]"),
              IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span class=\"err\">must have the @ sign;</span>"));
  // Clearing "name" shows its error.
  ASSERT_THAT(lv->change("validate", {{"user[name]", ""}, {"user[email]", "x@y"}}, "user[name]"),
              IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<span class=\"err\">can&#39;t be blank;</span>"));
  EXPECT_THAT(lv->html(), Not(HasSubstr("must have")));
  // Submitting shows every error, then succeeds once valid.
  ASSERT_THAT(
      lv->submit("save", {{"user[name]", ""}, {"user[email]", ""}, {"user[_unused_email]", ""}}),
      IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("must have the @ sign;"));
  ASSERT_THAT(lv->submit("save", {{"user[name]", "Ana"}, {"user[email]", "ana@example.com"}}),
              IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<p>Ana</p>"));
  EXPECT_EQ(lv->flash().at("info"), "welcome");
}

TEST(Views, OutOfOrderFormEventsLeaveTheLastStateShown) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Signup>(); }, "/signup");
  // A debounced change that arrives after a newer one still leaves a consistent page.
  ASSERT_THAT(lv->change("validate", {{"user[name]", "Ann"}, {"user[email]", "a@b"}}, "user[name]"),
              IsOk());
  ASSERT_THAT(lv->change("validate", {{"user[name]", "An"}, {"user[email]", "a@b"}}, "user[name]"),
              IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("name=\"user[name]\""));
  EXPECT_FALSE(lv->crashed());
}

// ---- live components -----------------------------------------------------------------------

struct Toggle : LiveComponent {
  std::string label;
  bool on = false;
  void update(std::string new_label, Socket&) { label = std::move(new_label); }
  void handle_event(std::string_view event, const Params&, Socket& socket) override {
    if (event == "toggle") {
      on = !on;
      socket.send_parent(Message{"", "toggled", label});
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<button phx-click=\"toggle\"", ">", ": ", "</button>"};
    ctx.root(s).attr(0, "phx-target", ctx.myself()).text(1, label).text(2, on ? "on" : "off");
  }
};

struct Panel : View {
  bool show_b = true;
  std::string last;
  void handle_event(std::string_view event, const Params&, Socket&) override {
    if (event == "hide") show_b = false;
  }
  void handle_info(const Message& m, Socket&) override { last = *m.get<std::string>(); }
  void render(RenderContext& ctx) override {
    static const Statics s{"<div>", "", "<p>", "</p></div>"};
    NodeRef root = ctx.root(s);
    ctx.live_component<Toggle>(root, 0, "a", std::string("A"));
    if (show_b) {
      ctx.live_component<Toggle>(root, 1, "b", std::string("B"));
    } else {
      root.html(1, "");
    }
    root.text(2, last);
  }
};

TEST(Views, ComponentsKeepTheirOwnStateAndTalkToTheirParent) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Panel>(); }, "/panel");
  EXPECT_THAT(lv->html(), HasSubstr("phx-target=\"1\">A: off"));
  EXPECT_THAT(lv->html(), HasSubstr("phx-target=\"2\">B: off"));
  ASSERT_THAT(lv->click_element("phx-target", "2"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("A: off"));
  EXPECT_THAT(lv->html(), HasSubstr("B: on"));
  EXPECT_THAT(lv->html(), HasSubstr("<p>B</p>"));
  // Only the component that changed (and the parent's text) is in the diff.
  EXPECT_THAT(lv->diffs().back(), Not(HasSubstr("\"1\":{")));
  EXPECT_THAT(lv->html(), HasSubstr("data-phx-component=\"2\""));
}

TEST(Views, ComponentsLeaveThroughTheDestroyProtocol) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Panel>(); }, "/panel");
  ASSERT_THAT(lv->click("hide"), IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("B: off")));
  ASSERT_THAT(lv->push("cids_will_destroy", R"({"cids":[2]})"), IsOk());
  // Component 1 is still rendered, so only 2 goes.
  ASSERT_THAT(lv->push("cids_destroyed", R"({"cids":[1,2]})"), IsOk());
  EXPECT_EQ(lv->last_reply(), R"({"cids":[2]})");
  // An event still in flight for the destroyed component is dropped quietly.
  ASSERT_THAT(lv->click("toggle", {}, 2), IsOk());
  // Component 1 keeps its state and events.
  ASSERT_THAT(lv->click("toggle", {}, 1), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("A: on"));
}

// ---- PubSub ----------------------------------------------------------------------------------

struct Room : View {
  std::vector<std::string> lines;
  void mount(const Params&, const Params&, Socket& socket) override {
    if (socket.connected()) socket.subscribe("room:lobby");
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "say") socket.broadcast_from("room:lobby", "said", value.at("text"));
  }
  void handle_info(const Message& m, Socket&) override {
    if (m.event == "said") lines.push_back(*m.get<std::string>());
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<ul>", "</ul>"};
    static const Statics line{"<li>", "</li>"};
    ComprehensionRef list = ctx.root(s).comprehension(0, line);
    for (const std::string& l : lines) list.entry().text(0, l);
  }
};

TEST(Views, ABroadcastReachesAThousandSubscribedViews) {
  TestEnvironment env;
  std::vector<std::unique_ptr<LiveViewTest>> views;
  for (int i = 0; i < 1000; ++i) {
    views.push_back(*LiveViewTest::mount(
        env, [] { return std::make_unique<Room>(); }, "/room"));
  }
  EXPECT_EQ(env.pubsub.subscriber_count("room:lobby"), 1000u);
  ASSERT_THAT(views[0]->click("say", {{"text", "hi all"}}), IsOk());
  env.settle();
  int reached = 0;
  for (auto& v : views) {
    v->send_info(Message{});  // merges the pushed diffs
    if (v->html().find("<li>hi all</li>") != std::string::npos) ++reached;
  }
  EXPECT_EQ(reached, 999);  // broadcast_from skips the sender
  EXPECT_EQ(views[0]->html(), "<ul></ul>");
  views.clear();
  env.pubsub.broadcast(
      std::make_shared<const Message>(Message{"room:lobby", "said", std::string("x")}));
  EXPECT_EQ(env.pubsub.subscriber_count("room:lobby"), 0u);
}

// ---- async -----------------------------------------------------------------------------------

struct Loader : View {
  AsyncValue<std::string> profile;
  std::string log;
  static inline std::mutex mu;
  static inline std::condition_variable cv;
  static inline bool release = false;

  void handle_event(std::string_view event, const Params&, Socket& socket) override {
    if (event == "load") {
      socket.assign_async(profile, [] {
        std::unique_lock lock(mu);
        cv.wait(lock, [] { return release; });
        return std::string("Ada");
      });
    } else if (event == "fail") {
      socket.assign_async(profile, []() -> std::string { throw std::runtime_error("db down"); });
    } else if (event == "compute") {
      socket.start_async("sum", [] { return 6 * 7; });
    } else if (event == "note") {
      log += "note;";
    }
  }
  void handle_async(std::string_view name, const AsyncResult& r, Socket&) override {
    log += std::string(name) + "=" + std::to_string(std::any_cast<int>(r.value)) + ";";
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<p>", "</p><p>", "</p>"};
    std::string state = profile.loading()  ? "loading"
                        : profile.ok()     ? *profile.value
                        : profile.failed() ? "failed: " + profile.error
                                           : "idle";
    ctx.root(s).text(0, state).text(1, log);
  }
};

TEST(Views, AsyncResultsArriveAfterTheViewMovedOnWithoutBlockingIt) {
  TestEnvironment env;
  boost::asio::thread_pool pool(1);
  env.runtime.async_pool = &pool;
  Loader::release = false;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Loader>(); }, "/load");
  ASSERT_THAT(lv->click("load"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<p>loading</p>"));
  // The view keeps serving events while the work waits.
  ASSERT_THAT(lv->click("note"), IsOk());
  EXPECT_THAT(lv->html(), HasSubstr("<p>note;</p>"));
  {
    std::lock_guard lock(Loader::mu);
    Loader::release = true;
  }
  Loader::cv.notify_all();
  ASSERT_TRUE(lv->run_until([&] { return lv->html().find("<p>Ada</p>") != std::string::npos; }));
  EXPECT_THAT(lv->html(), HasSubstr("<p>Ada</p><p>note;</p>"));
  ASSERT_THAT(lv->click("fail"), IsOk());
  ASSERT_TRUE(
      lv->run_until([&] { return lv->html().find("failed: db down") != std::string::npos; }));
  ASSERT_THAT(lv->click("compute"), IsOk());
  ASSERT_TRUE(lv->run_until([&] { return lv->html().find("sum=42;") != std::string::npos; }));
  pool.join();
}

// ---- telemetry -------------------------------------------------------------------------------

struct RecordingSink : TelemetrySink {
  std::vector<TelemetryEvent::Kind> kinds;
  std::vector<std::string> names;
  std::size_t render_bytes = 0;
  void on_event(const TelemetryEvent& e) override {
    kinds.push_back(e.what);
    names.emplace_back(e.name);
    if (e.what == TelemetryEvent::Kind::render) render_bytes += e.diff_bytes;
  }
};

TEST(Views, TelemetryReportsEveryStep) {
  TestEnvironment env;
  RecordingSink sink;
  env.runtime.telemetry = &sink;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Counter>(); }, "/counter");
  ASSERT_THAT(lv->click("inc"), IsOk());
  using k = TelemetryEvent::Kind;
  EXPECT_THAT(sink.kinds, ::testing::ElementsAre(k::mount, k::mount, k::handle_params, k::render,
                                                 k::handle_event, k::render));
  EXPECT_EQ(sink.names[4], "inc");
  EXPECT_GT(sink.render_bytes, 9u);
}

// ---- streams in views ------------------------------------------------------------------------

struct Feed : View {
  struct post {
    std::int64_t id;
    std::string text;
  };
  Stream<post> posts{"posts"};
  std::int64_t next = 1;
  void mount(const Params&, const Params&, Socket&) override {
    posts.insert({next, "first"});
    ++next;
  }
  void handle_event(std::string_view event, const Params& value, Socket&) override {
    if (event == "post") posts.insert({next++, value.at("text")}, {.at = 0, .limit = 3});
    if (event == "delete") posts.remove_by_dom_id(value.at("id"));
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<ul id=\"posts\" phx-update=\"stream\">", "</ul>"};
    static const Statics item{"<li", ">", "</li>"};
    posts.render(ctx.root(page), 0, item, [](NodeRef e, const post& p, std::string_view id) {
      e.attr(0, "id", id).text(1, p.text);
    });
  }
};

TEST(Views, StreamsSendEachItemOnce) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Feed>(); }, "/feed");
  EXPECT_THAT(lv->html(), HasSubstr("<li id=\"posts-1\">first</li>"));
  for (const char* t : {"a", "b", "c"}) ASSERT_THAT(lv->click("post", {{"text", t}}), IsOk());
  EXPECT_EQ(
      lv->html(),
      "<ul id=\"posts\" phx-update=\"stream\"><li id=\"posts-4\">c</li><li id=\"posts-3\">b</li>"
      "<li id=\"posts-2\">a</li></ul>");
  EXPECT_THAT(lv->diffs().back(), Not(HasSubstr(">a<")));
  ASSERT_THAT(lv->click("delete", {{"id", "posts-3"}}), IsOk());
  EXPECT_THAT(lv->html(), Not(HasSubstr("posts-3")));
}

// ---- nested live views ----------------------------------------------------------------------

struct Ticker : View {
  int count = 0;
  std::string label;
  void mount(const Params& params, const Params& session, Socket& socket) override {
    EXPECT_TRUE(params.empty()) << "a nested view is not mounted at a route";
    label = std::string(param(session, "label").value_or("?"));
    if (label == "redirect") socket.redirect("/elsewhere");
  }
  void handle_params(const Params&, std::string_view, Socket&) override {
    ADD_FAILURE() << "handle_params on a nested view";
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      ++count;
    } else if (event == "tell") {
      socket.send_parent(Message{"", "from_child", label});
    } else if (event == "patch") {
      socket.push_patch("/x");
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<p class=\"ticker\">", ": ", "</p>"};
    ctx.root(page).text(0, label).text(1, count);
  }
};

struct Dashboard : View {
  bool show = true;
  std::vector<std::string> heard;
  std::string child_label = "a";
  void handle_event(std::string_view event, const Params&, Socket&) override {
    if (event == "toggle") show = !show;
    if (event == "relabel") child_label = "changed";
  }
  void handle_info(const Message& message, Socket&) override {
    if (message.event == "from_child") heard.push_back(*message.get<std::string>());
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<main><p id=\"heard\">", "</p>", "", "</main>"};
    std::string all;
    for (const auto& h : heard) all += h + ";";
    NodeRef root = ctx.root(page).text(0, all);
    if (show) {
      ctx.live_render<Ticker>(root, 1, {.id = "ticker", .session = {{"label", child_label}}});
    } else {
      root.text(1, "");
    }
    ctx.live_render<Ticker>(
        root, 2,
        {.id = "other", .session = {{"label", "b"}}, .tag = "section", .class_name = "side"});
  }
};

TEST(Views, NestedViewsRenderInsideTheDeadRenderAndJoinAsViewsOfTheirOwn) {
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Dashboard>(); }, "/dash");
  // The dead render shows the nested views' first render in their containers, with an empty
  // token: the client joins them through the parent's connected render.
  EXPECT_THAT(lv->dead_html(),
              HasSubstr("<div id=\"ticker\" data-phx-session=\"\" data-phx-static=\"\" "
                        "data-phx-parent-id=\"phx-view\"><p class=\"ticker\">a: 0</p></div>"));
  EXPECT_THAT(lv->dead_html(), HasSubstr("<section id=\"other\" class=\"side\" "
                                         "data-phx-session=\"\""));
  // Connected, the containers are empty and carry the token of the join.
  EXPECT_THAT(lv->html(), HasSubstr("data-phx-parent-id=\"phx-view\"></div>"));
  EXPECT_THAT(lv->html(), Not(HasSubstr("ticker\">")));
  EXPECT_THAT(lv->html(), HasSubstr("data-phx-session=\"{&quot;v&quot;:&quot;ticker&quot;,"
                                    "&quot;id&quot;:&quot;ticker&quot;,&quot;p&quot;:&quot;"
                                    "phx-view&quot;}\""));

  auto child = lv->live_child("ticker");
  ASSERT_THAT(child, IsOk());
  auto other = *lv->live_child("other");
  EXPECT_EQ((*child)->html(), "<p class=\"ticker\">a: 0</p>");
  EXPECT_EQ(other->html(), "<p class=\"ticker\">b: 0</p>");
  EXPECT_THAT(lv->live_child("nobody"), StatusIs(absl::StatusCode::kNotFound));

  // Each has its own state and events; the parent's diff does not change.
  const std::size_t parent_diffs = lv->diffs().size();
  ASSERT_THAT((*child)->click("inc"), IsOk());
  ASSERT_THAT((*child)->click("inc"), IsOk());
  EXPECT_EQ((*child)->html(), "<p class=\"ticker\">a: 2</p>");
  EXPECT_EQ(other->html(), "<p class=\"ticker\">b: 0</p>");
  EXPECT_EQ((*child)->diffs().back(), R"({"1":"2"})");

  // send_parent reaches the parent's handle_info.
  ASSERT_THAT((*child)->click("tell"), IsOk());
  ASSERT_THAT(other->click("tell"), IsOk());
  ASSERT_TRUE(lv->run_until([&] { return lv->html().find("a;b;") != std::string::npos; }));
  // The containers did not change: the parent's diffs held only the heard text.
  for (std::size_t i = parent_diffs; i < lv->diffs().size(); ++i)
    EXPECT_THAT(lv->diffs()[i], Not(HasSubstr("data-phx-session")));

  // A new session for the same id does not remount (the client keeps its token).
  ASSERT_THAT(lv->click("relabel"), IsOk());
  EXPECT_THAT(lv->diffs().back(), Not(HasSubstr("data-phx-session")));

  // push_patch is for views mounted at a route: the nested view crashes alone.
  (void)(*child)->click("patch");
  EXPECT_TRUE((*child)->crashed());
  EXPECT_FALSE(lv->crashed());
  EXPECT_FALSE(other->closed());
  ASSERT_THAT(other->click("inc"), IsOk());
  EXPECT_EQ(other->html(), "<p class=\"ticker\">b: 1</p>");
}

TEST(Views, NestedViewsNestInTurn) {
  struct Middle : View {
    void render(RenderContext& ctx) override {
      static const Statics page{"<aside>", "</aside>"};
      ctx.live_render<Ticker>(ctx.root(page), 0, {.id = "leaf", .session = {{"label", "leaf"}}});
    }
  };
  struct Top : View {
    void render(RenderContext& ctx) override {
      static const Statics page{"<main>", "</main>"};
      ctx.live_render<Middle>(ctx.root(page), 0, {.id = "middle"});
    }
  };
  TestEnvironment env;
  auto top = *LiveViewTest::mount(
      env, [] { return std::make_unique<Top>(); }, "/top");
  EXPECT_THAT(top->dead_html(),
              HasSubstr("data-phx-parent-id=\"middle\"><p class=\"ticker\">leaf: 0</p>"));
  auto middle = *top->live_child("middle");
  EXPECT_THAT(middle->html(), HasSubstr("&quot;p&quot;:&quot;middle&quot;"));
  auto leaf = *middle->live_child("leaf");
  ASSERT_THAT(leaf->click("inc"), IsOk());
  EXPECT_EQ(leaf->html(), "<p class=\"ticker\">leaf: 1</p>");
}

TEST(Views, ANestedViewThatRedirectsOnMountRedirectsThePage) {
  struct Host : View {
    void render(RenderContext& ctx) override {
      static const Statics page{"<main>", "</main>"};
      ctx.live_render<Ticker>(ctx.root(page), 0, {.id = "t", .session = {{"label", "redirect"}}});
    }
  };
  TestEnvironment env;
  auto lv = *LiveViewTest::mount(
      env, [] { return std::make_unique<Host>(); }, "/host");
  EXPECT_EQ(lv->redirected_to(), "/elsewhere");
}

TEST(Views, LiveRenderRefusesAMissingIdOrABadTag) {
  struct Bad : View {
    std::string tag;
    std::string id;
    void render(RenderContext& ctx) override {
      static const Statics page{"<main>", "</main>"};
      ctx.live_render<Ticker>(ctx.root(page), 0, {.id = id, .tag = tag});
    }
  };
  TestEnvironment env;
  EXPECT_THAT(LiveViewTest::mount(
                  env,
                  [] {
                    auto v = std::make_unique<Bad>();
                    v->tag = "div";
                    return v;
                  },
                  "/"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("needs the nested view's id")));
  EXPECT_THAT(LiveViewTest::mount(
                  env,
                  [] {
                    auto v = std::make_unique<Bad>();
                    v->id = "x";
                    v->tag = "div onclick=alert(1)";
                    return v;
                  },
                  "/"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("is not a container tag name")));
}

}  // namespace
}  // namespace livediff
