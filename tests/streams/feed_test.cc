#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/streams/feed_window.h"
#include "livediff/streams/log_tail.h"

#include "workloads.h"

namespace livediff {
namespace {

using ::testing::ElementsAre;
using workloads::feed_item;

// A feed of `size` items, newest (highest id) at the top; the cursor is the id.
feed_source<feed_item, std::int64_t> numbered_feed(std::int64_t size) {
  feed_source<feed_item, std::int64_t> source;
  source.after = [size](const std::optional<std::int64_t>& cursor, std::size_t n) {
    std::vector<feed_item> page;
    for (std::int64_t id = cursor ? *cursor - 1 : size; id >= 1 && page.size() < n; --id) {
      page.push_back(workloads::make_feed_item(id));
    }
    return page;
  };
  source.before = [size](const std::int64_t& cursor, std::size_t n) {
    std::vector<feed_item> page;
    for (std::int64_t id = std::min(size, cursor + static_cast<std::int64_t>(n)); id > cursor;
         --id) {
      page.push_back(workloads::make_feed_item(id));
    }
    return page;
  };
  source.cursor_of = [](const feed_item& item) { return item.id; };
  return source;
}

class client_page {
 public:
  template <class RenderStream>
  void render(RenderStream&& render_stream) {
    render_stream(r_.root(workloads::feed_statics()));
    const bool join = state_.empty();
    std::string diff(differ_.diff(r_, state_));
    last_diff_ = diff;
    absl::Status s = join ? client_.join(diff) : client_.merge(diff);
    ASSERT_TRUE(s.ok()) << s << " for " << diff;
  }

  std::vector<std::int64_t> shown_ids() const {
    std::vector<std::int64_t> ids;
    const std::string& html = client_.html();
    for (std::size_t at = html.find("id=\"items-"); at != std::string::npos;
         at = html.find("id=\"items-", at + 1)) {
      ids.push_back(std::stoll(html.substr(at + 10)));
    }
    return ids;
  }
  const std::string& last_diff() const { return last_diff_; }

 private:
  Rendered r_;
  Differ differ_;
  DiffState state_;
  ClientModel client_;
  std::string last_diff_;
};

auto render_window(FeedWindow<feed_item, std::int64_t>& window) {
  return [&window](NodeRef root) {
    window.stream().render(root, 0, workloads::feed_item_statics(),
                           [](NodeRef e, const feed_item& item, std::string_view dom_id) {
                             workloads::render_feed_item(e, item, dom_id);
                           });
  };
}

std::vector<std::int64_t> as_vector(const std::deque<std::int64_t>& d) {
  return {d.begin(), d.end()};
}

TEST(FeedWindow, ScrollsBothWaysWithABoundedDom) {
  FeedWindow<feed_item, std::int64_t> window(
      Stream<feed_item>("items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); }),
      numbered_feed(100), 10, 30);
  client_page page;
  window.load_first();
  page.render(render_window(window));
  EXPECT_EQ(page.shown_ids().size(), 10u);
  EXPECT_EQ(page.shown_ids().front(), 100);
  EXPECT_TRUE(window.at_top());

  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(window.load_next());
    page.render(render_window(window));
  }
  // 50 loaded, the client keeps the last 30: ids 80..51.
  EXPECT_EQ(page.shown_ids().size(), 30u);
  EXPECT_EQ(page.shown_ids().front(), 80);
  EXPECT_EQ(page.shown_ids().back(), 51);
  EXPECT_EQ(page.shown_ids(), as_vector(window.shown()));
  EXPECT_FALSE(window.at_top());

  ASSERT_TRUE(window.load_previous());
  page.render(render_window(window));
  EXPECT_EQ(page.shown_ids().front(), 90);
  EXPECT_EQ(page.shown_ids().back(), 61);
  EXPECT_EQ(page.shown_ids(), as_vector(window.shown()));
  EXPECT_FALSE(window.at_bottom());

  ASSERT_TRUE(window.load_previous());
  page.render(render_window(window));
  EXPECT_EQ(page.shown_ids().front(), 100);
  // A full page came back, so only the next (empty) fetch can tell it was the top.
  EXPECT_FALSE(window.load_previous());
  EXPECT_TRUE(window.at_top());
  EXPECT_EQ(page.shown_ids(), as_vector(window.shown()));
}

TEST(FeedWindow, StopsAtTheBottom) {
  FeedWindow<feed_item, std::int64_t> window(
      Stream<feed_item>("items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); }),
      numbered_feed(25), 10, 30);
  client_page page;
  window.load_first();
  page.render(render_window(window));
  EXPECT_TRUE(window.load_next());
  EXPECT_TRUE(window.load_next());
  EXPECT_TRUE(window.at_bottom());
  EXPECT_FALSE(window.load_next());
  page.render(render_window(window));
  EXPECT_EQ(page.shown_ids().size(), 25u);
  EXPECT_EQ(page.shown_ids().back(), 1);
}

TEST(FeedWindow, LiveItemsAppearOnlyForReadersAtTheTop) {
  FeedWindow<feed_item, std::int64_t> window(
      Stream<feed_item>("items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); }),
      numbered_feed(100), 10, 20);
  client_page page;
  window.load_first();
  page.render(render_window(window));
  window.push_top(workloads::make_feed_item(101));
  page.render(render_window(window));
  EXPECT_EQ(page.shown_ids().front(), 101);
  EXPECT_EQ(page.shown_ids().size(), 11u);
  window.load_next();
  window.load_next();
  page.render(render_window(window));
  EXPECT_FALSE(window.at_top());
  window.push_top(workloads::make_feed_item(102));
  EXPECT_EQ(window.stream().pending(), 0u);
}

TEST(FeedWindow, MemoryDependsOnTheWindowNotTheFeed) {
  FeedWindow<feed_item, std::int64_t> window(
      Stream<feed_item>("items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); }),
      numbered_feed(1'000'000), 50, 150);
  client_page page;
  window.load_first();
  page.render(render_window(window));
  std::size_t early = 0;
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(window.load_next());
    page.render(render_window(window));
    if (i == 10) early = window.memory_bytes();
  }
  EXPECT_EQ(window.shown().size(), 150u);
  EXPECT_LE(window.memory_bytes(), early + 1024);
}

TEST(LogTail, BurstsCoalesceIntoOneBoundedDiff) {
  using clock = LogTail<std::string>::clock;
  LogTail<std::string> log("log", 100, std::chrono::milliseconds(16));
  static const Statics page{"<pre id=\"log\" phx-update=\"stream\">", "</pre>"};
  static const Statics line{"<div", ">", "</div>"};
  Rendered r;
  Differ differ;
  DiffState state;
  ClientModel client;
  auto render = [&](clock::time_point now) {
    log.render(
        r.root(page), 0, line,
        [](NodeRef e, const std::string& text, std::string_view id) {
          e.attr(0, "id", id).text(1, text);
        },
        now);
    const bool join = state.empty();
    std::string diff(differ.diff(r, state));
    EXPECT_TRUE((join ? client.join(diff) : client.merge(diff)).ok()) << diff;
    return diff;
  };
  const clock::time_point t0{};
  render(t0);

  for (int i = 0; i < 1000; ++i) log.append("line " + std::to_string(i));
  EXPECT_EQ(log.pending(), 100u);
  EXPECT_EQ(log.dropped(), 900u);
  EXPECT_TRUE(log.due(t0 + std::chrono::milliseconds(16)));
  EXPECT_FALSE(log.due(t0 + std::chrono::milliseconds(5)));
  std::string diff = render(t0 + std::chrono::milliseconds(16));
  EXPECT_NE(diff.find("\"kc\":100"), std::string::npos);
  EXPECT_EQ(client.html().find("line 899"), std::string::npos);
  EXPECT_NE(client.html().find("line 900"), std::string::npos);
  EXPECT_NE(client.html().find("line 999"), std::string::npos);
  EXPECT_FALSE(log.due(t0 + std::chrono::milliseconds(40)));

  log.append("one more");
  EXPECT_FALSE(log.due(t0 + std::chrono::milliseconds(20)));
  EXPECT_TRUE(log.due(t0 + std::chrono::milliseconds(32)));
  render(t0 + std::chrono::milliseconds(32));
  EXPECT_EQ(client.html().find("line 900<"), std::string::npos);  // pruned to the last 100
  EXPECT_NE(client.html().find("one more"), std::string::npos);
}

}  // namespace
}  // namespace livediff
