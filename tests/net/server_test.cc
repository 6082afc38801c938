// The server end to end over real sockets: pages, the live socket protocol, and every refusal.
#include "livediff/net/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  void mount(const Params& params, const Params&, Socket&) override {
    if (auto start = param(params, "start")) count = std::stoi(std::string(*start));
  }
  void handle_event(std::string_view event, const Params&, Socket& socket) override {
    if (event == "inc") ++count;
    if (event == "boom") throw std::runtime_error("boom");
    if (event == "go") socket.push_navigate("/other");
    if (event == "shout") socket.broadcast("all", "shout", std::string("hey"));
  }
  void handle_info(const Message&, Socket&) override { count += 100; }
  void render(RenderContext& ctx) override {
    static const Statics page{"<div><span>", "</span><button phx-click=\"inc\">+</button></div>"};
    ctx.root(page).text(0, count);
  }
};

struct Other : View {
  void render(RenderContext& ctx) override {
    static const Statics page{"<p>other</p>"};
    ctx.root(page);
  }
};

struct Listener : Counter {
  void mount(const Params& p, const Params& s, Socket& socket) override {
    Counter::mount(p, s, socket);
    if (socket.connected()) socket.subscribe("all");
  }
};

// Places a Counter as nested view "kid" until "drop"; "boom" crashes the parent.
struct Nest : View {
  bool show = true;
  void handle_event(std::string_view event, const Params&, Socket&) override {
    if (event == "boom") throw std::runtime_error("parent boom");
    if (event == "drop") show = false;
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<main>", "</main>"};
    NodeRef root = ctx.root(page);
    if (show) {
      ctx.live_render<Counter>(root, 0, {.id = "kid"});
    } else {
      root.text(0, "");
    }
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerConfig config;
    config.port = 0;
    config.secret_key = std::string(40, 'k');
    config.ws_message_limit = 64 * 1024;
    config.http_header_limit = 4 * 1024;
    config.channel.messages_per_second = 20;  // low, so the flood test holds even under sanitizers
    config.channel.burst = 50;
    config.channel.flood_limit = 100;
    config.log = [this](std::string_view what) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(what);
    };
    Router router;
    router.live("/counter", "counter", [] { return std::make_unique<Counter>(); });
    router.live("/other", "other", [] { return std::make_unique<Other>(); });
    router.live("/listen", "listen", [] { return std::make_unique<Listener>(); });
    router.live("/nest", "nest", [] { return std::make_unique<Nest>(); });
    router.get("/health", [](const HttpRequest&) {
      return HttpResponse{200, "text/plain", "ok", {}};
    });
    server_ = std::make_unique<Server>(std::move(config), std::move(router));
    ASSERT_THAT(server_->start(), livediff::testing::IsOk());
    port_ = server_->port();
  }
  void TearDown() override {
    server_->stop(std::chrono::milliseconds(500));
    server_->wait();
  }

  // Loads a page and opens its live socket; returns the socket joined to the view.
  std::unique_ptr<WsClient> open(std::string_view path, page_tokens* out = nullptr,
                                 std::string* join_reply = nullptr) {
    auto page = http_request(port_, "GET", path);
    EXPECT_EQ(page.status, 200u);
    auto tokens = tokens_of(page);
    EXPECT_TRUE(tokens.has_value()) << page.body;
    if (!tokens) return nullptr;
    auto ws = WsClient::connect(
        port_, "/live/websocket?_csrf_token=" + tokens->csrf + "&vsn=2.0.0",
        {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}, {"Cookie", tokens->cookie}});
    EXPECT_NE(ws, nullptr);
    if (!ws) return nullptr;
    ws->send(join_frame(*tokens, path));
    auto reply = ws->read_until("phx_reply");
    EXPECT_TRUE(reply.has_value());
    if (join_reply && reply) *join_reply = *reply;
    if (out) *out = *tokens;
    return ws;
  }

  std::string join_frame(const page_tokens& t, std::string_view path,
                         std::string_view key = "url") {
    return R"(["1","1","lv:)" + t.view_id + R"(","phx_join",{")" + std::string(key)
           + R"(":"http://127.0.0.1:)" + std::to_string(port_) + std::string(path)
           + R"(","params":{"_csrf_token":")" + t.csrf + R"(","_mounts":0},"session":")" + t.session
           + R"(","static":""}])";
  }

  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(ServerTest, DeadRenderHasTheContainerTokensAndLayout) {
  auto page = http_request(port_, "GET", "/counter?start=7");
  EXPECT_EQ(page.status, 200u);
  EXPECT_THAT(page.body, HasSubstr("<meta name=\"csrf-token\""));
  EXPECT_THAT(page.body, HasSubstr("data-phx-main"));
  EXPECT_THAT(page.body, HasSubstr("<span>7</span>"));
  EXPECT_THAT(page.body, HasSubstr("/assets/app.js"));
  EXPECT_THAT(page.headers["set-cookie"], HasSubstr("HttpOnly"));
  EXPECT_EQ(http_request(port_, "GET", "/health").body, "ok");
  EXPECT_EQ(http_request(port_, "GET", "/nope").status, 404u);
  EXPECT_EQ(http_request(port_, "POST", "/counter").status, 405u);
}

TEST_F(ServerTest, ServesTheClientBundle) {
  auto js = http_request(port_, "GET", "/assets/app.js");
  EXPECT_EQ(js.status, 200u);
  EXPECT_THAT(js.headers["content-type"], HasSubstr("javascript"));
  EXPECT_THAT(js.body, HasSubstr("phx-"));
  EXPECT_EQ(http_request(port_, "GET", "/assets/../CMakeCache.txt").status, 404u);
  // Only the files listed at start-up: an absolute name, a folder or a device is not one.
  for (const char* target : {"/assets//etc/passwd", "/assets//proc/self/environ",
                             "/assets//dev/zero", "/assets/.", "/assets//", "/assets/"}) {
    auto res = http_request(port_, "GET", target);
    EXPECT_EQ(res.status, 404u) << target;
    EXPECT_EQ(res.body, "not found\n") << target;
  }
}

TEST_F(ServerTest, JoinEventsAndHeartbeats) {
  std::string reply;
  auto ws = open("/counter?start=3", nullptr, &reply);
  ASSERT_NE(ws, nullptr);
  EXPECT_THAT(reply, HasSubstr(R"("status":"ok")"));
  EXPECT_THAT(reply, HasSubstr(R"("rendered":{"0":"3")"));
  EXPECT_THAT(reply, HasSubstr("liveview_version"));
  ws->send(R"([null,"2","phoenix","heartbeat",{}])");
  EXPECT_EQ(ws->read(), R"([null,"2","phoenix","phx_reply",{"status":"ok","response":{}}])");
  page_tokens t;
  ws->send(R"(["1","3","lv:)" + std::string("x") + R"(","event",{}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr("unmatched topic"));
}

TEST_F(ServerTest, EventRepliesCarryTheDiff) {
  page_tokens t;
  auto ws = open("/counter", &t);
  ASSERT_NE(ws, nullptr);
  ws->send(R"(["1","5","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_EQ(ws->read(), R"(["1","5","lv:)" + t.view_id
                            + R"(","phx_reply",{"status":"ok","response":{"diff":{"0":"1"}}}])");
}

TEST_F(ServerTest, MalformedFramesAreDroppedAndTheSocketStays) {
  page_tokens t;
  auto ws = open("/counter", &t);
  ASSERT_NE(ws, nullptr);
  ws->send("{not json");
  ws->send(R"([1,2,3])");
  ws->send(R"(["1","6","lv:)" + t.view_id + R"(","event","not an object"])");
  EXPECT_THAT(ws->read().value_or(""), HasSubstr("malformed payload"));
  ws->send(R"(["1","7","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(ws->read().value_or(""), HasSubstr(R"({"diff":{"0":"1"}})"));
}

TEST_F(ServerTest, ACrashingViewErrorsItsTopicOnly) {
  page_tokens a, b;
  auto ws_a = open("/counter", &a);
  auto ws_b = open("/counter", &b);
  ASSERT_NE(ws_a, nullptr);
  ASSERT_NE(ws_b, nullptr);
  ws_a->send(R"(["1","5","lv:)" + a.view_id
             + R"(","event",{"type":"click","event":"boom","value":{}}])");
  EXPECT_THAT(ws_a->read().value_or(""), HasSubstr("phx_error"));
  ws_b->send(R"(["1","5","lv:)" + b.view_id
             + R"(","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(ws_b->read().value_or(""), HasSubstr(R"({"diff":{"0":"1"}})"));
  // The same socket can rejoin the crashed topic.
  ws_a->send(join_frame(a, "/counter"));
  EXPECT_THAT(ws_a->read_until("phx_reply").value_or(""), HasSubstr(R"("rendered")"));
}

TEST_F(ServerTest, TamperedForeignAndExpiredTokensAreRefused) {
  auto page = http_request(port_, "GET", "/counter");
  auto t = *tokens_of(page);
  auto ws = WsClient::connect(
      port_, "/live/websocket?_csrf_token=" + t.csrf,
      {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}, {"Cookie", t.cookie}});
  ASSERT_NE(ws, nullptr);
  page_tokens tampered = t;
  tampered.session[tampered.session.size() / 2] ^= 1;
  ws->send(join_frame(tampered, "/counter"));
  EXPECT_THAT(ws->read().value_or(""),
              HasSubstr(R"({"status":"error","response":{"reason":"unauthorized"}})"));
  // A valid token for /counter cannot mount another view by URL.
  ws->send(join_frame(t, "/other"));
  EXPECT_THAT(ws->read().value_or(""), HasSubstr("unauthorized"));
  // An expired token makes the client reload.
  page_tokens old = t;
  old.session =
      server_->tokens().sign(R"({"v":"counter","id":")" + t.view_id + R"(","s":{}})",
                             std::chrono::system_clock::now() - std::chrono::hours(24 * 30));
  ws->send(join_frame(old, "/counter"));
  EXPECT_THAT(ws->read().value_or(""), HasSubstr(R"("reason":"stale")"));
  // Live navigation keeps the token and goes to another live route.
  ws->send(join_frame(t, "/other", "redirect"));
  EXPECT_THAT(ws->read().value_or(""), HasSubstr("<p>other</p>"));
}

// The token of a nested view, from a JSON reply holding its container.
std::string nested_token(std::string_view reply) {
  const std::string_view key = R"(data-phx-session=\")";
  std::size_t at = reply.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  return std::string(reply.substr(at, reply.find('\\', at) - at));
}

std::string nested_join(std::string_view join_ref, std::string_view token) {
  return R"([")" + std::string(join_ref) + R"(",")" + std::string(join_ref)
         + R"(","lv:kid","phx_join",{"params":{"_mounts":0},"session":")" + std::string(token)
         + R"(","static":null}])";
}

TEST_F(ServerTest, NestedViewsJoinOnTheSocketOfTheirParentAndEndWithIt) {
  auto page = http_request(port_, "GET", "/nest");
  auto t = *tokens_of(page);
  // The dead render holds the nested view's first render and no token yet.
  EXPECT_THAT(page.body, HasSubstr(R"(<div id="kid" data-phx-session="" data-phx-static="" )"
                                   R"(data-phx-parent-id=")"
                                   + t.view_id + R"("><div><span>0</span>)"));

  std::string join_reply;
  auto ws = open("/nest", &t, &join_reply);
  ASSERT_NE(ws, nullptr);
  const std::string token = nested_token(join_reply);
  ASSERT_FALSE(token.empty()) << join_reply;

  // A tampered token is refused; the real one joins on the same socket.
  std::string tampered = token;
  tampered[tampered.size() / 3] ^= 1;
  ws->send(nested_join("7", tampered));
  EXPECT_THAT(ws->read().value_or(""), HasSubstr("unauthorized"));
  ws->send(nested_join("8", token));
  std::string child_join = ws->read_until("phx_reply").value_or("");
  EXPECT_THAT(child_join, HasSubstr(R"("lv:kid","phx_reply",{"status":"ok")"));
  EXPECT_THAT(child_join, HasSubstr("<span>"));

  // Its events and diffs travel on its own topic.
  ws->send(R"(["8","9","lv:kid","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(
      ws->read().value_or(""),
      HasSubstr(R"(["8","9","lv:kid","phx_reply",{"status":"ok","response":{"diff":{"0":"1"}}}])"));

  // The token is no use on another socket, where the parent is not joined.
  page_tokens t2;
  auto other = open("/counter", &t2);
  ASSERT_NE(other, nullptr);
  other->send(nested_join("3", token));
  EXPECT_THAT(other->read().value_or(""), HasSubstr("parent not joined"));

  // When the parent crashes, the nested view ends with it.
  ws->send(R"(["1","10","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"boom","value":{}}])");
  EXPECT_THAT(ws->read_until("phx_error").value_or(""), HasSubstr("lv:" + t.view_id));
  ws->send(R"(["8","11","lv:kid","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr("unmatched topic"));

  // After the parent rejoins, it renders the nested view again and it rejoins. The parent can
  // stop rendering it, and the client then leaves it.
  ws->send(join_frame(t, "/nest"));
  std::string rejoin = ws->read_until("phx_reply").value_or("");
  ws->send(nested_join("12", nested_token(rejoin)));
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr(R"("status":"ok")"));
  ws->send(R"(["1","13","lv:)" + t.view_id
           + R"(","event",{"type":"click","event":"drop","value":{}}])");
  EXPECT_THAT(ws->read_until("phx_reply").value_or(""), HasSubstr(R"({"diff":{"0":""}})"));
}

TEST_F(ServerTest, UpgradesNeedTheOriginAndJoinsTheCsrfToken) {
  auto t = *tokens_of(http_request(port_, "GET", "/counter"));
  const std::string origin = "http://127.0.0.1:" + std::to_string(port_);
  std::string error;
  EXPECT_EQ(WsClient::connect(port_, "/live/websocket?_csrf_token=" + t.csrf,
                              {{"Origin", "http://evil.example"}, {"Cookie", t.cookie}}, &error),
            nullptr);
  EXPECT_THAT(error, HasSubstr("403"));
  EXPECT_EQ(WsClient::connect(port_, "/live/websocket?_csrf_token=" + t.csrf,
                              {{"Cookie", t.cookie}}, &error),
            nullptr);
  // Without the cookie, or with a forged token, the socket opens but every join is refused as
  // stale: the client reloads the page and gets a valid token.
  for (const auto& headers : std::vector<std::map<std::string, std::string>>{
           {{"Origin", origin}}, {{"Origin", origin}, {"Cookie", "_livediff_csrf=forged"}}}) {
    auto ws = WsClient::connect(port_, "/live/websocket?_csrf_token=" + t.csrf, headers);
    ASSERT_NE(ws, nullptr);
    ws->send(join_frame(t, "/counter"));
    EXPECT_THAT(ws->read().value_or(""),
                HasSubstr(R"({"status":"error","response":{"reason":"stale"}})"));
  }
  auto ws = WsClient::connect(port_, "/live/websocket?_csrf_token=" + t.csrf,
                              {{"Origin", origin}, {"Cookie", t.cookie}});
  ASSERT_NE(ws, nullptr);
  ws->send(join_frame(t, "/counter"));
  EXPECT_THAT(ws->read().value_or(""), HasSubstr(R"("rendered")"));
}

TEST_F(ServerTest, OversizedRequestsAndFramesAreRefusedAlone) {
  auto big_header = http_request(port_, "GET", "/counter", {{"X-Big", std::string(8000, 'x')}});
  EXPECT_EQ(big_header.status, 431u);
  auto big_body = http_request(port_, "POST", "/counter", {}, std::string(200 * 1024, 'x'));
  EXPECT_EQ(big_body.status, 413u);
  page_tokens a, b;
  auto ws_a = open("/counter", &a);
  auto ws_b = open("/counter", &b);
  ASSERT_NE(ws_a, nullptr);
  ws_a->send(std::string(100 * 1024, ' '));
  EXPECT_FALSE(ws_a->read().has_value());
  EXPECT_TRUE(ws_a->closed());
  ws_b->send(R"(["1","5","lv:)" + b.view_id
             + R"(","event",{"type":"click","event":"inc","value":{}}])");
  EXPECT_THAT(ws_b->read().value_or(""), HasSubstr(R"({"diff":{"0":"1"}})"));
}

TEST_F(ServerTest, FloodsAreRateLimitedThenClosed) {
  page_tokens t;
  auto ws = open("/counter", &t);
  ASSERT_NE(ws, nullptr);
  for (int i = 0; i < 400; ++i)
    ws->send(R"([null,")" + std::to_string(i) + R"(","phoenix","heartbeat",{}])");
  bool limited = false;
  while (auto frame = ws->read(std::chrono::seconds(2))) {
    if (frame->find("rate limited") != std::string::npos) limited = true;
  }
  EXPECT_TRUE(limited);
  EXPECT_TRUE(ws->closed());
  // Other clients are untouched.
  EXPECT_NE(open("/counter"), nullptr);
}

TEST_F(ServerTest, BroadcastsReachViewsOnOtherSockets) {
  page_tokens a, b;
  auto ws_a = open("/listen", &a);
  auto ws_b = open("/listen", &b);
  ASSERT_NE(ws_b, nullptr);
  ws_a->send(R"(["1","5","lv:)" + a.view_id
             + R"(","event",{"type":"click","event":"shout","value":{}}])");
  EXPECT_THAT(ws_b->read_until("\"diff\"").value_or(""), HasSubstr(R"({"0":"100"})"));
}

TEST_F(ServerTest, ShutdownTellsClientsToGoAway) {
  auto ws = open("/counter");
  ASSERT_NE(ws, nullptr);
  server_->stop(std::chrono::milliseconds(500));
  EXPECT_FALSE(ws->read(std::chrono::seconds(2)).has_value());
  EXPECT_TRUE(ws->closed());
  EXPECT_EQ(ws->close_reason().code, boost::beast::websocket::close_code::going_away);
}

}  // namespace
}  // namespace livediff::net
