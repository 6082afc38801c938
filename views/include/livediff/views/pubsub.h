// PubSub: topics that views subscribe to, with a local in-process implementation.
#ifndef LIVEDIFF_VIEWS_PUBSUB_H
#define LIVEDIFF_VIEWS_PUBSUB_H

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

#include "livediff/views/message.h"

namespace livediff {

/// Something that receives messages on its own executor (a view session).
/// Thread safety: `deliver` may be called from any thread.
class Mailbox {
 public:
  virtual ~Mailbox() = default;
  virtual void deliver(MessagePtr message) = 0;
};

/// Topic-based publish/subscribe. Implementations must be thread-safe; a distributed adapter
/// (several server nodes) implements the same interface.
class PubSub {
 public:
  virtual ~PubSub() = default;
  virtual void subscribe(std::string_view topic, std::weak_ptr<Mailbox> subscriber) = 0;
  virtual void unsubscribe(std::string_view topic, const Mailbox* subscriber) = 0;
  /// Delivers to every subscriber of `message->topic` except `except`; returns how many.
  virtual std::size_t broadcast(MessagePtr message, const Mailbox* except = nullptr) = 0;
};

/// PubSub inside one process. Subscribers are held weakly, so a view that ends without
/// unsubscribing is dropped at the next broadcast.
class LocalPubSub final : public PubSub {
 public:
  void subscribe(std::string_view topic, std::weak_ptr<Mailbox> subscriber) override;
  void unsubscribe(std::string_view topic, const Mailbox* subscriber) override;
  std::size_t broadcast(MessagePtr message, const Mailbox* except = nullptr) override;
  std::size_t subscriber_count(std::string_view topic) const;

 private:
  struct entry {
    const Mailbox* key;
    std::weak_ptr<Mailbox> mailbox;
  };
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::vector<entry>> topics_ ABSL_GUARDED_BY(mu_);
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_PUBSUB_H
