// Message: what handle_info receives from PubSub, timers and other views.
#ifndef LIVEDIFF_VIEWS_MESSAGE_H
#define LIVEDIFF_VIEWS_MESSAGE_H

#include <any>
#include <memory>
#include <string>

namespace livediff {

/// A message to a view: a PubSub broadcast (`topic` set), a timer or a direct send.
/// Broadcasts share one immutable instance among all subscribers.
struct Message {
  std::string topic;
  std::string event;
  std::any payload;

  /// The payload as T, or nullptr when it holds something else.
  template <class T>
  const T* get() const {
    return std::any_cast<T>(&payload);
  }
};

using MessagePtr = std::shared_ptr<const Message>;

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_MESSAGE_H
