#include "js_dom.h"

#include <chrono>
#include <cstring>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sys/wait.h>

extern char** environ;

namespace livediff::testing {
namespace {

#ifdef LIVEDIFF_NODE_EXECUTABLE
constexpr const char* kNode = LIVEDIFF_NODE_EXECUTABLE;
#else
constexpr const char* kNode = "node";
#endif

// How long node may take to answer one command (or to accept it) before it is declared hung. The
// runner gives up on a client still busy after 5s by itself; loading jsdom takes about a second.
constexpr std::chrono::seconds kReplyTimeout{60};
// How long node may take to exit once its stdin is closed before it is killed.
constexpr std::chrono::seconds kExitGrace{5};

// Concatenates strings and string views (Debian's Abseil has its own string_view, so StrCat does
// not take std::string_view).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

absl::Status errno_error(std::string_view what) {
  return absl::InternalError(cat(what, ": ", std::strerror(errno)));
}

void close_fd(int& fd) {
  if (fd >= 0) {
    close(fd);
    fd = -1;
  }
}

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::Status reject_newlines(std::string_view json, std::string_view what) {
  if (json.find('\n') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        cat(what, " contains a raw newline; the DOM runner takes one command per line"));
  }
  return absl::OkStatus();
}

absl::Status unexpected_reply(std::string_view line) {
  return absl::InternalError(cat("unexpected reply from the DOM runner: ", line));
}

// Whether `reply` has no member `key` or one of the type `is` checks for.
template <typename Check>
bool absent_or(const rapidjson::Value& reply, const char* key, Check is) {
  const auto member = reply.FindMember(key);
  return member == reply.MemberEnd() || is(member->value);
}

bool is_string(const rapidjson::Value& v) { return v.IsString(); }

bool is_string_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const rapidjson::Value& item : v.GetArray()) {
    if (!item.IsString()) return false;
  }
  return true;
}

bool is_frame_array(const rapidjson::Value& v) {
  if (!v.IsArray()) return false;
  for (const rapidjson::Value& frame : v.GetArray()) {
    if (!frame.IsArray() || frame.Size() != 5) return false;
  }
  return true;
}

// Milliseconds left until `deadline`, for poll().
int millis_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `pid` to exit, killing it if it has not within kExitGrace. Describes how it ended.
std::string reap(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + kExitGrace;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return "node could not be waited for";
    if (done == 0 && std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return "node did not exit and was killed";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status))
    return cat("node exited with status ", std::to_string(WEXITSTATUS(status)));
  if (WIFSIGNALED(status))
    return cat("node was killed by signal ", std::to_string(WTERMSIG(status)));
  return "node ended";
}

}  // namespace

absl::StatusOr<std::unique_ptr<JsDom>> JsDom::start(std::string bundle_path) {
  if (access(bundle_path.c_str(), R_OK) != 0) {
    return absl::NotFoundError(cat("DOM runner bundle ", bundle_path, ": ", std::strerror(errno),
                                   " (build the livediff_js_dom target)"));
  }
  int to_child[2];
  int from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0) return errno_error("pipe2");
  if (pipe2(from_child, O_CLOEXEC) != 0) {
    const absl::Status status = errno_error("pipe2");
    close(to_child[0]);
    close(to_child[1]);
    return status;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copies; every other descriptor of ours closes on exec.
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  // The child starts with no signals blocked and SIGPIPE at its default, whatever this thread has.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attr, &no_signals);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &default_signals);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string node = kNode;
  char* argv[] = {node.data(), bundle_path.data(), nullptr};
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, node.c_str(), &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(to_child[0]);
  close(from_child[1]);
  if (spawn_error != 0) {
    close(to_child[1]);
    close(from_child[0]);
    return absl::InternalError(cat("could not start ", node, ": ", std::strerror(spawn_error)));
  }

  std::unique_ptr<JsDom> dom(new JsDom(pid, to_child[1], from_child[0]));
  absl::StatusOr<std::string> hello = dom->round_trip(R"({"cmd":"ping"})");
  if (!hello.ok()) return hello.status();
  if (*hello != R"({"ok":true})") return unexpected_reply(*hello);
  return dom;
}

JsDom::JsDom(pid_t pid, int to_child, int from_child)
    : pid_(pid), to_child_(to_child), from_child_(from_child) {}

JsDom::JsDom(JsDom&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      to_child_(std::exchange(other.to_child_, -1)),
      from_child_(std::exchange(other.from_child_, -1)),
      broken_(other.broken_),
      read_buffer_(std::move(other.read_buffer_)),
      last_html_(std::move(other.last_html_)),
      last_raw_html_(std::move(other.last_raw_html_)),
      last_sent_json_(std::move(other.last_sent_json_)),
      last_errors_json_(std::move(other.last_errors_json_)),
      last_warnings_json_(std::move(other.last_warnings_json_)) {}

JsDom& JsDom::operator=(JsDom&& other) noexcept {
  if (this != &other) {
    shut_down();
    pid_ = std::exchange(other.pid_, -1);
    to_child_ = std::exchange(other.to_child_, -1);
    from_child_ = std::exchange(other.from_child_, -1);
    broken_ = other.broken_;
    read_buffer_ = std::move(other.read_buffer_);
    last_html_ = std::move(other.last_html_);
    last_raw_html_ = std::move(other.last_raw_html_);
    last_sent_json_ = std::move(other.last_sent_json_);
    last_errors_json_ = std::move(other.last_errors_json_);
    last_warnings_json_ = std::move(other.last_warnings_json_);
  }
  return *this;
}

JsDom::~JsDom() {
  shut_down();
}

void JsDom::shut_down() {
  // EOF on stdin makes the runner exit; closing its stdout too means it cannot block writing.
  close_fd(to_child_);
  close_fd(from_child_);
  if (pid_ > 0) {
    reap(pid_);
    pid_ = -1;
  }
}

absl::StatusOr<std::string> JsDom::mount(std::string_view dead_html,
                                         std::string_view rendered_json,
                                         std::string_view view_id) {
  if (absl::Status s = reject_newlines(rendered_json, "rendered JSON"); !s.ok()) return s;
  return page_command(cat(R"({"cmd":"mount","view":)", json_string(view_id), R"(,"html":)",
                          json_string(dead_html), R"(,"rendered":)", rendered_json, "}"));
}

absl::StatusOr<std::string> JsDom::diff(std::string_view diff_json) {
  if (absl::Status s = reject_newlines(diff_json, "diff JSON"); !s.ok()) return s;
  return page_command(cat(R"({"cmd":"diff","diff":)", diff_json, "}"));
}

absl::StatusOr<std::string> JsDom::click(std::string_view selector) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"click","selector":)", json_string(selector), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::input(std::string_view selector, std::string_view value) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"input","selector":)", json_string(selector), R"(,"value":)",
                       json_string(value), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::submit(std::string_view selector) {
  absl::StatusOr<std::string> html =
      page_command(cat(R"({"cmd":"submit","selector":)", json_string(selector), "}"));
  if (!html.ok()) return html.status();
  return last_sent_json_;
}

absl::StatusOr<std::string> JsDom::reply(std::string_view ref, std::string_view response_json) {
  if (absl::Status s = reject_newlines(response_json, "response JSON"); !s.ok()) return s;
  return page_command(cat(R"({"cmd":"reply","ref":)", json_string(ref), R"(,"response":)",
                          response_json, "}"));
}

absl::StatusOr<std::string> JsDom::page_command(std::string_view command) {
  absl::StatusOr<std::string> line = round_trip(command);
  if (!line.ok()) return line.status();
  rapidjson::Document reply;
  reply.Parse(line->data(), line->size());
  if (reply.HasParseError() || !reply.IsObject() || !absent_or(reply, "error", is_string)
      || !absent_or(reply, "html", is_string) || !absent_or(reply, "raw_html", is_string)
      || !absent_or(reply, "sent", is_frame_array) || !absent_or(reply, "errors", is_string_array)
      || !absent_or(reply, "warnings", is_string_array)) {
    broken_ = true;
    return unexpected_reply(*line);
  }
  const bool failed = reply.HasMember("error");
  if (!failed && (!reply.HasMember("html") || !reply.HasMember("sent"))) {
    broken_ = true;
    return unexpected_reply(*line);
  }

  // An error reply describes the page too, unless the command never reached it.
  if (reply.HasMember("html")) {
    last_html_.assign(reply["html"].GetString(), reply["html"].GetStringLength());
  }
  if (reply.HasMember("raw_html")) {
    last_raw_html_.assign(reply["raw_html"].GetString(), reply["raw_html"].GetStringLength());
  }
  last_sent_json_ = reply.HasMember("sent") ? json_text(reply["sent"]) : "[]";
  last_errors_json_ = reply.HasMember("errors") ? json_text(reply["errors"]) : "[]";
  last_warnings_json_ = reply.HasMember("warnings") ? json_text(reply["warnings"]) : "[]";

  if (failed) {
    const rapidjson::Value& error = reply["error"];
    return absl::InvalidArgumentError(std::string(error.GetString(), error.GetStringLength()));
  }
  return last_html_;
}

absl::StatusOr<std::string> JsDom::round_trip(std::string_view command) {
  if (broken_ || to_child_ < 0) {
    return absl::InternalError("the DOM runner is no longer usable");
  }
  std::string line = cat(command, "\n");
  if (absl::Status written = write_all(line); !written.ok()) {
    broken_ = true;
    return written;
  }
  absl::StatusOr<std::string> reply = read_line();
  if (!reply.ok()) broken_ = true;
  return reply;
}

absl::Status JsDom::write_all(std::string_view data) {
  // A dead child turns write() into SIGPIPE, which would end the test binary. Block it on this
  // thread for the duration and swallow the one raised, unless one was already pending.
  sigset_t sigpipe;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &sigpipe, &old_mask);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;

  absl::Status status = absl::OkStatus();
  const auto deadline = std::chrono::steady_clock::now() + kReplyTimeout;
  while (!data.empty()) {
    pollfd pfd{to_child_, POLLOUT, 0};
    const int ready = poll(&pfd, 1, millis_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      status = errno_error("poll");
      break;
    }
    if (ready == 0) {
      status = absl::DeadlineExceededError("the DOM runner stopped reading its input");
      kill(pid_, SIGKILL);
      break;
    }
    const ssize_t n = write(to_child_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) {
      if (!was_pending) {
        const timespec no_wait{0, 0};
        sigtimedwait(&sigpipe, nullptr, &no_wait);
      }
      status = absl::InternalError(cat("the DOM runner is gone (", reap(pid_), ")"));
      pid_ = -1;
      break;
    }
    if (n < 0) {
      status = errno_error("write to the DOM runner");
      break;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return status;
}

absl::StatusOr<std::string> JsDom::read_line() {
  const auto deadline = std::chrono::steady_clock::now() + kReplyTimeout;
  size_t scanned = 0;
  for (;;) {
    const size_t newline = read_buffer_.find('\n', scanned);
    if (newline != std::string::npos) {
      std::string line = read_buffer_.substr(0, newline);
      read_buffer_.erase(0, newline + 1);
      return line;
    }
    scanned = read_buffer_.size();

    pollfd pfd{from_child_, POLLIN, 0};
    const int ready = poll(&pfd, 1, millis_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return errno_error("poll");
    if (ready == 0) {
      kill(pid_, SIGKILL);
      return absl::DeadlineExceededError(cat("the DOM runner did not answer within ",
                                             std::to_string(kReplyTimeout.count()),
                                             "s; killed it"));
    }
    char chunk[65536];
    const ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error("read from the DOM runner");
    if (n == 0) {
      close_fd(to_child_);
      const std::string how = reap(pid_);
      pid_ = -1;
      return absl::InternalError(cat("the DOM runner closed its output (", how, ")"));
    }
    read_buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace livediff::testing
