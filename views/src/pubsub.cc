#include "livediff/views/pubsub.h"

#include <algorithm>

namespace livediff {
namespace {
absl::string_view key(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
}  // namespace

void LocalPubSub::subscribe(std::string_view topic, std::weak_ptr<Mailbox> subscriber) {
  std::shared_ptr<Mailbox> strong = subscriber.lock();
  if (strong == nullptr) return;
  absl::MutexLock lock(&mu_);
  std::vector<entry>& subs = topics_[key(topic)];
  const Mailbox* k = strong.get();
  if (std::any_of(subs.begin(), subs.end(), [k](const entry& e) { return e.key == k; })) return;
  subs.push_back({k, std::move(subscriber)});
}

void LocalPubSub::unsubscribe(std::string_view topic, const Mailbox* subscriber) {
  absl::MutexLock lock(&mu_);
  auto it = topics_.find(key(topic));
  if (it == topics_.end()) return;
  std::erase_if(it->second, [subscriber](const entry& e) { return e.key == subscriber; });
  if (it->second.empty()) topics_.erase(it);
}

std::size_t LocalPubSub::broadcast(MessagePtr message, const Mailbox* except) {
  std::vector<std::shared_ptr<Mailbox>> targets;
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(key(message->topic));
    if (it == topics_.end()) return 0;
    targets.reserve(it->second.size());
    std::erase_if(it->second, [&](const entry& e) {
      std::shared_ptr<Mailbox> m = e.mailbox.lock();
      if (m == nullptr) return true;
      if (e.key != except) targets.push_back(std::move(m));
      return false;
    });
  }
  // Delivered outside the lock: a mailbox only posts to its own executor.
  for (const auto& m : targets) m->deliver(message);
  return targets.size();
}

std::size_t LocalPubSub::subscriber_count(std::string_view topic) const {
  absl::MutexLock lock(&mu_);
  auto it = topics_.find(key(topic));
  return it == topics_.end() ? 0 : it->second.size();
}

}  // namespace livediff
