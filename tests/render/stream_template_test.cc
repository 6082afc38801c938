// `:for` over a stream assign: the pending operations go out as a stream comprehension whose
// container gets phx-update="stream", with `dom_id` available in the body.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/core/html.h"

#include "feed.heex.h"
#include "js_client.h"
#include "round_trip.h"
#include "workloads.h"

namespace livediff {
namespace {

using testing::JsClient;
using testing::RoundTrip;
using workloads::make_feed_item;

struct feed_client {
  templates::feed::assigns a;
  Rendered r;
  Differ differ;
  DiffState state;

  std::string render() {
    templates::feed::render(r, a);
    std::string diff(differ.diff(r, state));
    a.clear_changes();
    return diff;
  }
};

TEST(StreamTemplate, SendsPendingOperationsOnce) {
  feed_client c;
  c.a.mutable_items().insert(make_feed_item(1)).insert(make_feed_item(2));
  EXPECT_EQ(
      c.render(),
      "{\"0\":\"Feed\",\"1\":{\"k\":{\"0\":{\"0\":\" id=\\\"items-1\\\"\",\"1\":\"user37\",\"2\":"
      "\"1700000001\",\"3\":\"Post number 1 about desk\",\"4\":\" phx-value-id=\\\"1\\\"\"},\"1\":"
      "{\"0\":\" id=\\\"items-2\\\"\",\"1\":\"user74\",\"2\":\"1700000002\",\"3\":\"Post number 2 "
      "about sandwich\",\"4\":\" phx-value-id=\\\"2\\\"\"},\"kc\":2},\"stream\":[\"0\",[[\"items-"
      "1\",-1,null,false],[\"items-2\",-1,null,false]],[]],\"s\":0},\"s\":1,\"p\":{\"0\":[\"<"
      "article\",\" class=\\\"item\\\"><header><span class=\\\"author\\\">\",\"</span> "
      "<time>\",\"</time></header><p>\",\"</p><button phx-click=\\\"like\\\"\",\">like</button></"
      "article>\"],\"1\":[\"<h1>\",\"</h1><div id=\\\"feed\\\" class=\\\"feed\\\" "
      "phx-update=\\\"stream\\\">\",\"</div>\"]}}");
  EXPECT_EQ(c.a.items().pending(), 0u);
  // Nothing pending, nothing changed.
  EXPECT_EQ(c.render(), "{}");
  // Another assign changed: the stream is not walked.
  c.a.set_title("<T>");
  EXPECT_EQ(c.render(), "{\"0\":\"&lt;T&gt;\"}");
}

TEST(StreamTemplate, InsertDeleteAndReset) {
  feed_client c;
  c.a.mutable_items().insert(make_feed_item(1)).insert(make_feed_item(2));
  (void)c.render();
  c.a.mutable_items().insert(make_feed_item(3), {.at = 0, .limit = 2});
  EXPECT_EQ(
      c.render(),
      "{\"1\":{\"k\":{\"0\":{\"0\":\" id=\\\"items-3\\\"\",\"1\":\"user111\",\"2\":"
      "\"1700000003\",\"3\":\"Post number 3 about keyboard\",\"4\":\" "
      "phx-value-id=\\\"3\\\"\"},\"kc\":1},\"stream\":[\"0\",[[\"items-3\",0,2,false]],[]]}}");
  c.a.mutable_items().remove(make_feed_item(1));
  EXPECT_EQ(c.render(), "{\"1\":{\"k\":{\"kc\":0},\"stream\":[\"0\",[],[\"items-1\"]]}}");
  c.a.mutable_items().reset();
  EXPECT_EQ(c.render(), "{\"1\":{\"k\":{\"kc\":0},\"stream\":[\"0\",[],[],true]}}");
}

TEST(StreamTemplate, ItemsHaveTheBuildersStatics) {
  // The article of feed.heex is the feed item of the reference workload, dynamics in order.
  feed_client c;
  c.a.mutable_items().insert(make_feed_item(7));
  (void)c.render();
  Rendered builder;
  ComprehensionRef list = builder.root(workloads::feed_statics())
                              .comprehension(0, workloads::feed_item_statics())
                              .stream("0");
  const std::string id = workloads::feed_dom_id(7);
  workloads::render_feed_item(list.stream_insert(id), make_feed_item(7), id);
  const std::string expected(Differ().full(builder));
  c.state.clear();
  c.a.mutable_items().insert(make_feed_item(7));
  c.a.mark_all_changed();
  const std::string ours = c.render();
  const std::string entries = "{\"k\":{\"0\":{\"0\":\" id=\\\"items-7\\\"\"";
  EXPECT_NE(expected.find(entries), std::string::npos);
  EXPECT_NE(ours.find(entries), std::string::npos);
  EXPECT_NE(ours.find(std::string(workloads::feed_item_statics().json())), std::string::npos);
}

// DOM ids of the articles in `html`, in order.
std::vector<std::string> shown(const std::string& html) {
  std::vector<std::string> ids;
  for (std::size_t at = html.find("id=\"items-"); at != std::string::npos;
       at = html.find("id=\"items-", at + 1)) {
    const std::size_t start = at + 4;
    ids.push_back(html.substr(start, html.find('"', start) - start));
  }
  return ids;
}

TEST(StreamTemplate, RealClientShowsTheStream) {
  auto js = JsClient::start();
  ASSERT_TRUE(js.ok()) << js.status();
  ClientModel model;
  templates::feed::assigns a;
  Rendered r;
  Differ differ;
  DiffState state;
  // Both clients get each diff. The real client's tree holds the stream items of that diff only
  // (the DOM keeps the others), so it must show this render's dead HTML; the client model keeps
  // every item, as the DOM does, in the order the operations put them.
  auto step = [&](const std::vector<std::string>& ids) {
    const bool join = state.empty();
    // A stream renders once, so this render is also the oracle: everything is rendered.
    a.mark_all_changed();
    templates::feed::render(r, a);
    const std::string diff(differ.diff(r, state));
    a.clear_changes();
    std::string expected;
    ASSERT_TRUE(render_html(r, expected, {.view_id = RoundTrip::kViewId}).ok());
    auto html = join ? (*js)->join(diff, RoundTrip::kViewId) : (*js)->diff(diff);
    ASSERT_TRUE(html.ok()) << html.status() << " for " << diff;
    EXPECT_EQ(*html, expected);
    ASSERT_TRUE((join ? model.join(diff) : model.merge(diff)).ok()) << diff;
    EXPECT_EQ(shown(model.html()), ids) << diff;
  };
  a.mutable_items().insert(make_feed_item(1)).insert(make_feed_item(2));
  step({"items-1", "items-2"});
  a.mutable_items().insert(make_feed_item(3), {.at = 0, .limit = 2});
  step({"items-3", "items-1"});
  a.mutable_items().remove(make_feed_item(1)).insert(make_feed_item(4));
  a.set_title("Latest");
  step({"items-3", "items-4"});
  EXPECT_NE(model.html().find("<h1>Latest</h1>"), std::string::npos);
  a.mutable_items().reset(std::vector{make_feed_item(9)});
  step({"items-9"});
  EXPECT_NE(model.html().find("phx-update=\"stream\""), std::string::npos);
}

}  // namespace
}  // namespace livediff
