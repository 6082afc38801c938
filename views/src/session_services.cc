// What a view's socket offers beyond the page: timers, PubSub, async work and messages to a
// parent, each arriving back on the view's strand.
#include <boost/asio/post.hpp>

#include "session_core.h"

namespace livediff::detail {

std::uint64_t SessionCore::send_after(std::chrono::milliseconds delay, Message message) {
  const std::uint64_t id = next_timer_++;
  auto timer = std::make_unique<boost::asio::steady_timer>(strand_, delay);
  auto msg = std::make_shared<const Message>(std::move(message));
  timer->async_wait([weak = self_, id, msg](boost::system::error_code ec) {
    if (ec) return;
    if (auto session = weak.lock()) {
      SessionCore& s = *session->core_;
      s.timers_.erase(id);
      s.on_info(*msg);
    }
  });
  timers_[id] = std::move(timer);
  return id;
}

void SessionCore::subscribe(std::string topic) {
  if (runtime_.pubsub == nullptr) return;
  runtime_.pubsub->subscribe(topic, self_);
  if (std::find(topics_.begin(), topics_.end(), topic) == topics_.end())
    topics_.push_back(std::move(topic));
}

void SessionCore::unsubscribe(std::string_view topic) {
  if (runtime_.pubsub == nullptr) return;
  runtime_.pubsub->unsubscribe(topic, self_.lock().get());
  std::erase(topics_, topic);
}

void SessionCore::broadcast(std::string topic, std::string event, std::any payload, bool from) {
  if (runtime_.pubsub == nullptr) return;
  auto msg = std::make_shared<const Message>(
      Message{std::move(topic), std::move(event), std::move(payload)});
  std::shared_ptr<LiveSession> me = self_.lock();
  runtime_.pubsub->broadcast(std::move(msg), from ? me.get() : nullptr);
}

void SessionCore::start_async(std::string async_name, absl::AnyInvocable<std::any()> work,
                              absl::AnyInvocable<void(AsyncResult&)> on_done) {
  auto job = [weak = self_, strand = strand_, async_name = std::move(async_name),
              work = std::move(work), on_done = std::move(on_done)]() mutable {
    auto result = std::make_shared<AsyncResult>();
    try {
      result->value = work();
      result->ok = true;
    } catch (const std::exception& e) {
      result->error = e.what();
    } catch (...) {
      result->error = "unknown exception";
    }
    boost::asio::post(strand, [weak, async_name = std::move(async_name), result,
                               on_done = std::move(on_done)]() mutable {
      if (auto session = weak.lock()) session->core_->on_async(async_name, *result, on_done);
    });
  };
  if (runtime_.async_pool != nullptr) {
    boost::asio::post(*runtime_.async_pool, std::move(job));
  } else {
    boost::asio::post(runtime_.io, std::move(job));
  }
}

void SessionCore::send_parent(Message message) {
  if (auto parent = parent_.lock()) {
    parent->deliver(std::make_shared<const Message>(std::move(message)));
  }
}

}  // namespace livediff::detail
