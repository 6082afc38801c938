// What an attacker sends, over real sockets: each request is refused on its own with a clear
// error, the server stays up, memory comes back, and a client joined beforehand keeps getting
// its diffs throughout.
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/core/utf8.h"
#include "livediff/net/server.h"

#include "livediff/testing/status_matchers.h"
#include "ws_client.h"

namespace livediff::net {
namespace {

using livediff::testing::http_request;
using livediff::testing::page_tokens;
using livediff::testing::tokens_of;
using livediff::testing::WsClient;
using ::testing::HasSubstr;
using ::testing::Not;

struct Counter : View {
  int count = 0;
  std::string title;
  void handle_event(std::string_view event, const Params& value, Socket&) override {
    if (event == "inc") ++count;
    if (event == "title") title = value.at("title");
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<div><span>", "</span><b>", "</b></div>"};
    ctx.root(page).text(0, count).text(1, title);
  }
};

// Shows bytes as a view might get them from a file or a database: not UTF-8.
struct RawBytes : View {
  void render(RenderContext& ctx) override {
    static const Statics page{"<p>", "</p><i>", "</i>"};
    ctx.root(page).text(0, "caf\xE9 \xFF\xFE").html(1, "<u>\xC3</u>");
  }
};

std::size_t rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

class AttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.port = 0;
    config.secret_key = std::string(40, 'k');
    config.heartbeat_timeout = std::chrono::milliseconds(1500);
    configure(config);
    config.log = [this](std::string_view what) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(what);
    };
    Router router;
    router.live("/counter", "counter", [] { return std::make_unique<Counter>(); });
    router.live("/chat/:room", "chat", [] { return std::make_unique<Counter>(); });
    router.live("/raw", "raw", [] { return std::make_unique<RawBytes>(); });
    server_ = std::make_unique<Server>(std::move(config), std::move(router));
    ASSERT_THAT(server_->start(), livediff::testing::IsOk());
    port_ = server_->port();
    bystander_ = open("/counter", &bystander_tokens_);
    ASSERT_NE(bystander_, nullptr);
  }
  void TearDown() override {
    server_->stop(std::chrono::milliseconds(500));
    server_->wait();
  }
  virtual void configure(ServerConfig&) {}

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::unique_ptr<WsClient> socket_for(const page_tokens& t) {
    return WsClient::connect(port_, "/live/websocket?_csrf_token=" + t.csrf + "&vsn=2.0.0",
                             {{"Origin", origin()}, {"Cookie", t.cookie}});
  }

  std::unique_ptr<WsClient> open(std::string_view path, page_tokens* out) {
    auto page = http_request(port_, "GET", path);
    auto tokens = tokens_of(page);
    if (!tokens) return nullptr;
    auto ws = socket_for(*tokens);
    if (!ws) return nullptr;
    ws->send(R"(["1","1","lv:)" + tokens->view_id + R"(","phx_join",{"url":")" + origin()
             + std::string(path) + R"(","params":{"_csrf_token":")" + tokens->csrf
             + R"(","_mounts":0},"session":")" + tokens->session + R"(","static":""}])");
    auto reply = ws->read_until("phx_reply");
    if (!reply || reply->find(R"("status":"ok")") == std::string::npos) return nullptr;
    *out = *tokens;
    return ws;
  }

  // The client joined before the attack still gets its diff.
  void expect_bystander_served() {
    ++bystander_count_;
    bystander_->send(R"(["1",")" + std::to_string(100 + bystander_count_) + R"(","lv:)"
                     + bystander_tokens_.view_id
                     + R"(","event",{"type":"click","event":"inc","value":{}}])");
    EXPECT_THAT(bystander_->read_until("phx_reply").value_or(""),
                HasSubstr(R"({"diff":{"0":")" + std::to_string(bystander_count_) + "\"}}"));
  }

  bool logged(std::string_view needle) {
    std::lock_guard lock(log_mu_);
    for (const auto& l : log_) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::unique_ptr<WsClient> bystander_;
  page_tokens bystander_tokens_;
  int bystander_count_ = 0;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

// Row 1: the signing key was one request away.
TEST_F(AttackTest, AssetPathsCannotNameFilesOutsideTheAssets) {
  for (const char* target : {"/assets//etc/passwd", "/assets//proc/self/environ",
                             "/assets/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/%2Fetc%2Fpasswd"}) {
    auto res = http_request(port_, "GET", target);
    EXPECT_EQ(res.status, 404u) << target;
    EXPECT_EQ(res.body, "not found\n") << target;
  }
  expect_bystander_served();
}

// Row 2: /dev/zero was read into memory on an I/O thread until the machine gave out.
TEST_F(AttackTest, DevicesAreNotReadAndMemoryStays) {
  const std::size_t before = rss_kb();
  std::thread a([&] { EXPECT_EQ(http_request(port_, "GET", "/assets//dev/zero").status, 404u); });
  std::thread b([&] { EXPECT_EQ(http_request(port_, "GET", "/assets//dev/zero").status, 404u); });
  a.join();
  b.join();
  expect_bystander_served();
  EXPECT_LT(rss_kb(), before + 16 * 1024);
}

// Row 3: a join nesting 100,000 arrays crashed the server before any token check.
TEST_F(AttackTest, DeeplyNestedFramesAreRefusedAlone) {
  page_tokens t;
  auto ws = open("/counter", &t);
  ASSERT_NE(ws, nullptr);
  const std::size_t before = rss_kb();
  std::string join = R"(["9","9","lv:phx-x","phx_join",{"url":)";
  join += std::string(100000, '[') + std::string(100000, ']') + "}]";
  ws->send(join);
  EXPECT_THAT(
      ws->read_until("phx_reply").value_or(""),
      HasSubstr(R"({"status":"error","response":{"reason":"JSON nested deeper than 64 levels"}})"));
  std::string event =
      R"(["1","10","lv:)" + t.view_id + R"(","event",{"type":"hook","event":"e","value":)";
  event += std::string(100000, '[') + std::string(100000, ']') + "}]";
  ws->send(event);
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr("nested deeper than 64"));
  ws->send(std::string(150000, '['));  // no envelope to answer: dropped
  ws->send(R"(["1","11","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr(R"({"diff":{"0":"1"}})"));
  EXPECT_TRUE(logged("malformed payload: JSON nested deeper than 64 levels"));
  expect_bystander_served();
  EXPECT_LT(rss_kb(), before + 16 * 1024);
}

// Row 4: bytes that are not UTF-8 once reached a text frame, and browsers dropped the socket.
TEST_F(AttackTest, InvalidUtf8IsRefusedOnTheWayInAndCannotGoOut) {
  page_tokens t;
  auto ws = open("/counter", &t);
  ASSERT_NE(ws, nullptr);
  ws->send(R"(["1","20","lv:)" + t.view_id
           + R"(","event",{"type":"form","event":"title","value":"title=%FF%FE","meta":{}}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""),
              HasSubstr(R"({"status":"error","response":{"reason":"a form field is not UTF-8"}})"));
  ws->send(R"(["1","21","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"title","value":{"title":"\udcff"}}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr("not UTF-8"));
  auto res = http_request(port_, "GET", "/chat/%FF%FE");
  EXPECT_EQ(res.status, 400u);
  EXPECT_THAT(res.body, HasSubstr("not UTF-8"));
  EXPECT_EQ(http_request(port_, "GET", "/counter?x=%C3").status, 400u);
  // Whatever a view puts in a slot, the page and every frame are UTF-8 (the test client, like
  // a browser, fails a text frame that is not).
  auto page = http_request(port_, "GET", "/raw");
  EXPECT_EQ(page.status, 200u);
  EXPECT_TRUE(is_valid_utf8(page.body));
  EXPECT_THAT(page.body, HasSubstr("caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD"));
  page_tokens raw;
  auto raw_ws = open("/raw", &raw);
  ASSERT_NE(raw_ws, nullptr);
  expect_bystander_served();
}

// Row 5 is in listener_test.cc: it needs a process of its own with few file descriptors.
TEST_F(AttackTest, ConnectionsBeyondTheCapAreClosedAndTheRestServed) {
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> idle;
  boost::asio::io_context io;
  const std::size_t open_before = server_->open_connections();
  for (int i = 0; i < 300; ++i) {
    auto s = std::make_unique<boost::asio::ip::tcp::socket>(io);
    boost::system::error_code ec;
    s->connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    if (!ec) idle.push_back(std::move(s));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_GE(server_->open_connections(), open_before + 290);
  expect_bystander_served();
  idle.clear();
  for (int i = 0; i < 100 && server_->open_connections() > open_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server_->open_connections(), open_before);
}

// Row 6: a URL in the query was taken for the path.
TEST_F(AttackTest, AUrlInTheQueryIsNotThePath) {
  auto res = http_request(port_, "GET", "/counter?u=http://h/assets//etc/hostname");
  EXPECT_EQ(res.status, 200u);
  EXPECT_THAT(res.body, HasSubstr("data-phx-main"));
  expect_bystander_served();
}

// Row 7: a folder was served as an empty file.
TEST_F(AttackTest, FoldersAreNotFiles) {
  for (const char* target : {"/assets/.", "/assets//", "/assets/", "/assets/..", "/assets"}) {
    EXPECT_EQ(http_request(port_, "GET", target).status, 404u) << target;
  }
  expect_bystander_served();
}

// Row 8: a client that answers pings but sends nothing kept its socket and view forever.
class HeartbeatTest : public AttackTest {
  void configure(ServerConfig& config) override {
    config.idle_timeout = std::chrono::seconds(1);  // pings every half second
  }
};

TEST_F(HeartbeatTest, ASilentSocketIsClosedAfterTheHeartbeatTimeout) {
  page_tokens t;
  auto silent = open("/counter", &t);
  ASSERT_NE(silent, nullptr);
  const auto start = std::chrono::steady_clock::now();
  // The bystander keeps talking meanwhile, as a live client does.
  std::thread talk([&] {
    for (int i = 0; i < 12; ++i) {
      expect_bystander_served();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  // One read that answers the server's pings (every 0.5 s here) until the server closes.
  EXPECT_FALSE(silent->read(std::chrono::milliseconds(4000)).has_value());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  talk.join();
  EXPECT_TRUE(silent->closed());
  EXPECT_EQ(silent->close_reason().reason, "heartbeat timeout");
  EXPECT_EQ(silent->close_reason().code, boost::beast::websocket::close_code::policy_error);
  EXPECT_GE(elapsed, std::chrono::milliseconds(1400));
  EXPECT_LT(elapsed, std::chrono::milliseconds(3500));
  EXPECT_TRUE(logged("heartbeat timeout"));
  expect_bystander_served();
}

}  // namespace
}  // namespace livediff::net
