// LogLimiter: reports a kind of problem at most a few times a second, so that an attack
// (a connection flood, a stream of bad frames from many sockets) cannot turn logging into the
// work that takes the server down.
#ifndef LIVEDIFF_NET_SRC_LOG_LIMITER_H
#define LIVEDIFF_NET_SRC_LOG_LIMITER_H

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

namespace livediff::net::detail {

class LogLimiter {
 public:
  /// Lines per interval: enough to see what happens, few enough to cost nothing.
  static constexpr std::size_t kLinesPerInterval = 5;
  static constexpr std::chrono::seconds kInterval{1};

  explicit LogLimiter(std::function<void(std::string_view)> log) : log_(std::move(log)) {}

  /// Logs `what`, or counts it when this interval's lines are used up; the first line of the
  /// next interval says how many were left out.
  void operator()(std::string_view what);

 private:
  std::function<void(std::string_view)> log_;
  absl::Mutex mu_;
  std::chrono::steady_clock::time_point start_ ABSL_GUARDED_BY(mu_);
  std::size_t lines_ ABSL_GUARDED_BY(mu_) = 0;
  std::size_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_LOG_LIMITER_H
