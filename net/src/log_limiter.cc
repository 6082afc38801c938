#include "log_limiter.h"

namespace livediff::net::detail {

void LogLimiter::operator()(std::string_view what) {
  std::size_t dropped = 0;
  {
    absl::MutexLock lock(&mu_);
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ >= kInterval) {
      start_ = now;
      lines_ = 0;
      dropped = dropped_;
      dropped_ = 0;
    }
    if (lines_ == kLinesPerInterval) {
      ++dropped_;
      return;
    }
    ++lines_;
  }
  if (dropped > 0) log_(std::to_string(dropped) + " more problems were not logged");
  log_(what);
}

}  // namespace livediff::net::detail
