// A `node <script>` child spoken to one JSON line at a time over pipes: the plumbing shared by
// the JsClient and JsDom test harnesses (spawn, timed writes and reads, reaping, kill on hangs).
#ifndef LIVEDIFF_TESTS_SUPPORT_NODE_PROCESS_H
#define LIVEDIFF_TESTS_SUPPORT_NODE_PROCESS_H

#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <sys/types.h>

namespace livediff::testing {

// One node child running a runner script that answers each command line with one reply line.
// A dead or hung child (no reply within 60s; it is killed) is InternalError /
// DeadlineExceededError, and so is every later round_trip(). Not thread-safe.
class NodeProcess {
 public:
  // Spawns `node <script> [args]` and checks it answers {"cmd":"ping"} with {"ok":true}. `runner`
  // names it in errors ("client runner"); a missing script says to build `build_target`.
  static absl::StatusOr<NodeProcess> start(std::string runner, std::string script,
                                           std::string_view build_target,
                                           std::vector<std::string> args = {});

  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;
  NodeProcess(NodeProcess&& other) noexcept;
  NodeProcess& operator=(NodeProcess&& other) noexcept;
  // Closes the child's stdin (and stdout) and waits for it to exit, killing it after 5s.
  ~NodeProcess();

  // Sends one command line (without its newline) and returns the reply line.
  absl::StatusOr<std::string> round_trip(std::string_view line);
  // Whether round_trip() may still reach the child.
  bool usable() const { return !broken_ && to_child_ >= 0; }
  // Makes every later round_trip() fail, e.g. after a reply the caller could not understand.
  void mark_broken() { broken_ = true; }
  std::string_view runner() const { return runner_; }

 private:
  NodeProcess(std::string runner, pid_t pid, int to_child, int from_child);

  absl::Status write_all(std::string_view data);
  absl::StatusOr<std::string> read_line();
  void shut_down();

  std::string runner_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  bool broken_ = false;
  std::string read_buffer_;
};

namespace detail {

// Concatenates strings and string views (Debian's Abseil has its own string_view, so StrCat does
// not take std::string_view).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// `s` as a JSON string literal.
std::string json_string(std::string_view s);
// InvalidArgumentError if `json` (described as `what`) would span more than one command line.
absl::Status reject_newlines(std::string_view json, std::string_view what, std::string_view runner);
// InternalError for a reply line `runner` should not have sent.
absl::Status unexpected_reply(std::string_view runner, std::string_view line);

}  // namespace detail
}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_NODE_PROCESS_H
