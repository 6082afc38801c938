// livediff_net_load: N WebSocket clients joined to live views of a server in a child process.
// Measures the server's memory per connection, the event round trip, broadcast fan-out, and
// messages/s beside a bare Beast echo server run in the same child.
//
//   livediff_net_load [--clients N] [--seconds T] [--samples S] [--server-threads K]
//                     [--pingers M] [--rounds R] [--window W] [--port P]
//                     [--server-wrap "valgrind --tool=massif"]
//
// 10,000 clients and 10,000 server sockets do not fit under one process's 20,000 file
// descriptors, so the server runs in a child: this binary re-executed with `--serve`. The
// clients share one io_context on one thread. Exits non-zero when a client fails to join, a
// reply is missing, a broadcast does not reach every client or the child fails.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <string_view>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <rapidjson/document.h>

#include "livediff/net/channel.h"
#include "livediff/net/server.h"
#include "livediff/net/token.h"
#include "livediff/views/view.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

namespace livediff::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct options {
  bool serve = false;
  unsigned short port = 0;  ///< the server's port (0: any free one); the echo server's is port + 1
  std::string secret;       ///< --serve only
  int server_threads = 1;   ///< one core for the server, one for the clients
  std::size_t clients = 1000;
  double seconds = 3;          ///< each throughput measurement
  std::size_t samples = 2000;  ///< event round trips
  std::size_t pingers = 64;    ///< clients in each throughput measurement
  std::size_t rounds = 5;      ///< broadcasts
  std::size_t window = 200;    ///< connects in flight: somaxconn is 4096, SYN floods help no one
  /// A command (words split at spaces) the server child runs under, to profile it. Its RSS and
  /// CPU are then the wrapper's when the wrapper forks.
  std::string server_wrap;
};

constexpr const char* kUsage =
    "usage: livediff_net_load [--clients N=1000] [--seconds T=3] [--samples S=2000]\n"
    "                         [--server-threads K=1] [--pingers M=64] [--rounds R=5]\n"
    "                         [--window W=200] [--port P=0] [--server-wrap CMD]\n";

template <class T>
bool parse_number(std::string_view s, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    char* end = nullptr;
    const std::string copy(s);
    out = static_cast<T>(std::strtod(copy.c_str(), &end));
    return end != copy.c_str() && *end == '\0' && out > 0;
  } else {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  }
}

bool parse_options(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--serve") {
      o.serve = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string_view value = argv[++i];
    bool ok = false;
    if (arg == "--port") {
      ok = parse_number(value, o.port) && o.port < 65535;  // the echo server takes port + 1
    } else if (arg == "--secret") {
      o.secret = std::string(value);
      ok = o.secret.size() >= 32;
    } else if (arg == "--server-threads") {
      ok = parse_number(value, o.server_threads) && o.server_threads >= 1;
    } else if (arg == "--clients") {
      ok = parse_number(value, o.clients) && o.clients >= 1;
    } else if (arg == "--seconds") {
      ok = parse_number(value, o.seconds);
    } else if (arg == "--samples") {
      ok = parse_number(value, o.samples) && o.samples >= 1;
    } else if (arg == "--pingers") {
      ok = parse_number(value, o.pingers) && o.pingers >= 1;
    } else if (arg == "--rounds") {
      ok = parse_number(value, o.rounds) && o.rounds >= 1;
    } else if (arg == "--server-wrap") {
      o.server_wrap = std::string(value);
      ok = true;
    } else if (arg == "--window") {
      ok = parse_number(value, o.window) && o.window >= 1;
    }
    if (!ok) return false;
  }
  return true;
}

// 10,000 sockets need more descriptors than the usual soft limit of 1,024.
void raise_fd_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

rlim_t fd_limit() {
  rlimit lim{};
  return ::getrlimit(RLIMIT_NOFILE, &lim) == 0 ? lim.rlim_cur : 0;
}

// =============================================================================================
// The server side (--serve): a livediff Server with one room view, and a bare Beast echo server.

/// What "shout" broadcasts to the room: a sequence number and when the client sent it.
struct shout {
  std::int64_t seq = 0;
  std::int64_t sent_ns = 0;
};

std::int64_t to_int(std::optional<std::string_view> s) {
  std::int64_t v = 0;
  if (s) (void)std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

// A chat room without the chat: "inc" changes this view only, "shout" reaches every view in
// the room. Slot 0 is the last shout's number, which the clients read out of each diff.
struct Room : View {
  std::string topic;
  std::int64_t count = 0, last = 0, sent_ns = 0;

  void mount(const Params& params, const Params&, Socket& socket) override {
    topic = "room:" + std::string(param(params, "room").value_or("lobby"));
    if (socket.connected()) socket.subscribe(topic);
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      ++count;
    } else if (event == "shout") {
      socket.broadcast(topic, "shout",
                       shout{to_int(param(value, "seq")), to_int(param(value, "t"))});
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void handle_info(const Message& message, Socket&) override {
    if (const shout* s = message.get<shout>()) {
      last = s->seq;
      sent_ns = s->sent_ns;
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<div><p>shout <b>", "</b> sent at ", "</p><span>",
                              "</span><button phx-click=\"inc\">+</button>"
                              "<button phx-click=\"shout\">shout</button></div>"};
    ctx.root(page).text(0, last).text(1, sent_ns).text(2, count);
  }
};

// The baseline: Beast's websocket_server_async session, with the same timeouts as livediff's.
class echo_session : public std::enable_shared_from_this<echo_session> {
 public:
  explicit echo_session(tcp::socket&& socket) : ws_(std::move(socket)) {}

  void run() {
    asio::dispatch(ws_.get_executor(),
                   beast::bind_front_handler(&echo_session::on_run, shared_from_this()));
  }

 private:
  void on_run() {
    auto t = websocket::stream_base::timeout::suggested(beast::role_type::server);
    t.idle_timeout = 60s;
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(1024 * 1024);
    ws_.async_accept(beast::bind_front_handler(&echo_session::on_accept, shared_from_this()));
  }
  void on_accept(beast::error_code ec) {
    if (!ec) do_read();
  }
  void do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&echo_session::on_read, shared_from_this()));
  }
  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return;
    ws_.text(ws_.got_text());
    ws_.async_write(buffer_.data(),
                    beast::bind_front_handler(&echo_session::on_write, shared_from_this()));
  }
  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return;
    buffer_.consume(buffer_.size());
    do_read();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

class echo_server {
 public:
  explicit echo_server(int threads)
      : threads_(threads), ioc_(threads), acceptor_(asio::make_strand(ioc_)) {}
  ~echo_server() { stop(); }
  echo_server(const echo_server&) = delete;
  echo_server& operator=(const echo_server&) = delete;

  bool start(unsigned short port, beast::error_code& ec) {
    const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return false;
    port_ = acceptor_.local_endpoint().port();
    do_accept();
    for (int i = 0; i < threads_; ++i) threads_run_.emplace_back([this] { ioc_.run(); });
    return true;
  }
  unsigned short port() const { return port_; }
  void stop() {
    ioc_.stop();
    for (std::thread& t : threads_run_) t.join();
    threads_run_.clear();
  }

 private:
  void do_accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<echo_session>(std::move(s))->run();
      do_accept();
    });
  }

  int threads_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_run_;
  unsigned short port_ = 0;
};

int serve(const options& o) {
  raise_fd_limit();
  // Ends with the load process, however that ends.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  ::signal(SIGPIPE, SIG_IGN);
  // Blocked before any thread starts, so that every thread inherits the mask and sigwait
  // below is the only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ServerConfig config;
  config.address = "127.0.0.1";
  config.port = o.port;
  config.threads = o.server_threads;
  config.secret_key = o.secret;
  // One client here stands for one browser: the per-socket rate limits would only measure
  // themselves.
  config.channel.messages_per_second = 1e9;
  config.channel.burst = 1e9;
  config.channel.flood_limit = static_cast<std::size_t>(-1);
  Router router;
  router.live("/room/:room", "room", [] { return std::make_unique<Room>(); });
  Server server(std::move(config), std::move(router));
  if (absl::Status status = server.start(); !status.ok()) {
    std::fprintf(stderr, "livediff_net_load --serve: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  echo_server echo(o.server_threads);
  beast::error_code ec;
  if (!echo.start(o.port == 0 ? 0 : static_cast<unsigned short>(o.port + 1), ec)) {
    std::fprintf(stderr, "livediff_net_load --serve: echo server: %s\n", ec.message().c_str());
    return 1;
  }
  std::printf("ready %u %u\n", static_cast<unsigned>(server.port()),
              static_cast<unsigned>(echo.port()));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop(2s);
  server.wait();
  echo.stop();
  return 0;
}

// =============================================================================================
// The load side: the child process, and what can be read about it from /proc.

/// VmRSS of `pid` in bytes, or -1.
std::int64_t rss_bytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::atoll(line.c_str() + 6) * 1024;
  }
  return -1;
}

/// CPU time of process `pid` (all its threads), in seconds.
double cpu_seconds(pid_t pid) {
  clockid_t clock = CLOCK_PROCESS_CPUTIME_ID;
  if (pid != 0 && ::clock_getcpuclockid(pid, &clock) != 0) return 0;
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The --serve child: started by posix_spawn, ended by SIGTERM (SIGKILL if it does not stop).
class server_process {
 public:
  server_process() = default;
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;
  ~server_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  /// Starts `args` (the program looked up in PATH) with its stdout on a pipe and waits for
  /// "ready <port> <echo port>".
  bool start(const std::vector<std::string>& args, std::string& error) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error = "pipe failed";
      return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int rc = ::posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      pid_ = 0;
      ::close(fds[0]);
      error = std::string("posix_spawn: ") + std::strerror(rc);
      return false;
    }
    std::string line;
    const auto deadline = steady::now() + 60s;  // long enough for --server-wrap valgrind
    while (line.find('\n') == std::string::npos && steady::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[128];
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    unsigned p1 = 0, p2 = 0;
    if (std::sscanf(line.c_str(), "ready %u %u", &p1, &p2) != 2) {
      error = "the server did not start (see its output above)";
      return false;
    }
    port_ = static_cast<unsigned short>(p1);
    echo_port_ = static_cast<unsigned short>(p2);
    return true;
  }

  /// SIGTERM, then `pump(20ms)` until the child exits (clients answer the close frames); true
  /// when it exited by itself with status 0.
  template <class Pump>
  bool stop(Pump pump, std::chrono::seconds timeout) {
    if (pid_ <= 0) return false;
    ::kill(pid_, SIGTERM);
    const auto deadline = steady::now() + timeout;
    int status = 0;
    while (steady::now() < deadline) {
      pump(20ms);
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = 0;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
      }
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
    return false;
  }

  pid_t pid() const { return pid_; }
  unsigned short port() const { return port_; }
  unsigned short echo_port() const { return echo_port_; }

 private:
  pid_t pid_ = 0;
  unsigned short port_ = 0, echo_port_ = 0;
};

// =============================================================================================
// The clients.

struct summary {
  std::size_t n = 0;
  double min = 0, p50 = 0, p99 = 0, max = 0;  ///< microseconds
};

summary summarize(std::vector<double> v) {
  summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&v](double q) {  // nearest rank
    auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(i, 1, v.size()) - 1];
  };
  s.min = v.front();
  s.p50 = rank(0.50);
  s.p99 = rank(0.99);
  s.max = v.back();
  return s;
}

double micros(steady::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

/// A V2 frame's four heads and its payload; views into the frame.
struct frame_view {
  std::string_view join_ref, ref, topic, event, payload;
};

// A JSON string or null at `at`, then a comma. The server's refs, topics and events carry no
// escapes, so the raw text is the value.
bool read_head(std::string_view s, std::size_t& at, std::string_view& out) {
  if (s.substr(at, 4) == "null") {
    out = {};
    at += 4;
  } else if (at < s.size() && s[at] == '"') {
    std::size_t end = at + 1;
    while (end < s.size() && s[end] != '"') end += s[end] == '\\' ? 2 : 1;
    if (end >= s.size()) return false;
    out = s.substr(at + 1, end - at - 1);
    at = end + 1;
  } else {
    return false;
  }
  if (at >= s.size() || s[at] != ',') return false;
  ++at;
  return true;
}

std::optional<frame_view> parse_frame(std::string_view s) {
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') return std::nullopt;
  frame_view f;
  std::size_t at = 1;
  if (!read_head(s, at, f.join_ref) || !read_head(s, at, f.ref) || !read_head(s, at, f.topic)
      || !read_head(s, at, f.event)) {
    return std::nullopt;
  }
  f.payload = s.substr(at, s.size() - 1 - at);
  return f;
}

enum class client_kind { live, echo };
/// idle → connecting → open (upgraded) → joining → ready. Echo clients are ready once open.
enum class client_state { idle, connecting, open, joining, ready, failed };

struct client {
  client(asio::io_context& ioc, client_kind k, std::size_t i) : ws(ioc), kind(k), index(i) {}
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  client_kind kind;
  std::size_t index;
  std::string topic;  ///< lv:<view id>
  client_state state = client_state::idle;
  std::vector<std::string> out;  ///< frames to write; the front one is being written
  std::uint64_t next_ref = 1;
  std::uint64_t pending_ref = 0;  ///< the request whose reply is awaited, 0: none
  steady::time_point sent_at;
  steady::time_point connect_at;
  std::int64_t last_seq = 0;  ///< the last shout whose diff arrived
};

enum class phase { idle, round_trip, fan_out, throughput };

struct fan_out_round {
  std::size_t expected = 0, received = 0;
  summary latency;
  double server_cpu_ms = 0, client_cpu_ms = 0;
};

struct throughput_result {
  std::uint64_t round_trips = 0;
  double seconds = 0, server_cpu = 0, client_cpu = 0;
  double per_second() const { return seconds > 0 ? static_cast<double>(round_trips) / seconds : 0; }
  /// Server CPU per round trip in microseconds: unlike the rate, hardly moved by other load.
  double server_cpu_us() const {
    return round_trips > 0 ? server_cpu * 1e6 / static_cast<double>(round_trips) : 0;
  }
};

/// The clients, on one io_context run by this thread, and the measurements made with them.
class load {
 public:
  load(const options& o, unsigned short port, unsigned short echo_port, const std::string& secret,
       pid_t server)
      : o_(o),
        tokens_(secret),
        server_pid_(server),
        live_endpoint_(asio::ip::address_v4::loopback(), port),
        echo_endpoint_(asio::ip::address_v4::loopback(), echo_port),
        host_("127.0.0.1:" + std::to_string(port)),
        origin_("http://" + host_),
        url_(origin_ + "/room/load") {
    const std::string cookie = random_token(18);
    cookie_ = "_livediff_csrf=" + cookie;
    csrf_ = tokens_.mac("csrf:" + cookie);
    // What a heartbeat with a six-digit ref weighs: the echo clients send frames of that size.
    echo_payload_ = livediff::wire::frame({}, "100000", "phoenix", "heartbeat", "{}");
  }

  /// Opens `count` WebSockets of `kind`, `window` at a time. Returns the open ones; echo
  /// clients are ready to ping.
  std::vector<client*> open(client_kind kind, std::size_t count) {
    auto& group = kind == client_kind::live ? live_ : echo_;
    std::vector<client*> all;
    for (std::size_t i = 0; i < count; ++i) {
      group.push_back(std::make_unique<client>(ioc_, kind, group.size()));
      all.push_back(group.back().get());
    }
    windowed(all, "WebSocket upgrade", [this](client& c) {
      start_connect(c);
      return true;
    });
    std::vector<client*> open;
    for (client* c : all) {
      if (c->state == client_state::open || c->state == client_state::ready) open.push_back(c);
    }
    return open;
  }

  /// Joins each open live client to a view of its own, `window` at a time; returns the joined.
  std::vector<client*> join(const std::vector<client*>& clients) {
    windowed(clients, "join", [this](client& c) {
      if (c.state != client_state::open) return false;
      c.state = client_state::joining;
      const std::string id = "load-" + std::to_string(c.index);
      c.topic = "lv:" + id;
      // What a dead render signs into the page (channel.cc join() checks it).
      const std::string session = tokens_.sign(R"({"v":"room","id":")" + id + R"(","s":{}})");
      request(c, "1", c.topic, "phx_join",
              R"({"url":")" + url_ + R"(","params":{"_csrf_token":")" + csrf_
                  + R"(","_mounts":0},"session":")" + session + R"(","static":""})");
      return true;
    });
    std::vector<client*> joined;
    for (client* c : clients) {
      if (c->state == client_state::ready) joined.push_back(c);
    }
    return joined;
  }

  /// `samples` "inc" events, one at a time, spread over `clients`; microseconds each.
  std::vector<double> round_trips(const std::vector<client*>& clients, std::size_t samples) {
    phase_ = phase::round_trip;
    rtt_.clear();
    for (std::size_t i = 0; i < samples; ++i) {
      client& c = *clients[i * clients.size() / samples];
      if (c.state != client_state::ready) continue;
      request(c, "1", c.topic, "event", R"({"type":"click","event":"inc","value":{}})");
      if (!run_until([&] { return outstanding_ == 0; }, 5s)) fail(c, "no event reply in 5 s");
    }
    phase_ = phase::idle;
    return rtt_;
  }

  /// One of `clients` shouts; waits until every ready client got the diff.
  fan_out_round broadcast(const std::vector<client*>& clients, std::size_t round) {
    fan_out_round r;
    client& shouter = *clients[round * clients.size() / o_.rounds];
    if (shouter.state != client_state::ready) {
      error("broadcast " + std::to_string(round + 1) + ": the shouting client is gone");
      return r;
    }
    phase_ = phase::fan_out;
    shout_seq_ = static_cast<std::int64_t>(round) + 1;
    fan_.clear();
    fan_.reserve(clients.size());
    const double server_cpu = cpu_seconds(server_pid_), client_cpu = cpu_seconds(0);
    r.expected = ready_;
    shout_sent_ = steady::now();
    const auto sent_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(shout_sent_.time_since_epoch())
            .count();
    request(shouter, "1", shouter.topic, "event",
            R"({"type":"click","event":"shout","value":{"seq":")" + std::to_string(shout_seq_)
                + R"(","t":")" + std::to_string(sent_ns) + R"("}})");
    const bool done = run_until([&] { return fan_.size() >= ready_ && outstanding_ == 0; }, 30s);
    r.server_cpu_ms = (cpu_seconds(server_pid_) - server_cpu) * 1e3;
    r.client_cpu_ms = (cpu_seconds(0) - client_cpu) * 1e3;
    r.received = fan_.size();
    r.latency = summarize(fan_);
    if (!done) {
      error("broadcast " + std::to_string(shout_seq_) + " reached " + std::to_string(fan_.size())
            + " of " + std::to_string(r.expected) + " clients in 30 s");
    } else if (r.received < r.expected) {
      error("broadcast " + std::to_string(shout_seq_) + ": clients dropped while it ran");
    }
    phase_ = phase::idle;
    return r;
  }

  /// Request/response ping-pong on every client in `clients` for `d`, added to `into`:
  /// heartbeats for live clients, echoed frames for echo clients.
  void ping_pong(const std::vector<client*>& clients, steady::duration d, throughput_result& into) {
    phase_ = phase::throughput;
    pinging_ = true;
    counting_ = false;
    for (client* c : clients) ping(*c);
    run_until([] { return false; }, 50ms);  // every client has a request in flight
    replies_ = 0;
    counting_ = true;
    const auto start = steady::now();
    const double server_cpu = cpu_seconds(server_pid_), client_cpu = cpu_seconds(0);
    run_until([] { return false; }, d);
    counting_ = false;
    into.seconds += std::chrono::duration<double>(steady::now() - start).count();
    into.server_cpu += cpu_seconds(server_pid_) - server_cpu;
    into.client_cpu += cpu_seconds(0) - client_cpu;
    into.round_trips += replies_;
    pinging_ = false;
    if (!run_until([&] { return outstanding_ == 0; }, 5s)) {
      error("ping-pong: " + std::to_string(outstanding_) + " replies missing after 5 s");
    }
    phase_ = phase::idle;
  }

  /// Runs the clients for `d`: idle sockets answer pings and close frames.
  void pump(steady::duration d) {
    run_until([] { return false; }, d);
  }
  void closing() { closing_ = true; }

  /// Connect to upgraded, and join request to reply, of each live client; microseconds.
  const std::vector<double>& upgrade_times() const { return upgrade_; }
  const std::vector<double>& join_times() const { return join_; }
  std::size_t failures() const { return failures_; }
  std::size_t unexpected() const { return unexpected_; }
  const std::vector<std::string>& errors() const { return errors_; }
  void error(std::string what) {
    ++failures_;
    if (errors_.size() < 8) errors_.push_back(std::move(what));
  }

 private:
  // Runs handlers until `done()` or `timeout`; false on timeout.
  template <class Pred>
  bool run_until(Pred done, steady::duration timeout) {
    const auto deadline = steady::now() + timeout;
    while (!done()) {
      const auto now = steady::now();
      if (now >= deadline) return false;
      if (ioc_.stopped()) ioc_.restart();
      if (ioc_.run_one_for(deadline - now) == 0 && ioc_.stopped()) {
        std::this_thread::sleep_for(1ms);  // no sockets left: nothing can complete
      }
    }
    return true;
  }

  // Calls `start` on each of `clients` with at most `window` of them unsettled (neither done
  // nor failed), and waits until all settled. `start` returns false for a client it skips.
  // Thousands settle each second: 20 s without any is a failure, not the total time.
  void windowed(const std::vector<client*>& clients, const char* what,
                std::function<bool(client&)> start) {
    batch_ = &clients;
    start_ = std::move(start);
    launched_ = settled_ = 0;
    pump_window();
    std::size_t last = 0;
    auto progress = steady::now();
    while (settled_ < clients.size()) {
      run_until([&] { return settled_ != last; }, 1s);
      if (settled_ != last) {
        last = settled_;
        progress = steady::now();
      } else if (steady::now() - progress > 20s) {
        break;
      }
    }
    batch_ = nullptr;
    for (client* c : clients) {
      const client_state s = c->state;
      if (s == client_state::connecting || s == client_state::joining) {
        fail(*c, std::string(what) + ": no progress in 20 s");
      }
    }
    if (launched_ < clients.size()) {
      error(std::string(what) + ": " + std::to_string(clients.size() - launched_)
            + " clients never started");
    }
  }

  void pump_window() {
    while (batch_ != nullptr && launched_ < batch_->size() && launched_ - settled_ < o_.window) {
      if (!start_(*(*batch_)[launched_++])) ++settled_;
    }
  }

  void settled() {
    ++settled_;
    pump_window();
  }

  void start_connect(client& c) {
    c.state = client_state::connecting;
    c.connect_at = steady::now();
    auto& stream = beast::get_lowest_layer(c.ws);
    stream.expires_after(10s);
    stream.async_connect(c.kind == client_kind::live ? live_endpoint_ : echo_endpoint_,
                         [this, &c](beast::error_code ec) { on_connect(c, ec); });
  }

  void on_connect(client& c, beast::error_code ec) {
    if (c.state == client_state::failed) return;
    if (ec) return fail(c, "connect: " + ec.message());
    auto& stream = beast::get_lowest_layer(c.ws);
    stream.expires_never();
    // Browsers send without Nagle's delay.
    stream.socket().set_option(tcp::no_delay(true), ec);
    websocket::stream_base::timeout t{};
    t.handshake_timeout = 10s;
    t.idle_timeout = websocket::stream_base::none();
    t.keep_alive_pings = false;
    c.ws.set_option(t);
    if (c.kind == client_kind::live) {
      c.ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
        req.set(http::field::origin, origin_);
        req.set(http::field::cookie, cookie_);
      }));
    }
    const std::string target = c.kind == client_kind::live
                                   ? "/live/websocket?_csrf_token=" + csrf_ + "&vsn=2.0.0"
                                   : std::string("/");
    c.ws.async_handshake(host_, target, [this, &c](beast::error_code e) { on_handshake(c, e); });
  }

  void on_handshake(client& c, beast::error_code ec) {
    if (c.state == client_state::failed) return;
    if (ec) return fail(c, "handshake: " + ec.message());
    do_read(c);
    if (c.kind == client_kind::live) upgrade_.push_back(micros(steady::now() - c.connect_at));
    c.state = c.kind == client_kind::live ? client_state::open : client_state::ready;
    settled();
  }

  void fail(client& c, std::string why) {
    if (c.state == client_state::failed) return;
    const bool settling = c.state == client_state::connecting || c.state == client_state::joining;
    if (c.state == client_state::ready && c.kind == client_kind::live) --ready_;
    c.state = client_state::failed;
    error((c.kind == client_kind::live ? "client " : "echo client ") + std::to_string(c.index)
          + ": " + why);
    if (c.pending_ref != 0) {
      c.pending_ref = 0;
      --outstanding_;
    }
    beast::error_code ignored;
    beast::get_lowest_layer(c.ws).socket().close(ignored);
    if (settling && batch_ != nullptr) settled();
  }

  void request(client& c, std::string_view join_ref, std::string_view topic, std::string_view event,
               std::string_view payload) {
    if (c.state == client_state::failed) return;  // no reply would ever come
    const std::uint64_t ref = c.next_ref++;
    c.pending_ref = ref;
    ++outstanding_;
    c.sent_at = steady::now();
    send(c, livediff::wire::frame(join_ref, std::to_string(ref), topic, event, payload));
  }

  void ping(client& c) {
    if (c.state != client_state::ready) return;
    if (c.kind == client_kind::live) {
      request(c, {}, "phoenix", "heartbeat", "{}");
    } else {
      c.pending_ref = 1;
      ++outstanding_;
      c.sent_at = steady::now();
      send(c, echo_payload_);
    }
  }

  void send(client& c, std::string frame) {
    c.out.push_back(std::move(frame));
    if (c.out.size() == 1) do_write(c);
  }

  void do_write(client& c) {
    c.ws.text(true);
    c.ws.async_write(asio::buffer(c.out.front()), [this, &c](beast::error_code ec, std::size_t) {
      if (c.state == client_state::failed) return;
      if (ec) return fail(c, "write: " + ec.message());
      c.out.erase(c.out.begin());
      if (!c.out.empty()) do_write(c);
    });
  }

  void do_read(client& c) {
    c.ws.async_read(c.buffer, [this, &c](beast::error_code ec, std::size_t) {
      if (c.state == client_state::failed) return;
      if (ec) {
        if (!closing_) fail(c, "read: " + ec.message());
        return;
      }
      const auto at = steady::now();
      on_frame(c, {static_cast<const char*>(c.buffer.cdata().data()), c.buffer.size()}, at);
      c.buffer.consume(c.buffer.size());
      if (c.state != client_state::failed) do_read(c);
    });
  }

  void on_frame(client& c, std::string_view text, steady::time_point at) {
    if (c.kind == client_kind::echo) {
      if (c.pending_ref == 0 || text != echo_payload_) {
        ++unexpected_;
        return;
      }
      c.pending_ref = 0;
      --outstanding_;
      on_ping_reply(c);
      return;
    }
    std::optional<frame_view> f = parse_frame(text);
    if (!f) return fail(c, "unparsable frame: " + std::string(text.substr(0, 80)));
    if (f->event == "phx_reply") return on_reply(c, *f, at);
    if (f->event == "diff") return on_diff(c, *f, at);
    if (f->event == "phx_error" || f->event == "phx_close") {
      return fail(c, "the view closed: " + std::string(f->event));
    }
    ++unexpected_;
  }

  void on_reply(client& c, const frame_view& f, steady::time_point at) {
    std::uint64_t ref = 0;
    (void)std::from_chars(f.ref.data(), f.ref.data() + f.ref.size(), ref);
    if (ref == 0 || ref != c.pending_ref) {
      ++unexpected_;
      return;
    }
    c.pending_ref = 0;
    --outstanding_;
    if (!f.payload.starts_with(R"({"status":"ok")")) {
      return fail(c, std::string(c.state == client_state::joining ? "join" : "request")
                         + " refused: " + std::string(f.payload.substr(0, 120)));
    }
    if (c.state == client_state::joining) {
      join_.push_back(micros(at - c.sent_at));
      c.state = client_state::ready;
      ++ready_;
      return settled();
    }
    switch (phase_) {
      case phase::round_trip:
        if (f.payload.find("\"diff\"") == std::string_view::npos) {
          return fail(c, "event reply without a diff: " + std::string(f.payload.substr(0, 120)));
        }
        rtt_.push_back(micros(at - c.sent_at));
        break;
      case phase::throughput:
        on_ping_reply(c);
        break;
      case phase::fan_out:  // the shouter's reply; the diffs are what counts
      case phase::idle:
        break;
    }
  }

  void on_ping_reply(client& c) {
    if (counting_) ++replies_;
    if (pinging_) ping(c);
  }

  void on_diff(client& c, const frame_view& f, steady::time_point at) {
    rapidjson::Document d;
    d.Parse(f.payload.data(), f.payload.size());
    if (d.HasParseError() || !d.IsObject()) return fail(c, "unparsable diff");
    auto it = d.FindMember("0");
    if (it == d.MemberEnd() || !it->value.IsString()) {
      ++unexpected_;
      return;
    }
    std::int64_t seq = 0;
    const char* text = it->value.GetString();
    (void)std::from_chars(text, text + it->value.GetStringLength(), seq);
    if (phase_ != phase::fan_out || seq != shout_seq_ || c.last_seq >= seq) {
      ++unexpected_;
      return;
    }
    c.last_seq = seq;
    fan_.push_back(micros(at - shout_sent_));
  }

  const options& o_;
  TokenSigner tokens_;
  pid_t server_pid_;
  tcp::endpoint live_endpoint_, echo_endpoint_;
  std::string host_, origin_, url_, cookie_, csrf_, echo_payload_;

  asio::io_context ioc_{1};  // before the clients, whose sockets it must outlive
  std::vector<std::unique_ptr<client>> live_, echo_;
  const std::vector<client*>* batch_ = nullptr;  // what windowed() works through
  std::function<bool(client&)> start_;
  std::size_t launched_ = 0, settled_ = 0;
  std::size_t ready_ = 0;  // live clients joined and not failed

  phase phase_ = phase::idle;
  std::size_t outstanding_ = 0;  // requests awaiting their reply
  std::vector<double> upgrade_, join_, rtt_;
  std::int64_t shout_seq_ = 0;
  steady::time_point shout_sent_;
  std::vector<double> fan_;
  bool pinging_ = false, counting_ = false, closing_ = false;
  std::uint64_t replies_ = 0;

  std::size_t failures_ = 0, unexpected_ = 0;
  std::vector<std::string> errors_;
};

// ---- output ----

std::string duration_text(double us) {
  char buf[32];
  if (us < 1000) {
    std::snprintf(buf, sizeof buf, "%.0f µs", us);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f ms", us / 1e3);
  }
  return buf;
}

std::string summary_text(const summary& s, const char* max_name = "max") {
  return "p50 " + duration_text(s.p50) + ", p99 " + duration_text(s.p99) + ", " + max_name + " "
         + duration_text(s.max);
}

std::string summary_json(const summary& s) {
  char buf[192];
  std::snprintf(buf, sizeof buf,
                R"({"n":%zu,"min_us":%.1f,"p50_us":%.1f,"p99_us":%.1f,"max_us":%.1f})", s.n, s.min,
                s.p50, s.p99, s.max);
  return buf;
}

std::string throughput_json(const throughput_result& t) {
  char buf[192];
  std::snprintf(buf, sizeof buf,
                R"({"round_trips_per_s":%.0f,"server_cpu_us_per_round_trip":%.2f,)"
                R"("server_cpu_per_s":%.2f,"client_cpu_per_s":%.2f})",
                t.per_second(), t.server_cpu_us(), t.seconds > 0 ? t.server_cpu / t.seconds : 0,
                t.seconds > 0 ? t.client_cpu / t.seconds : 0);
  return buf;
}

// Other work on the machine skews every number here: printed beside them.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " " + five;
}

double kib(double bytes) {
  return bytes / 1024;
}

int run_load(const options& o, const char* self) {
  raise_fd_limit();
  ::signal(SIGPIPE, SIG_IGN);
  const std::size_t needed = o.clients + std::min(o.pingers, o.clients) + 64;
  if (fd_limit() < needed) {
    std::fprintf(stderr, "livediff_net_load: %zu clients need %zu descriptors, the limit is %llu\n",
                 o.clients, needed, static_cast<unsigned long long>(fd_limit()));
    return 2;
  }
  char exe[4096];
  const ssize_t len = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  const std::string exe_path = len > 0 ? std::string(exe, static_cast<std::size_t>(len)) : self;
  const std::string secret = random_token(48);

  std::vector<std::string> args;
  for (std::size_t at = 0; at < o.server_wrap.size();) {
    const std::size_t end = std::min(o.server_wrap.find(' ', at), o.server_wrap.size());
    if (end > at) args.push_back(o.server_wrap.substr(at, end - at));
    at = end + 1;
  }
  for (std::string a : {exe_path, std::string("--serve"), std::string("--port"),
                        std::to_string(o.port), std::string("--secret"), secret,
                        std::string("--server-threads"), std::to_string(o.server_threads)}) {
    args.push_back(std::move(a));
  }
  server_process child;
  std::string why;
  if (!child.start(args, why)) {
    std::fprintf(stderr, "livediff_net_load: %s\n", why.c_str());
    return 1;
  }
  std::printf(
      "livediff_net_load: %zu clients on 1 thread; server pid %d on %d thread(s), port "
      "%u, echo port %u; load average %s\n",
      o.clients, static_cast<int>(child.pid()), o.server_threads,
      static_cast<unsigned>(child.port()), static_cast<unsigned>(child.echo_port()),
      load_average().c_str());
  std::fflush(stdout);

  load l(o, child.port(), child.echo_port(), secret, child.pid());
  l.pump(200ms);
  const std::int64_t rss_idle = rss_bytes(child.pid());

  // 1. N WebSockets, then a view on each; memory after each step.
  auto start = steady::now();
  const double open_cpu = cpu_seconds(child.pid());
  std::vector<client*> sockets = l.open(client_kind::live, o.clients);
  const double open_seconds = std::chrono::duration<double>(steady::now() - start).count();
  const double open_server_cpu = cpu_seconds(child.pid()) - open_cpu;
  l.pump(300ms);  // upgrade buffers freed, nothing in flight
  const std::int64_t rss_open = rss_bytes(child.pid());
  start = steady::now();
  const double join_cpu = cpu_seconds(child.pid());
  std::vector<client*> joined = l.join(sockets);
  const double join_seconds = std::chrono::duration<double>(steady::now() - start).count();
  const double join_server_cpu = cpu_seconds(child.pid()) - join_cpu;
  l.pump(500ms);
  const std::int64_t rss_joined = rss_bytes(child.pid());
  const double per_socket = sockets.empty() ? 0
                                            : static_cast<double>(rss_open - rss_idle)
                                                  / static_cast<double>(sockets.size());
  const double per_view = joined.empty() ? 0
                                         : static_cast<double>(rss_joined - rss_open)
                                               / static_cast<double>(joined.size());
  const summary upgrade = summarize(l.upgrade_times());
  const summary join = summarize(l.join_times());
  std::printf(
      "upgrade      %zu of %zu WebSockets open in %.2f s (server CPU %.0f µs each), %zu "
      "at a time; each: %s\n",
      sockets.size(), o.clients, open_seconds,
      sockets.empty() ? 0.0 : open_server_cpu * 1e6 / static_cast<double>(sockets.size()), o.window,
      summary_text(upgrade).c_str());
  std::printf(
      "join         %zu views joined in %.2f s (%.0f/s, server CPU %.0f µs each); each: "
      "%s\n",
      joined.size(), join_seconds, static_cast<double>(joined.size()) / join_seconds,
      joined.empty() ? 0.0 : join_server_cpu * 1e6 / static_cast<double>(joined.size()),
      summary_text(join).c_str());
  std::printf(
      "memory       server RSS %.1f MB idle, %.1f MB with the sockets, %.1f MB with the "
      "views:\n             %.1f KB per socket + %.1f KB per view = %.1f KB per connection "
      "(target <= 16 KB)\n",
      static_cast<double>(rss_idle) / 1e6, static_cast<double>(rss_open) / 1e6,
      static_cast<double>(rss_joined) / 1e6, kib(per_socket), kib(per_view),
      kib(per_socket + per_view));
  std::fflush(stdout);

  summary rtt;
  std::vector<fan_out_round> rounds;
  throughput_result live_tp, echo_tp;
  std::size_t pingers = 0;
  std::int64_t rss_end = 0;
  if (!joined.empty()) {
    // 2. Event round trips, one at a time.
    rtt = summarize(l.round_trips(joined, o.samples));
    std::printf("round trip   %zu events, one at a time: %s\n", rtt.n, summary_text(rtt).c_str());
    std::fflush(stdout);

    // 3. Broadcast fan-out.
    for (std::size_t r = 0; r < o.rounds; ++r) {
      fan_out_round round = l.broadcast(joined, r);
      std::printf(
          "fan-out %-4zu %zu/%zu diffs: first %s, %s (server CPU %.0f ms, client CPU "
          "%.0f ms)\n",
          r + 1, round.received, round.expected, duration_text(round.latency.min).c_str(),
          summary_text(round.latency, "last").c_str(), round.server_cpu_ms, round.client_cpu_ms);
      std::fflush(stdout);
      rounds.push_back(round);
      l.pump(200ms);
    }

    // 4. Messages/s: heartbeats to livediff and frames to the echo server, in alternating
    // half-second slices so that other load on the machine hits both alike.
    pingers = std::min(o.pingers, joined.size());
    const std::vector<client*> live_pingers(joined.begin(),
                                            joined.begin() + static_cast<std::ptrdiff_t>(pingers));
    const std::vector<client*> echo_pingers = l.open(client_kind::echo, pingers);
    if (echo_pingers.size() == pingers) {
      const auto slices = static_cast<int>(std::max(1.0, std::round(o.seconds / 0.5)));
      const auto slice = std::chrono::duration_cast<steady::duration>(
          std::chrono::duration<double>(o.seconds / slices));
      for (int i = 0; i < slices; ++i) {
        l.ping_pong(live_pingers, slice, live_tp);
        l.ping_pong(echo_pingers, slice, echo_tp);
      }
    }
    std::printf(
        "throughput   %zu clients ping-pong for %.1f s each; round trips/s, server CPU per "
        "round trip:\n",
        pingers, o.seconds);
    std::printf("             livediff heartbeat  %8.0f/s  %5.1f µs\n", live_tp.per_second(),
                live_tp.server_cpu_us());
    std::printf("             Beast echo          %8.0f/s  %5.1f µs\n", echo_tp.per_second(),
                echo_tp.server_cpu_us());
    std::printf(
        "             echo/livediff: %.2fx the rate, livediff/echo: %.2fx the CPU "
        "(target within 2x)\n",
        live_tp.per_second() > 0 ? echo_tp.per_second() / live_tp.per_second() : 0.0,
        echo_tp.server_cpu_us() > 0 ? live_tp.server_cpu_us() / echo_tp.server_cpu_us() : 0.0);
    rss_end = rss_bytes(child.pid());
    std::printf("memory       server RSS %.1f MB at the end\n", static_cast<double>(rss_end) / 1e6);
  }

  std::string fan_json;
  summary worst;
  double latest = 0;
  for (const fan_out_round& r : rounds) {
    if (!fan_json.empty()) fan_json += ',';
    char buf[128];
    std::snprintf(buf, sizeof buf,
                  R"({"received":%zu,"expected":%zu,"server_cpu_ms":%.1f,"latency":)", r.received,
                  r.expected, r.server_cpu_ms);
    fan_json += buf + summary_json(r.latency) + "}";
    if (r.latency.p99 >= worst.p99) worst = r.latency;
    latest = std::max(latest, r.latency.max);
  }
  if (!rounds.empty()) {
    std::printf(
        "fan-out      worst p99 of %zu rounds: %s (target <= 100 ms); the latest diff: %s\n",
        rounds.size(), duration_text(worst.p99).c_str(), duration_text(latest).c_str());
  }
  std::printf("load average %s at the end\n", load_average().c_str());
  std::fflush(stdout);

  l.closing();
  if (!child.stop([&l](steady::duration d) { l.pump(d); }, 15s)) {
    l.error("the server process did not exit cleanly");
  }
  for (const std::string& e : l.errors()) {
    std::fprintf(stderr, "livediff_net_load: %s\n", e.c_str());
  }
  if (l.failures() > l.errors().size()) {
    std::fprintf(stderr, "livediff_net_load: %zu failures in all\n", l.failures());
  }
  if (l.unexpected() > 0) {
    std::fprintf(stderr, "livediff_net_load: %zu unexpected frames\n", l.unexpected());
  }

  char head[640];
  std::snprintf(head, sizeof head,
                R"({"clients":%zu,"open":%zu,"joined":%zu,"server_threads":%d,)"
                R"("open_seconds":%.3f,"join_seconds":%.3f,"rss_idle_bytes":%lld,)"
                R"("rss_open_bytes":%lld,"rss_joined_bytes":%lld,"rss_end_bytes":%lld,)"
                R"("bytes_per_socket":%.0f,"bytes_per_view":%.0f,"bytes_per_connection":%.0f,)",
                o.clients, sockets.size(), joined.size(), o.server_threads, open_seconds,
                join_seconds, static_cast<long long>(rss_idle), static_cast<long long>(rss_open),
                static_cast<long long>(rss_joined), static_cast<long long>(rss_end), per_socket,
                per_view, per_socket + per_view);
  std::printf(
      "%s\"upgrade\":%s,\"join\":%s,\"round_trip\":%s,\"fan_out\":[%s],"
      "\"throughput\":{\"clients\":%zu,\"seconds\":%.1f,\"livediff\":%s,\"echo\":%s},"
      "\"failures\":%zu,\"load_average\":\"%s\"}\n",
      head, summary_json(upgrade).c_str(), summary_json(join).c_str(), summary_json(rtt).c_str(),
      fan_json.c_str(), pingers, o.seconds, throughput_json(live_tp).c_str(),
      throughput_json(echo_tp).c_str(), l.failures(), load_average().c_str());
  return l.failures() == 0 && joined.size() == o.clients ? 0 : 1;
}

}  // namespace
}  // namespace livediff::net

int main(int argc, char** argv) {
  livediff::net::options o;
  if (!livediff::net::parse_options(argc, argv, o)) {
    std::fputs(livediff::net::kUsage, stderr);
    return 2;
  }
  if (o.serve) {
    if (o.secret.empty()) {
      std::fputs("livediff_net_load --serve needs --secret (at least 32 bytes)\n", stderr);
      return 2;
    }
    return livediff::net::serve(o);
  }
  return livediff::net::run_load(o, argv[0]);
}
