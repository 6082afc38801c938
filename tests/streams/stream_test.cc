#include "livediff/streams/stream.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"

#include "golden.h"
#include "livediff/testing/status_matchers.h"
#include "workloads.h"

namespace livediff {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::IsOk;
using workloads::feed_item;

using testing::golden;

// The feed page of the reference workload, with the stream in slot 0.
struct feed_page {
  Stream<feed_item> items{"items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); },
                          "0"};
  Rendered r;
  Differ differ;
  DiffState state;
  ClientModel client;

  std::string render() {
    items.render(r.root(workloads::feed_statics()), 0, workloads::feed_item_statics(),
                 [](NodeRef e, const feed_item& item, std::string_view id) {
                   workloads::render_feed_item(e, item, id);
                 });
    const bool join = state.empty();
    std::string diff(differ.diff(r, state));
    absl::Status s = join ? client.join(diff) : client.merge(diff);
    EXPECT_TRUE(s.ok()) << s << " for " << diff;
    return diff;
  }

  // DOM ids the client shows, in order.
  std::vector<std::string> shown() const {
    std::vector<std::string> ids;
    const std::string& html = client.html();
    for (std::size_t at = html.find("id=\"items-"); at != std::string::npos;
         at = html.find("id=\"items-", at + 1)) {
      std::size_t start = at + 4;
      ids.push_back(html.substr(start, html.find('"', start) - start));
    }
    return ids;
  }
};

TEST(Stream, InsertAtTopWithLimitIsWhatLiveViewSends) {
  feed_page page;
  for (std::int64_t id = 1; id <= 10000; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  EXPECT_EQ(page.shown().size(), 10000u);
  page.items.insert(workloads::make_feed_item(10001), {.at = 0, .limit = 1000});
  EXPECT_EQ(page.render(), golden("c_stream10k__insert_top.json"));
  EXPECT_EQ(page.shown().size(), 1000u);
  EXPECT_EQ(page.shown().front(), "items-10001");
  EXPECT_EQ(page.shown().back(), "items-999");
}

TEST(Stream, DeleteIsWhatLiveViewSends) {
  feed_page page;
  for (std::int64_t id = 1; id <= 10000; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.remove(workloads::make_feed_item(5000));
  EXPECT_EQ(page.render(), golden("c_stream10k__delete_one.json"));
  EXPECT_EQ(page.shown().size(), 9999u);
}

TEST(Stream, ResetWithItemsIsNoLargerThanLiveViews) {
  feed_page page;
  for (std::int64_t id = 1; id <= 10000; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  std::vector<feed_item> fresh;
  for (std::int64_t id = 10001; id <= 10100; ++id) fresh.push_back(workloads::make_feed_item(id));
  page.items.reset(fresh);
  std::string diff = page.render();
  EXPECT_LE(diff.size(), golden("c_stream10k__reset_100.json").size());
  EXPECT_THAT(diff, HasSubstr("],[],true]"));
  EXPECT_EQ(page.shown().size(), 100u);
  EXPECT_EQ(page.shown().front(), "items-10001");
}

TEST(Stream, NothingPendingSendsNothing) {
  feed_page page;
  page.items.insert(workloads::make_feed_item(1));
  page.render();
  EXPECT_EQ(page.render(), "{}");
}

TEST(Stream, InsertOfAShownIdReplacesItInPlace) {
  feed_page page;
  for (std::int64_t id = 1; id <= 3; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  feed_item changed = workloads::make_feed_item(2);
  changed.body = "edited";
  page.items.insert(changed, {.at = 0});
  page.render();
  EXPECT_THAT(page.shown(), ElementsAre("items-1", "items-2", "items-3"));
  EXPECT_THAT(page.client.html(), HasSubstr("<p>edited</p>"));
}

TEST(Stream, InsertAtAnIndex) {
  feed_page page;
  for (std::int64_t id = 1; id <= 3; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.insert(workloads::make_feed_item(9), {.at = 1});
  page.render();
  EXPECT_THAT(page.shown(), ElementsAre("items-1", "items-9", "items-2", "items-3"));
}

TEST(Stream, NegativeLimitKeepsTheLastItems) {
  feed_page page;
  for (std::int64_t id = 1; id <= 5; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.insert(workloads::make_feed_item(6), {.at = -1, .limit = -3});
  page.render();
  EXPECT_THAT(page.shown(), ElementsAre("items-4", "items-5", "items-6"));
}

TEST(Stream, UpdateOnlyNeverAdds) {
  feed_page page;
  page.items.insert(workloads::make_feed_item(1));
  page.render();
  feed_item one = workloads::make_feed_item(1);
  one.author = "someone";
  page.items.insert(workloads::make_feed_item(2), {.update_only = true});
  page.items.insert(one, {.update_only = true});
  std::string diff = page.render();
  EXPECT_THAT(diff, HasSubstr(R"(["items-2",-1,null,true])"));
  EXPECT_THAT(page.shown(), ElementsAre("items-1"));
  EXPECT_THAT(page.client.html(), HasSubstr("someone"));
}

TEST(Stream, SeveralOperationsGoOutInOneDiffInOrder) {
  feed_page page;
  for (std::int64_t id = 1; id <= 3; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.insert(workloads::make_feed_item(4));
  page.items.remove_by_dom_id("items-1");
  page.items.insert(workloads::make_feed_item(5), {.at = 0});
  page.render();
  EXPECT_THAT(page.shown(), ElementsAre("items-5", "items-2", "items-3", "items-4"));
}

TEST(Stream, DeleteCancelsAPendingInsert) {
  feed_page page;
  page.items.insert(workloads::make_feed_item(1));
  page.render();
  page.items.insert(workloads::make_feed_item(2));
  page.items.remove(workloads::make_feed_item(2));
  std::string diff = page.render();
  EXPECT_EQ(diff, R"({"0":{"k":{"kc":0},"stream":["0",[],["items-2"]]}})");
  EXPECT_THAT(page.shown(), ElementsAre("items-1"));
}

TEST(Stream, InsertAfterDeleteOfTheSameIdMovesIt) {
  feed_page page;
  for (std::int64_t id = 1; id <= 3; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.remove(workloads::make_feed_item(3));
  page.items.insert(workloads::make_feed_item(3), {.at = 0});
  page.render();
  EXPECT_THAT(page.shown(), ElementsAre("items-3", "items-1", "items-2"));
}

TEST(Stream, RepeatedInsertsOfOneIdSendTheLastOnce) {
  feed_page page;
  page.render();
  feed_item a = workloads::make_feed_item(1);
  page.items.insert(a);
  a.body = "second";
  page.items.insert(a);
  EXPECT_EQ(page.items.pending(), 1u);
  std::string diff = page.render();
  EXPECT_THAT(diff, HasSubstr("\"kc\":1"));
  EXPECT_THAT(page.client.html(), HasSubstr("<p>second</p>"));
}

TEST(Stream, ResetWithoutItemsClearsTheClient) {
  feed_page page;
  for (std::int64_t id = 1; id <= 3; ++id) page.items.insert(workloads::make_feed_item(id));
  page.render();
  page.items.insert(workloads::make_feed_item(4));
  page.items.reset();
  EXPECT_EQ(page.render(), R"({"0":{"k":{"kc":0},"stream":["0",[],[],true]}})");
  EXPECT_TRUE(page.shown().empty());
}

TEST(Stream, DefaultDomIdsArePrefixedWithTheName) {
  struct song {
    std::int64_t id;
  };
  Stream<song> songs("songs");
  EXPECT_EQ(songs.dom_id(song{42}), "songs-42");
  EXPECT_EQ(songs.ref(), "songs");
}

TEST(Stream, AMillionInsertsKeepServerMemoryFlat) {
  feed_page page;
  std::size_t memory_after_warmup = 0;
  std::size_t peak = 0;
  constexpr std::int64_t kInserts = 1'000'000;
  constexpr std::int64_t kPerRender = 100;
  for (std::int64_t id = 1; id <= kInserts; ++id) {
    page.items.insert(workloads::make_feed_item(id), {.at = 0, .limit = 50});
    if (id % kPerRender == 0) {
      page.items.render(page.r.root(workloads::feed_statics()), 0, workloads::feed_item_statics(),
                        [](NodeRef e, const feed_item& item, std::string_view dom_id) {
                          workloads::render_feed_item(e, item, dom_id);
                        });
      page.differ.diff(page.r, page.state);
      std::size_t memory = page.items.memory_bytes() + page.state.memory_bytes();
      if (id == 10 * kPerRender) memory_after_warmup = memory;
      peak = std::max(peak, memory);
    }
  }
  EXPECT_GT(memory_after_warmup, 0u);
  EXPECT_EQ(peak, memory_after_warmup);
  EXPECT_LT(page.state.memory_bytes(), 1024u);
  EXPECT_EQ(page.items.pending(), 0u);
}

}  // namespace
}  // namespace livediff
