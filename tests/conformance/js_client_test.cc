// Checks that JsClient runs the real phoenix_live_view client on wire payloads and reports the
// HTML LiveView's diff semantics call for.
#include "js_client.h"

#include <array>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <absl/status/status.h>
#include <gtest/gtest.h>

namespace livediff::testing {
namespace {

constexpr std::string_view kCounterJoin =
    R"({"0":"0","p":{"0":["<div class=\"counter\">\n  <h1>Counter</h1>\n  <p>The current count is: )"
    R"(<span class=\"value\">","</span></p>\n  <button phx-click=\"inc\">+</button>\n  )"
    R"(<button phx-click=\"dec\">-</button>\n</div>"]},"r":1,"s":0})";

std::string counter_html(std::string_view count) {
  return std::string("<div class=\"counter\">\n  <h1>Counter</h1>\n  <p>The current count is: ")
         + "<span class=\"value\">" + std::string(count)
         + "</span></p>\n  <button phx-click=\"inc\">+</button>\n"
         + "  <button phx-click=\"dec\">-</button>\n</div>";
}

std::unique_ptr<JsClient> start_client() {
  absl::StatusOr<std::unique_ptr<JsClient>> client = JsClient::start();
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? std::move(*client) : nullptr;
}

// The value of `result`, or a description of its error that no expected HTML will equal.
std::string html_of(const absl::StatusOr<std::string>& result) {
  return result.ok() ? *result : "error: " + result.status().ToString();
}

TEST(JsClient, CounterJoinAndDiff) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  // The root "s" is an index into the shared templates "p"; the top-level "r" is the reply slot.
  EXPECT_EQ(html_of(client->join(kCounterJoin)), counter_html("0"));
  EXPECT_EQ(html_of(client->diff(R"({"0":"1"})")), counter_html("1"));
  EXPECT_EQ(html_of(client->diff(R"({"0":"2"})")), counter_html("2"));
  EXPECT_EQ(client->last_client_html(), counter_html("2"));
  EXPECT_EQ(client->last_streams_json(), "[]");
}

TEST(JsClient, KeyedComprehensionMove) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(
      html_of(client->join(
          R"({"0":{"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2},"s":0},"p":{"0":["<li>","</li>"]},)"
          R"("s":["<ul>","</ul>"]})")),
      "<ul><li>a</li><li>b</li></ul>");
  // Entry i takes old entry k[i]: a swap.
  EXPECT_EQ(html_of(client->diff(R"({"0":{"k":{"0":1,"1":0,"kc":2,"km":true}}})")),
            "<ul><li>b</li><li>a</li></ul>");
  // [old index, diff] moves and changes; entries past the new count go.
  EXPECT_EQ(html_of(client->diff(R"({"0":{"k":{"0":[1,{"0":"A"}],"kc":1,"km":true}}})")),
            "<ul><li>A</li></ul>");
  // A plain object at an index updates (or creates) the entry there.
  EXPECT_EQ(html_of(client->diff(R"({"0":{"k":{"1":{"0":"c"},"kc":2}}})")),
            "<ul><li>A</li><li>c</li></ul>");
}

TEST(JsClient, ComponentRootsAreTagged) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(html_of(client->join(
                R"({"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"x","s":["<p>","</p>"],"r":1}}})")),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">x</p></div>)");
  // The client's own render carries a magic id per root; the comparable HTML does not.
  EXPECT_EQ(client->last_client_html(),
            R"(<div><p data-phx-id="c1-phx-view" data-phx-component="1" )"
            R"(data-phx-view="phx-view">x</p></div>)");

  // A component-only diff: the client re-renders just that component.
  EXPECT_EQ(html_of(client->diff(R"({"c":{"1":{"0":"y"}}})")),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">y</p></div>)");
  EXPECT_EQ(
      client->last_client_html(),
      R"(<p data-phx-id="c1-phx-view" data-phx-component="1" data-phx-view="phx-view">y</p>)");
}

TEST(JsClient, ComponentsShareStaticsByCid) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  // "s": 1 in a new component reuses the statics of component 1 from the same diff.
  EXPECT_EQ(html_of(client->join(R"({"0":1,"1":2,"s":["<div>","","</div>"],"c":{)"
                                 R"("1":{"0":"a","s":["<p>","</p>"],"r":1},)"
                                 R"("2":{"0":"b","s":1,"r":1}}})")),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">a</p>)"
            R"(<p data-phx-component="2" data-phx-view="phx-view">b</p></div>)");
  // "s": -1 reuses the statics component 1 already has on the client.
  EXPECT_EQ(html_of(client->diff(R"({"1":3,"c":{"3":{"0":"c","s":-1,"r":1}}})")),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">a</p>)"
            R"(<p data-phx-component="3" data-phx-view="phx-view">c</p></div>)");
}

TEST(JsClient, UnchangedRootsAreRenderedInFull) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(html_of(client->join(R"({"0":{"0":"x","s":["<span>","</span>"],"r":1},"1":"a",)"
                                 R"("s":["<div>","","</div>"]})",
                                 "phx-F1")),
            "<div><span>x</span>a</div>");
  EXPECT_EQ(html_of(client->diff(R"({"1":"b"})")), "<div><span>x</span>b</div>");
  // The client itself skips the root whose subtree did not change.
  EXPECT_EQ(client->last_client_html(),
            R"(<div><span data-phx-id="m1-phx-F1" data-phx-skip></span>b</div>)");
}

TEST(JsClient, ReportsStreams) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(
      html_of(client->join(
          R"({"0":{"k":{"0":{"0":"items-1","1":"a"},"1":{"0":"items-2","1":"b"},"kc":2},)"
          R"("s":["<li id=\"","\">","</li>"],)"
          R"("stream":["0",[["items-1",-1,null,false],["items-2",-1,null,false]],[],false]},)"
          R"("s":["<ul id=\"items\" phx-update=\"stream\">","</ul>"]})")),
      R"(<ul id="items" phx-update="stream"><li id="items-1">a</li><li id="items-2">b</li></ul>)");
  EXPECT_EQ(client->last_streams_json(),
            R"([["0",[["items-1",-1,null,false],["items-2",-1,null,false]],[],false]])");
  // The client keeps no stream entries once rendered: a diff carries only the new ones.
  EXPECT_EQ(
      html_of(client->diff(R"({"0":{"k":{"0":{"0":"items-3","1":"c"},"kc":1},)"
                           R"("stream":["0",[["items-3",0,null,false]],["items-1"],false]}})")),
      R"(<ul id="items" phx-update="stream"><li id="items-3">c</li></ul>)");
  EXPECT_EQ(client->last_streams_json(), R"([["0",[["items-3",0,null,false]],["items-1"],false]])");
}

TEST(JsClient, ErrorsLeaveTheRunnerUsable) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);

  absl::StatusOr<std::string> early = client->diff(R"({"0":"1"})");
  EXPECT_TRUE(absl::IsInvalidArgument(early.status())) << early.status();

  ASSERT_EQ(html_of(client->join(kCounterJoin)), counter_html("0"));
  // Not JSON: the runner never gets to the client, so the view survives.
  absl::StatusOr<std::string> malformed = client->diff("{not json");
  EXPECT_TRUE(absl::IsInvalidArgument(malformed.status())) << malformed.status();
  EXPECT_EQ(html_of(client->diff(R"({"0":"1"})")), counter_html("1"));

  absl::StatusOr<std::string> newline = client->diff("{\"0\":\n\"2\"}");
  EXPECT_TRUE(absl::IsInvalidArgument(newline.status())) << newline.status();
  EXPECT_EQ(html_of(client->diff(R"({"0":"2"})")), counter_html("2"));
}

TEST(JsClient, ClientExceptionsAreErrors) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(html_of(client->join(
                R"({"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"x","s":["<p>","</p>"],"r":1}}})")),
            R"(<div><p data-phx-component="1" data-phx-view="phx-view">x</p></div>)");
  const std::array<int, 1> cids = {1};
  ASSERT_TRUE(client->prune(cids).ok());
  // A pruned component must be sent again, statics included, before it is referenced.
  absl::StatusOr<std::string> missing = client->diff(R"({"0":1})");
  EXPECT_TRUE(absl::IsInvalidArgument(missing.status())) << missing.status();
  EXPECT_NE(missing.status().message().find("missing component: 1"), std::string_view::npos)
      << missing.status();

  // A root must start with a tag.
  absl::StatusOr<std::string> untagged =
      client->join(R"({"0":{"0":"x","s":["text <p>","</p>"],"r":1},"s":["<div>","</div>"]})");
  EXPECT_TRUE(absl::IsInvalidArgument(untagged.status())) << untagged.status();

  EXPECT_EQ(html_of(client->join(kCounterJoin)), counter_html("0"));
}

TEST(JsClient, MovesKeepTheChild) {
  std::unique_ptr<JsClient> client = start_client();
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(html_of(client->join(kCounterJoin)), counter_html("0"));
  JsClient moved = std::move(*client);
  client.reset();
  EXPECT_EQ(html_of(moved.diff(R"({"0":"5"})")), counter_html("5"));
}

// Writes a stand-in for the runner bundle.
std::string write_script(std::string_view name, std::string_view source) {
  const std::string path = ::testing::TempDir() + std::string(name);
  std::ofstream(path) << source;
  return path;
}

TEST(JsClient, RunnerThatDiesIsInternal) {
  const std::string exits = write_script("js_client_exits.js", "process.exit(3);\n");
  absl::StatusOr<std::unique_ptr<JsClient>> failed = JsClient::start(exits);
  EXPECT_TRUE(absl::IsInternal(failed.status())) << failed.status();
  EXPECT_NE(std::string(failed.status().message()).find("status 3"), std::string::npos)
      << failed.status();

  // Answers the handshake, then exits; by the time the next command is written it is gone.
  const std::string answers_once =
      write_script("js_client_answers_once.js",
                   "process.stdin.once('data', () => { process.stdout.write('{\"ok\":true}\\n'); "
                   "process.exit(0); });\n");
  absl::StatusOr<std::unique_ptr<JsClient>> client = JsClient::start(answers_once);
  ASSERT_TRUE(client.ok()) << client.status();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  absl::StatusOr<std::string> gone = (*client)->join(kCounterJoin);
  EXPECT_TRUE(absl::IsInternal(gone.status())) << gone.status();
  absl::StatusOr<std::string> still_gone = (*client)->diff(R"({"0":"1"})");
  EXPECT_TRUE(absl::IsInternal(still_gone.status())) << still_gone.status();
}

TEST(JsClient, MissingBundleIsNotFound) {
  absl::StatusOr<std::unique_ptr<JsClient>> client = JsClient::start("/nonexistent/bundle.js");
  EXPECT_TRUE(absl::IsNotFound(client.status())) << client.status();
}

}  // namespace
}  // namespace livediff::testing
