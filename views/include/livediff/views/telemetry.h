// Telemetry: every mount, event, info and render reported with its duration and diff bytes.
#ifndef LIVEDIFF_VIEWS_TELEMETRY_H
#define LIVEDIFF_VIEWS_TELEMETRY_H

#include <chrono>
#include <cstddef>
#include <string_view>

namespace livediff {

/// One measured step of a view.
struct TelemetryEvent {
  enum class Kind { mount, handle_params, handle_event, handle_info, handle_async, render, crash };
  Kind what;
  std::string_view view;  ///< the view's name
  std::string_view name;  ///< event name, info event, async name; empty otherwise
  std::chrono::nanoseconds duration{0};
  std::size_t diff_bytes = 0;  ///< for renders: bytes of the diff sent
  bool connected = true;       ///< false for the dead render
};

/// Receives telemetry. Called on the view's executor: implementations must be thread-safe
/// when views run on several threads, and quick.
class TelemetrySink {
 public:
  virtual ~TelemetrySink() = default;
  virtual void on_event(const TelemetryEvent& event) = 0;
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_TELEMETRY_H
