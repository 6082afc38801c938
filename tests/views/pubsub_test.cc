#include "livediff/views/pubsub.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace livediff {
namespace {

struct Inbox : Mailbox {
  void deliver(MessagePtr message) override {
    absl::MutexLock lock(&mu);
    got.push_back(std::move(message));
  }
  std::size_t count() {
    absl::MutexLock lock(&mu);
    return got.size();
  }
  absl::Mutex mu;
  std::vector<MessagePtr> got;
};

MessagePtr message(std::string topic, std::string event = "e") {
  return std::make_shared<const Message>(Message{std::move(topic), std::move(event), 1});
}

TEST(LocalPubSub, DeliversToEverySubscriberOfTheTopicOnly) {
  LocalPubSub ps;
  auto a = std::make_shared<Inbox>(), b = std::make_shared<Inbox>(), c = std::make_shared<Inbox>();
  ps.subscribe("room:1", a);
  ps.subscribe("room:1", b);
  ps.subscribe("room:1", b);  // twice is once
  ps.subscribe("room:2", c);
  EXPECT_EQ(ps.subscriber_count("room:1"), 2u);
  auto m = message("room:1");
  EXPECT_EQ(ps.broadcast(m), 2u);
  ASSERT_EQ(a->count(), 1u);
  EXPECT_EQ(a->got[0], m);  // one shared instance
  EXPECT_EQ(b->count(), 1u);
  EXPECT_EQ(c->count(), 0u);
  EXPECT_EQ(ps.broadcast(message("room:3")), 0u);
}

TEST(LocalPubSub, BroadcastFromLeavesTheSenderOut) {
  LocalPubSub ps;
  auto a = std::make_shared<Inbox>(), b = std::make_shared<Inbox>();
  ps.subscribe("t", a);
  ps.subscribe("t", b);
  EXPECT_EQ(ps.broadcast(message("t"), a.get()), 1u);
  EXPECT_EQ(a->count(), 0u);
  EXPECT_EQ(b->count(), 1u);
}

TEST(LocalPubSub, UnsubscribedAndEndedSubscribersGetNothing) {
  LocalPubSub ps;
  auto a = std::make_shared<Inbox>(), b = std::make_shared<Inbox>();
  ps.subscribe("t", a);
  ps.subscribe("t", b);
  ps.unsubscribe("t", a.get());
  b.reset();  // ended without unsubscribing: dropped at the next broadcast
  EXPECT_EQ(ps.broadcast(message("t")), 0u);
  EXPECT_EQ(a->count(), 0u);
  EXPECT_EQ(ps.subscriber_count("t"), 0u);
}

TEST(LocalPubSub, IsSafeFromManyThreads) {
  LocalPubSub ps;
  std::vector<std::shared_ptr<Inbox>> boxes;
  for (int i = 0; i < 8; ++i) boxes.push_back(std::make_shared<Inbox>());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        auto& box = boxes[static_cast<std::size_t>((t * 2 + i) % 8)];
        ps.subscribe("x", box);
        ps.broadcast(message("x"));
        if (i % 3 == 0) ps.unsubscribe("x", box.get());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::size_t total = 0;
  for (auto& b : boxes) total += b->count();
  EXPECT_GT(total, 0u);
  EXPECT_LE(ps.subscriber_count("x"), 8u);
}

}  // namespace
}  // namespace livediff
