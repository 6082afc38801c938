// LogTail: a bounded live log whose bursts of lines coalesce into one diff per frame interval.
#ifndef LIVEDIFF_STREAMS_LOG_TAIL_H
#define LIVEDIFF_STREAMS_LOG_TAIL_H

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>

#include "livediff/streams/stream.h"

namespace livediff {

/// The tail of a log: the client shows the last `max_lines` lines. Lines appended between two
/// renders wait here (at most `max_lines` of them: older ones would be pruned on arrival
/// anyway) and go out together, at most once per `frame` interval, however fast they come.
template <class T>
class LogTail {
 public:
  using clock = std::chrono::steady_clock;

  struct line {
    std::uint64_t seq;
    T value;
  };

  LogTail(std::string name, std::size_t max_lines, clock::duration frame)
      : stream_(name,
                [prefix = name + "-"](const line& l) { return prefix + std::to_string(l.seq); }),
        max_lines_(max_lines),
        frame_(frame) {}

  void append(T value) {
    pending_.push_back({next_seq_++, std::move(value)});
    if (pending_.size() > max_lines_) {
      pending_.pop_front();
      ++dropped_;
    }
  }

  /// Whether a render is due at `now`: lines are waiting and a frame has passed since the last.
  bool due(clock::time_point now) const { return !pending_.empty() && now >= next_render_at(); }
  clock::time_point next_render_at() const { return last_render_ + frame_; }
  std::size_t pending() const { return pending_.size(); }
  /// Lines that never reached the client because newer ones pushed them out first.
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t appended() const { return next_seq_; }

  /// Sends the waiting lines into slot `slot` of `node`, rendered by
  /// `render_line(NodeRef entry, const T& value, std::string_view dom_id)`.
  template <class RenderLine>
  void render(NodeRef node, std::size_t slot, const Statics& line_statics, RenderLine&& render_line,
              clock::time_point now) {
    const auto limit = -static_cast<std::int32_t>(max_lines_);
    for (line& l : pending_) stream_.insert(std::move(l), {.at = -1, .limit = limit});
    pending_.clear();
    stream_.render(node, slot, line_statics,
                   [&](NodeRef entry, const line& l, std::string_view dom_id) {
                     render_line(entry, l.value, dom_id);
                   });
    last_render_ = now;
  }

  std::size_t memory_bytes() const {
    return sizeof(*this) + stream_.memory_bytes() + pending_.size() * sizeof(line);
  }

 private:
  Stream<line> stream_;
  std::size_t max_lines_;
  clock::duration frame_;
  std::deque<line> pending_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t dropped_ = 0;
  clock::time_point last_render_{};
};

}  // namespace livediff

#endif  // LIVEDIFF_STREAMS_LOG_TAIL_H
