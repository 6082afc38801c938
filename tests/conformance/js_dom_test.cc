// Checks that JsDom runs the real phoenix_live_view browser client in jsdom: the DOM it patches
// from join replies, diffs and event replies, and the frames it sends for joins and user events.
#include "js_dom.h"

#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/status/status.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace livediff::testing {
namespace {

constexpr std::string_view kCounterDead =
    R"(<div class="c"><span>0</span><button phx-click="inc">+</button></div>)";
constexpr std::string_view kCounterJoin =
    R"({"0":"0","s":["<div class=\"c\"><span>",)"
    R"("</span><button phx-click=\"inc\">+</button></div>"]})";

std::string counter_html(std::string_view count) {
  return R"(<div class="c"><span>)" + std::string(count)
         + R"(</span><button phx-click="inc">+</button></div>)";
}

constexpr std::string_view kStreamDead =
    R"(<ul id="list" phx-update="stream"><li id="items-1">one</li><li id="items-2">two</li></ul>)";
constexpr std::string_view kStreamJoin =
    R"({"0":{"k":{"0":{"0":"items-1","1":"one"},"1":{"0":"items-2","1":"two"},"kc":2},)"
    R"("s":["<li id=\"","\">","</li>"],)"
    R"("stream":["0",[["items-1",-1,null,false],["items-2",-1,null,false]],[]]},)"
    R"("s":["<ul id=\"list\" phx-update=\"stream\">","</ul>"]})";

// The stream's <ul> holding `items`, each an <li> rendered as `<li id="ID">TEXT</li>`.
std::string list_html(std::string_view items) {
  return R"(<ul id="list" phx-update="stream">)" + std::string(items) + "</ul>";
}

std::unique_ptr<JsDom> start_dom() {
  absl::StatusOr<std::unique_ptr<JsDom>> dom = JsDom::start();
  EXPECT_TRUE(dom.ok()) << dom.status();
  return dom.ok() ? std::move(*dom) : nullptr;
}

// The value of `result`, or a description of its error that no expected HTML will equal.
std::string html_of(const absl::StatusOr<std::string>& result) {
  return result.ok() ? *result : "error: " + result.status().ToString();
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// One frame the client sent, [join_ref, ref, topic, event, payload], with the payload as JSON.
struct Frame {
  std::string join_ref;
  std::string ref;
  std::string topic;
  std::string event;
  std::string payload_json;
};

// The frames of a sent-frames JSON array whose event is `event`; null refs read as "".
std::vector<Frame> frames_named(std::string_view sent_json, std::string_view event) {
  rapidjson::Document sent;
  sent.Parse(sent_json.data(), sent_json.size());
  std::vector<Frame> out;
  if (sent.HasParseError() || !sent.IsArray()) {
    ADD_FAILURE() << "not a JSON array: " << sent_json;
    return out;
  }
  const auto text = [](const rapidjson::Value& v) {
    return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
  };
  for (const rapidjson::Value& frame : sent.GetArray()) {
    if (!frame.IsArray() || frame.Size() != 5 || !frame[3].IsString()) {
      ADD_FAILURE() << "not a frame: " << to_json(frame);
      continue;
    }
    if (text(frame[3]) != event) continue;
    out.push_back(
        {text(frame[0]), text(frame[1]), text(frame[2]), text(frame[3]), to_json(frame[4])});
  }
  return out;
}

TEST(JsDom, CounterMountDiffClickReply) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(html_of(dom->mount(kCounterDead, kCounterJoin)), counter_html("0"));

  // The join: session and static from the container, the socket params plus the mount counters.
  const std::vector<Frame> joins = frames_named(dom->last_sent_json(), "phx_join");
  ASSERT_EQ(joins.size(), 1u) << dom->last_sent_json();
  EXPECT_EQ(joins[0].topic, "lv:phx-view");
  EXPECT_EQ(joins[0].join_ref, joins[0].ref);
  EXPECT_EQ(joins[0].payload_json,
            R"({"url":"http://localhost/page","params":{"_csrf_token":"t","_mounts":0,)"
            R"("_mount_attempts":0},"session":"SESSION","static":"STATIC","sticky":false})");
  EXPECT_EQ(dom->last_errors_json(), "[]");

  EXPECT_EQ(html_of(dom->diff(R"({"0":"5"})")), counter_html("5"));
  EXPECT_EQ(dom->last_sent_json(), "[]");

  absl::StatusOr<std::string> sent = dom->click("button");
  ASSERT_TRUE(sent.ok()) << sent.status();
  const std::vector<Frame> events = frames_named(*sent, "event");
  ASSERT_EQ(events.size(), 1u) << *sent;
  EXPECT_EQ(events[0].topic, "lv:phx-view");
  EXPECT_EQ(events[0].join_ref, joins[0].join_ref);
  EXPECT_EQ(events[0].payload_json, R"({"type":"click","event":"inc","value":{"value":""}})");
  // Until the reply the button is locked and marked loading; the normalized HTML hides that.
  EXPECT_EQ(dom->last_html(), counter_html("5"));
  EXPECT_NE(dom->last_raw_html().find("phx-click-loading"), std::string_view::npos)
      << dom->last_raw_html();

  EXPECT_EQ(html_of(dom->reply(events[0].ref, R"({"diff":{"0":"6"}})")), counter_html("6"));
  EXPECT_EQ(dom->last_raw_html(), counter_html("6"));
}

TEST(JsDom, StreamInsertsLimitsDeletesAndResets) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  EXPECT_EQ(html_of(dom->mount(kStreamDead, kStreamJoin)),
            list_html(R"(<li id="items-1">one</li><li id="items-2">two</li>)"));
  // The client marks stream children with their stream's ref; that is bookkeeping.
  EXPECT_NE(dom->last_raw_html().find(R"(<li id="items-1" data-phx-stream="0">)"),
            std::string_view::npos)
      << dom->last_raw_html();

  // At 0 with limit 2: inserted first, then children past the limit go (from the end).
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-3","1":"three"},"kc":1},)"
                              R"("stream":["0",[["items-3",0,2,false]],[]]}})")),
            list_html(R"(<li id="items-3">three</li><li id="items-1">one</li>)"));

  // An insert of an id already in the DOM patches it where it is, whatever its position.
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-3","1":"THREE"},"kc":1},)"
                              R"("stream":["0",[["items-3",-1,null,false]],[]]}})")),
            list_html(R"(<li id="items-3">THREE</li><li id="items-1">one</li>)"));

  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"kc":0},"stream":["0",[],["items-1"]]}})")),
            list_html(R"(<li id="items-3">THREE</li>)"));

  // A reset drops every child of the stream before the inserts.
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-9","1":"nine"},"kc":1},)"
                              R"("stream":["0",[["items-9",-1,null,false]],[],true]}})")),
            list_html(R"(<li id="items-9">nine</li>)"));

  // update_only: an id not in the DOM is not added, one in the DOM is patched.
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-7","1":"seven"},"kc":1},)"
                              R"("stream":["0",[["items-7",-1,null,true]],[]]}})")),
            list_html(R"(<li id="items-9">nine</li>)"));
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-9","1":"NINE"},"kc":1},)"
                              R"("stream":["0",[["items-9",-1,null,true]],[]]}})")),
            list_html(R"(<li id="items-9">NINE</li>)"));
  EXPECT_EQ(dom->last_errors_json(), "[]");
}

TEST(JsDom, StreamInsertAtIndexAndNegativeLimit) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  ASSERT_EQ(html_of(dom->mount(kStreamDead, kStreamJoin)),
            list_html(R"(<li id="items-1">one</li><li id="items-2">two</li>)"));
  // At index 1: between the two.
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-3","1":"three"},"kc":1},)"
                              R"("stream":["0",[["items-3",1,null,false]],[]]}})")),
            list_html(R"(<li id="items-1">one</li><li id="items-3">three</li>)"
                      R"(<li id="items-2">two</li>)"));
  // Appended with limit -2: children past the limit go from the start.
  EXPECT_EQ(html_of(dom->diff(R"({"0":{"k":{"0":{"0":"items-4","1":"four"},"kc":1},)"
                              R"("stream":["0",[["items-4",-1,-2,false]],[]]}})")),
            list_html(R"(<li id="items-2">two</li><li id="items-4">four</li>)"));
}

TEST(JsDom, ComponentsAreTaggedAndDestroyedWithAPush) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  constexpr std::string_view kJoin =
      R"({"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"x","s":["<p>","</p>"],"r":1}}})";
  // The dead render already carries the component's attributes, as the server's would.
  EXPECT_EQ(html_of(dom->mount(R"(<div><p data-phx-component="1">x</p></div>)", kJoin)),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">x</p></div>)");
  EXPECT_NE(dom->last_raw_html().find(R"(data-phx-id="c1-phx-view")"), std::string_view::npos)
      << dom->last_raw_html();

  // Attributes the dead render lacks are added by morphdom, which sets them last to first.
  EXPECT_EQ(html_of(dom->mount("<div><p>x</p></div>", kJoin)),
            R"(<div><p data-phx-view="phx-view" data-phx-component="1">x</p></div>)");

  EXPECT_EQ(html_of(dom->diff(R"({"c":{"1":{"0":"y"}}})")),
            R"(<div><p data-phx-view="phx-view" data-phx-component="1">y</p></div>)");

  // Once a component leaves the DOM the client asks the server before forgetting it.
  EXPECT_EQ(html_of(dom->diff(R"({"0":""})")), "<div></div>");
  const std::vector<Frame> will_destroy = frames_named(dom->last_sent_json(), "cids_will_destroy");
  ASSERT_EQ(will_destroy.size(), 1u) << dom->last_sent_json();
  EXPECT_EQ(will_destroy[0].payload_json, R"({"cids":[1]})");
  EXPECT_EQ(html_of(dom->reply(will_destroy[0].ref, "{}")), "<div></div>");
  const std::vector<Frame> destroyed = frames_named(dom->last_sent_json(), "cids_destroyed");
  ASSERT_EQ(destroyed.size(), 1u) << dom->last_sent_json();
  EXPECT_EQ(destroyed[0].payload_json, R"({"cids":[1]})");
}

TEST(JsDom, FormChangeAndSubmit) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  constexpr std::string_view kForm =
      R"(<form id="f" phx-change="validate" phx-submit="save"><input name="q" value="">)"
      R"(<button>go</button></form>)";
  constexpr std::string_view kFormJoin =
      R"({"0":"","s":["<form id=\"f\" phx-change=\"validate\" phx-submit=\"save\">)"
      R"(<input name=\"q\" value=\"","\"><button>go</button></form>"]})";
  ASSERT_EQ(html_of(dom->mount(kForm, kFormJoin)), kForm);

  absl::StatusOr<std::string> changed = dom->input("input[name=q]", "hello");
  ASSERT_TRUE(changed.ok()) << changed.status();
  const std::vector<Frame> change = frames_named(*changed, "event");
  ASSERT_EQ(change.size(), 1u) << *changed;
  EXPECT_EQ(change[0].payload_json,
            R"({"type":"form","event":"validate","value":"q=hello","meta":{"_target":"q"},)"
            R"("uploads":{}})");
  EXPECT_EQ(html_of(dom->reply(change[0].ref, R"({"diff":{"0":"hello"}})")),
            R"(<form id="f" phx-change="validate" phx-submit="save"><input name="q" )"
            R"(value="hello"><button>go</button></form>)");

  absl::StatusOr<std::string> submitted = dom->submit("#f");
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  const std::vector<Frame> submit = frames_named(*submitted, "event");
  ASSERT_EQ(submit.size(), 1u) << *submitted;
  EXPECT_EQ(submit[0].payload_json,
            R"({"type":"form","event":"save","value":"q=hello","meta":{}})");
  // While the submit is pending, inputs are readonly and buttons disabled.
  EXPECT_NE(dom->last_raw_html().find(R"(readonly="")"), std::string_view::npos)
      << dom->last_raw_html();
  EXPECT_EQ(dom->last_html().find("readonly"), std::string_view::npos) << dom->last_html();
  EXPECT_EQ(html_of(dom->reply(submit[0].ref, R"({"diff":{"0":""}})")), kForm);
  EXPECT_EQ(dom->last_raw_html(), kForm);
}

TEST(JsDom, ClientErrorsLeaveTheRunnerUsable) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  absl::StatusOr<std::string> early = dom->diff(R"({"0":"1"})");
  EXPECT_TRUE(absl::IsInvalidArgument(early.status())) << early.status();

  ASSERT_EQ(html_of(dom->mount(kCounterDead, kCounterJoin)), counter_html("0"));
  // A component the client does not have: it logs, then throws.
  absl::StatusOr<std::string> missing = dom->diff(R"({"0":3})");
  EXPECT_TRUE(absl::IsInvalidArgument(missing.status())) << missing.status();
  EXPECT_NE(missing.status().message().find("missing component: 3"), std::string_view::npos)
      << missing.status();
  EXPECT_NE(dom->last_errors_json().find("no component for CID 3"), std::string_view::npos)
      << dom->last_errors_json();
  EXPECT_EQ(html_of(dom->diff(R"({"0":"7"})")), counter_html("7"));
  EXPECT_EQ(dom->last_errors_json(), "[]");

  absl::StatusOr<std::string> nothing = dom->click("#nothing");
  EXPECT_TRUE(absl::IsInvalidArgument(nothing.status())) << nothing.status();
  absl::StatusOr<std::string> unknown_ref = dom->reply("999", "{}");
  EXPECT_TRUE(absl::IsInvalidArgument(unknown_ref.status())) << unknown_ref.status();
  absl::StatusOr<std::string> malformed = dom->diff("{not json");
  EXPECT_TRUE(absl::IsInvalidArgument(malformed.status())) << malformed.status();
  absl::StatusOr<std::string> newline = dom->diff("{\"0\":\n\"8\"}");
  EXPECT_TRUE(absl::IsInvalidArgument(newline.status())) << newline.status();
  EXPECT_EQ(html_of(dom->diff(R"({"0":"8"})")), counter_html("8"));

  // A join the client cannot render: a component root must start with a tag.
  absl::StatusOr<std::string> untagged =
      dom->mount("", R"({"0":{"0":"x","s":["text <p>","</p>"],"r":1},"s":["<div>","</div>"]})");
  EXPECT_TRUE(absl::IsInvalidArgument(untagged.status())) << untagged.status();
  EXPECT_EQ(html_of(dom->mount(kCounterDead, kCounterJoin)), counter_html("0"));
}

TEST(JsDom, MovesKeepTheChild) {
  std::unique_ptr<JsDom> dom = start_dom();
  ASSERT_NE(dom, nullptr);
  ASSERT_EQ(html_of(dom->mount(kCounterDead, kCounterJoin)), counter_html("0"));
  JsDom moved = std::move(*dom);
  dom.reset();
  EXPECT_EQ(html_of(moved.diff(R"({"0":"5"})")), counter_html("5"));
}

TEST(JsDom, RunnerThatDiesIsInternal) {
  const std::string path = ::testing::TempDir() + "js_dom_exits.js";
  std::ofstream(path) << "process.exit(3);\n";
  absl::StatusOr<std::unique_ptr<JsDom>> failed = JsDom::start(path);
  EXPECT_TRUE(absl::IsInternal(failed.status())) << failed.status();
  EXPECT_NE(std::string(failed.status().message()).find("status 3"), std::string::npos)
      << failed.status();
}

TEST(JsDom, MissingBundleIsNotFound) {
  absl::StatusOr<std::unique_ptr<JsDom>> dom = JsDom::start("/nonexistent/bundle.js");
  EXPECT_TRUE(absl::IsNotFound(dom.status())) << dom.status();
}

}  // namespace
}  // namespace livediff::testing
