#include "node_process.h"

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

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sys/wait.h>

extern char** environ;

namespace livediff::testing {

using detail::cat;

namespace {

#ifdef LIVEDIFF_NODE_EXECUTABLE
constexpr const char* kNode = LIVEDIFF_NODE_EXECUTABLE;
#else
constexpr const char* kNode = "node";
#endif

// How long node may take to answer one command (or to accept it) before it is declared hung. The
// DOM runner gives up on a client still busy after 5s by itself; loading jsdom takes about 1s.
constexpr std::chrono::seconds kReplyTimeout{60};
// How long node may take to exit once its stdin is closed before it is killed.
constexpr std::chrono::seconds kExitGrace{5};

absl::Status errno_error(std::string_view what) {
  return absl::InternalError(cat(what, ": ", std::strerror(errno)));
}

void close_fd(int& fd) {
  if (fd >= 0) {
    close(fd);
    fd = -1;
  }
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

namespace detail {

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::Status reject_newlines(std::string_view json, std::string_view what,
                             std::string_view runner) {
  if (json.find('\n') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        cat(what, " contains a raw newline; the ", runner, " takes one command per line"));
  }
  return absl::OkStatus();
}

absl::Status unexpected_reply(std::string_view runner, std::string_view line) {
  return absl::InternalError(cat("unexpected reply from the ", runner, ": ", line));
}

}  // namespace detail

absl::StatusOr<NodeProcess> NodeProcess::start(std::string runner, std::string script,
                                               std::string_view build_target,
                                               std::vector<std::string> args) {
  if (access(script.c_str(), R_OK) != 0) {
    return absl::NotFoundError(cat(runner, " bundle ", script, ": ", std::strerror(errno),
                                   " (build the ", build_target, " target)"));
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
  std::vector<char*> argv = {node.data(), script.data()};
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawn_error = posix_spawnp(&pid, node.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(to_child[0]);
  close(from_child[1]);
  if (spawn_error != 0) {
    close(to_child[1]);
    close(from_child[0]);
    return absl::InternalError(cat("could not start ", node, ": ", std::strerror(spawn_error)));
  }

  NodeProcess process(std::move(runner), pid, to_child[1], from_child[0]);
  absl::StatusOr<std::string> hello = process.round_trip(R"({"cmd":"ping"})");
  if (!hello.ok()) return hello.status();
  if (*hello != R"({"ok":true})") return detail::unexpected_reply(process.runner_, *hello);
  return process;
}

NodeProcess::NodeProcess(std::string runner, pid_t pid, int to_child, int from_child)
    : runner_(std::move(runner)), pid_(pid), to_child_(to_child), from_child_(from_child) {}

NodeProcess::NodeProcess(NodeProcess&& other) noexcept
    : runner_(std::move(other.runner_)),
      pid_(std::exchange(other.pid_, -1)),
      to_child_(std::exchange(other.to_child_, -1)),
      from_child_(std::exchange(other.from_child_, -1)),
      broken_(other.broken_),
      read_buffer_(std::move(other.read_buffer_)) {}

NodeProcess& NodeProcess::operator=(NodeProcess&& other) noexcept {
  if (this != &other) {
    shut_down();
    runner_ = std::move(other.runner_);
    pid_ = std::exchange(other.pid_, -1);
    to_child_ = std::exchange(other.to_child_, -1);
    from_child_ = std::exchange(other.from_child_, -1);
    broken_ = other.broken_;
    read_buffer_ = std::move(other.read_buffer_);
  }
  return *this;
}

NodeProcess::~NodeProcess() {
  shut_down();
}

void NodeProcess::shut_down() {
  // EOF on stdin makes the runner exit; closing its stdout too means it cannot block writing.
  close_fd(to_child_);
  close_fd(from_child_);
  if (pid_ > 0) {
    reap(pid_);
    pid_ = -1;
  }
}

absl::StatusOr<std::string> NodeProcess::round_trip(std::string_view line) {
  if (!usable()) {
    return absl::InternalError(cat("the ", runner_, " is no longer usable"));
  }
  if (absl::Status written = write_all(cat(line, "\n")); !written.ok()) {
    broken_ = true;
    return written;
  }
  absl::StatusOr<std::string> reply = read_line();
  if (!reply.ok()) broken_ = true;
  return reply;
}

absl::Status NodeProcess::write_all(std::string_view data) {
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
      status = absl::DeadlineExceededError(cat("the ", runner_, " stopped reading its input"));
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
      status = absl::InternalError(cat("the ", runner_, " is gone (", reap(pid_), ")"));
      pid_ = -1;
      break;
    }
    if (n < 0) {
      status = errno_error(cat("write to the ", runner_));
      break;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return status;
}

absl::StatusOr<std::string> NodeProcess::read_line() {
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
      return absl::DeadlineExceededError(cat("the ", runner_, " did not answer within ",
                                             std::to_string(kReplyTimeout.count()),
                                             "s; killed it"));
    }
    char chunk[65536];
    const ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error(cat("read from the ", runner_));
    if (n == 0) {
      close_fd(to_child_);
      const std::string how = reap(pid_);
      pid_ = -1;
      return absl::InternalError(cat("the ", runner_, " closed its output (", how, ")"));
    }
    read_buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace livediff::testing
