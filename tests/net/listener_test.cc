// A server out of file descriptors: it backs off instead of spinning on accept, logs a few
// lines instead of thousands, and serves again once descriptors come back. The server runs in
// a child process whose descriptor limit is lowered under it.
#include "listener.h"

#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "livediff/net/server.h"

#include "ws_client.h"
#include <sys/resource.h>
#include <sys/wait.h>

namespace livediff::net {
namespace {

std::size_t open_descriptors() {
  std::size_t n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr) ++n;
    closedir(d);
  }
  return n;
}

// User plus system time of process `pid`, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) {
      stime = std::stol(f);
      break;
    }
  }
  return utime + stime;
}

[[noreturn]] void serve_with_few_descriptors(int log_fd, int port_fd) {
  ServerConfig config;
  config.port = 0;
  config.threads = 1;
  config.log = [log_fd](std::string_view what) {
    std::string line(what);
    line += '\n';
    (void)!::write(log_fd, line.data(), line.size());
  };
  Router router;
  router.get("/health", [](const HttpRequest&) {
    return HttpResponse{200, "text/plain", "ok", {}};
  });
  Server server(std::move(config), std::move(router));
  if (!server.start().ok()) _exit(3);
  // Room for three more descriptors: the attack below takes them at once.
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = open_descriptors() + 3;
  setrlimit(RLIMIT_NOFILE, &limit);
  const unsigned short port = server.port();
  (void)!::write(port_fd, &port, sizeof port);
  std::this_thread::sleep_for(std::chrono::seconds(20));
  _exit(0);
}

TEST(Listener, BacksOffWhenOutOfDescriptorsAndRecovers) {
  int logs[2], ports[2];
  ASSERT_EQ(pipe(logs), 0);
  ASSERT_EQ(pipe(ports), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(logs[0]);
    close(ports[0]);
    serve_with_few_descriptors(logs[1], ports[1]);
  }
  close(logs[1]);
  close(ports[1]);
  unsigned short port = 0;
  ASSERT_EQ(::read(ports[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));

  boost::asio::io_context io;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> idle;
  for (int i = 0; i < 60; ++i) {
    auto s = std::make_unique<boost::asio::ip::tcp::socket>(io);
    boost::system::error_code ec;
    s->connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec) idle.push_back(std::move(s));
  }
  EXPECT_EQ(idle.size(), 60u);  // queued by the kernel, not accepted
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const long before = cpu_ticks(child);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const long used = cpu_ticks(child) - before;
  // A busy accept loop used a whole core (300 ticks in 3 s).
  EXPECT_LT(used, 30) << "ticks of CPU in 3 s";

  fcntl(logs[0], F_SETFL, O_NONBLOCK);
  std::string log;
  char buf[4096];
  for (ssize_t n; (n = ::read(logs[0], buf, sizeof buf)) > 0;)
    log.append(buf, static_cast<std::size_t>(n));
  std::size_t accept_lines = 0;
  for (std::size_t at = log.find("accept:"); at != std::string::npos;
       at = log.find("accept:", at + 1))
    ++accept_lines;
  EXPECT_GE(accept_lines, 1u) << log;
  EXPECT_LE(accept_lines, 25u) << log;  // at most five lines a second

  idle.clear();  // descriptors come back as the server sees these close
  bool served = false;
  for (int i = 0; i < 40 && !served; ++i) {
    served = livediff::testing::http_request(port, "GET", "/health").body == "ok";
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(served);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(logs[0]);
  close(ports[0]);
}

}  // namespace
}  // namespace livediff::net
