// FeedWindow: infinite scroll over a cursor-paged source, keeping the DOM bounded both ways.
#ifndef LIVEDIFF_STREAMS_FEED_WINDOW_H
#define LIVEDIFF_STREAMS_FEED_WINDOW_H

#include <algorithm>
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include <absl/functional/any_invocable.h>

#include "livediff/core/assert.h"
#include "livediff/streams/stream.h"

namespace livediff {

/// Where a feed's pages come from. Items are ordered top to bottom; cursors identify items.
template <class T, class Cursor>
struct feed_source {
  /// Up to `n` items right below `cursor` (from the very top when empty), top to bottom.
  absl::AnyInvocable<std::vector<T>(const std::optional<Cursor>& cursor, std::size_t n)> after;
  /// Up to `n` items right above `cursor`, top to bottom.
  absl::AnyInvocable<std::vector<T>(const Cursor& cursor, std::size_t n)> before;
  /// The cursor of an item.
  absl::AnyInvocable<Cursor(const T&) const> cursor_of;
};

/// The infinite-scroll pattern of LiveView's docs as a type: `phx-viewport-bottom` loads the
/// next page (appended, the client keeps the last `max_items`), `phx-viewport-top` the previous
/// one (prepended, the client keeps the first `max_items`). The server remembers only the
/// cursors of the items the client shows: O(max_items), whatever the feed's length.
template <class T, class Cursor>
class FeedWindow {
 public:
  FeedWindow(Stream<T> stream, feed_source<T, Cursor> source, std::size_t page_size,
             std::size_t max_items)
      : stream_(std::move(stream)),
        source_(std::move(source)),
        page_size_(page_size),
        max_items_(max_items) {
    LIVEDIFF_ASSERT(page_size > 0 && max_items >= page_size);
  }

  /// Shows the first page, replacing whatever the client shows.
  void load_first() {
    std::vector<T> items = source_.after(std::nullopt, page_size_);
    shown_.clear();
    stream_.reset();
    for (T& item : items) {
      shown_.push_back(source_.cursor_of(item));
      stream_.insert(std::move(item), {.at = -1});
    }
    at_top_ = true;
    at_bottom_ = items.size() < page_size_;
  }

  /// For `phx-viewport-bottom`: appends the next page. Returns false at the end of the feed.
  bool load_next() {
    if (at_bottom_ || shown_.empty()) return false;
    std::vector<T> items = source_.after(shown_.back(), page_size_);
    at_bottom_ = items.size() < page_size_;
    const auto limit = -static_cast<std::int32_t>(max_items_);
    for (T& item : items) {
      shown_.push_back(source_.cursor_of(item));
      stream_.insert(std::move(item), {.at = -1, .limit = limit});
    }
    while (shown_.size() > max_items_) {
      shown_.pop_front();
      at_top_ = false;
    }
    return !items.empty();
  }

  /// For `phx-viewport-top`: prepends the previous page. Returns false at the top of the feed.
  bool load_previous() {
    if (at_top_ || shown_.empty()) return false;
    std::vector<T> items = source_.before(shown_.front(), page_size_);
    at_top_ = items.size() < page_size_;
    const auto limit = static_cast<std::int32_t>(max_items_);
    // Each goes in at 0, so the bottom-most goes first to keep the page's order.
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      shown_.push_front(source_.cursor_of(*it));
      stream_.insert(std::move(*it), {.at = 0, .limit = limit});
    }
    while (shown_.size() > max_items_) {
      shown_.pop_back();
      at_bottom_ = false;
    }
    return !items.empty();
  }

  /// A new item at the top of a live feed: shown at once when the reader is at the top,
  /// otherwise left for `load_previous` to bring.
  void push_top(T item) {
    if (!at_top_) return;
    shown_.push_front(source_.cursor_of(item));
    stream_.insert(std::move(item), {.at = 0, .limit = static_cast<std::int32_t>(max_items_)});
    if (shown_.size() > max_items_) {
      shown_.pop_back();
      at_bottom_ = false;
    }
  }

  /// Whether the first / last item of the feed is shown: render `phx-viewport-top` only when
  /// not at the top and `phx-viewport-bottom` only when not at the bottom.
  bool at_top() const { return at_top_; }
  bool at_bottom() const { return at_bottom_; }
  const std::deque<Cursor>& shown() const { return shown_; }
  Stream<T>& stream() { return stream_; }
  std::size_t memory_bytes() const {
    return sizeof(*this) + stream_.memory_bytes() + shown_.size() * sizeof(Cursor);
  }

 private:
  Stream<T> stream_;
  feed_source<T, Cursor> source_;
  std::size_t page_size_;
  std::size_t max_items_;
  std::deque<Cursor> shown_;
  bool at_top_ = true;
  bool at_bottom_ = false;
};

}  // namespace livediff

#endif  // LIVEDIFF_STREAMS_FEED_WINDOW_H
