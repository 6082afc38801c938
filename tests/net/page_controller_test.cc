// The HTTP side of the server without sockets: what each request is answered with.
#include "page_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace livediff::net::detail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Greeter : View {
  std::string name;
  void mount(const Params& params, const Params&, Socket&) override {
    if (auto n = param(params, "name")) name = *n;
    if (name == "boom") throw std::runtime_error("boom");
  }
  void render(RenderContext& ctx) override {
    static const Statics s{"<p>Hello ", "</p>"};
    ctx.root(s).text(0, name);
  }
};

class PageControllerTest : public ::testing::Test {
 protected:
  PageControllerTest() {
    ServerConfig config;
    config.secret_key = std::string(40, 'k');
    config.log = [this](std::string_view w) { log_.emplace_back(w); };
    Router router;
    router.live("/hello/:name", "hello", [] { return std::make_unique<Greeter>(); });
    router.live("/hello", "hello_query", [] { return std::make_unique<Greeter>(); });
    router.get("/health", [](const HttpRequest& r) {
      return HttpResponse{200, "text/plain", "ok " + r.params.at("x"), {}};
    });
    state_ = std::make_unique<ServerState>(std::move(config), std::move(router));
  }

  HttpResponse get(std::string_view target, std::string_view cookie = {}) {
    return PageController(*state_).handle({"GET", target, cookie, {}});
  }

  std::vector<std::string> log_;
  std::unique_ptr<ServerState> state_;
};

TEST_F(PageControllerTest, RendersALivePageWithItsTokensAndACsrfCookie) {
  HttpResponse r = get("/hello/w%C3%B6rld");
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("<p>Hello w\xC3\xB6rld</p>"));
  EXPECT_THAT(r.body, HasSubstr("data-phx-session=\""));
  EXPECT_THAT(r.body, HasSubstr("<meta name=\"csrf-token\""));
  bool cookie = false;
  for (const auto& [k, v] : r.headers)
    cookie = cookie || (k == "set-cookie" && v.find("HttpOnly") != std::string::npos);
  EXPECT_TRUE(cookie);
  // A page with the cookie already set does not set another.
  HttpResponse again = get("/hello/x", "_livediff_csrf=abc");
  for (const auto& [k, v] : again.headers) EXPECT_NE(k, "set-cookie");
}

TEST_F(PageControllerTest, EscapesWhatTheViewShows) {
  HttpResponse r = get("/hello?name=%3Cscript%3E");
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("Hello &lt;script&gt;"));
}

TEST_F(PageControllerTest, RefusesInvalidUtf8AndMalformedTargets) {
  for (std::string_view target : {"/hello/%FF%FE", "/hello?name=%FF%FE", "/hello?name=%zz",
                                  "/health?x=%C3", "not a target"}) {
    HttpResponse r = get(target);
    EXPECT_EQ(r.status, 400u) << target;
    EXPECT_THAT(r.body, HasSubstr("bad request")) << target;
  }
}

TEST_F(PageControllerTest, AQueryThatLooksLikeAUrlDoesNotChangeThePath) {
  HttpResponse r = get("/hello?name=x&u=http://h/assets//etc/hostname");
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("<p>Hello x</p>"));
  EXPECT_EQ(get("/health?x=http://h/assets//etc/hostname").body,
            "ok http://h/assets//etc/hostname");
}

TEST_F(PageControllerTest, AssetsAreOnlyTheListedFiles) {
  EXPECT_EQ(get("/assets/app.js").status, 200u);
  for (std::string_view target :
       {"/assets//etc/passwd", "/assets//proc/self/environ", "/assets//dev/zero", "/assets/.",
        "/assets//", "/assets/", "/assets", "/assets/..%2F..%2FCMakeCache.txt",
        "/assets/%2Fetc%2Fpasswd"}) {
    HttpResponse r = get(target);
    EXPECT_EQ(r.status, 404u) << target;
    EXPECT_THAT(r.body, Not(HasSubstr("root:"))) << target;
  }
}

TEST_F(PageControllerTest, OtherMethodsThrowingViewsAndUnknownPaths) {
  EXPECT_EQ(PageController(*state_).handle({"POST", "/hello", {}, "x=1"}).status, 405u);
  EXPECT_EQ(get("/hello?name=boom").status, 500u);
  EXPECT_THAT(::testing::PrintToString(log_), HasSubstr("boom"));
  EXPECT_EQ(get("/nope").status, 404u);
}

TEST_F(PageControllerTest, UpgradesNeedTheSocketPathAndTheOrigin) {
  PageController c(*state_);
  EXPECT_EQ(c.check_upgrade("/other", "http://h", "h", {}).refused_status, 404u);
  EXPECT_EQ(c.check_upgrade("/live/websocket", "http://evil", "h", {}).refused_status, 403u);
  EXPECT_EQ(c.check_upgrade("/live/websocket", "", "h", {}).refused_status, 403u);
  UpgradeDecision no_token = c.check_upgrade("/live/websocket?vsn=2.0.0", "http://h", "h", {});
  EXPECT_EQ(no_token.refused_status, 0u);
  EXPECT_FALSE(no_token.csrf_ok);
  const std::string token = state_->tokens.mac("csrf:abc");
  UpgradeDecision ok = c.check_upgrade("/live/websocket?_csrf_token=" + token + "&vsn=2.0.0",
                                       "http://h", "h", "a=1; _livediff_csrf=abc");
  EXPECT_EQ(ok.refused_status, 0u);
  EXPECT_TRUE(ok.csrf_ok);
  EXPECT_FALSE(c.check_upgrade("/live/websocket?_csrf_token=" + token, "http://h", "h",
                               "_livediff_csrf=other")
                   .csrf_ok);
}

}  // namespace
}  // namespace livediff::net::detail
