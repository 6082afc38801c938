// A channel connection over a fake transport, with a view that uses what client input can
// reach (values, forms, hooks, patches, components, nested views), for the channel fuzzers.
// Every frame the server sends must be valid UTF-8 and valid JSON.
#ifndef LIVEDIFF_TESTS_FUZZ_CHANNEL_WORLD_H
#define LIVEDIFF_TESTS_FUZZ_CHANNEL_WORLD_H

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "livediff/core/utf8.h"
#include "livediff/net/channel.h"
#include "livediff/net/router.h"
#include "livediff/net/token.h"
#include "livediff/views/pubsub.h"
#include "livediff/views/wire.h"

#include "fuzz_check.h"

namespace livediff::fuzz {

struct Item : LiveComponent {
  int clicks = 0;
  void handle_event(std::string_view, const Params&, Socket&) override { ++clicks; }
  void render(RenderContext& ctx) override {
    static const Statics s{"<li phx-target=\"", "\">", "</li>"};
    ctx.root(s).text(0, ctx.myself()).text(1, clicks);
  }
};

struct Child : View {
  void render(RenderContext& ctx) override {
    static const Statics s{"<p>child</p>"};
    ctx.root(s);
  }
};

struct Page : View {
  std::string text = "start";
  int count = 0;
  void mount(const Params& params, const Params&, Socket& socket) override {
    if (auto t = param(params, "t")) text = *t;
    if (socket.connected()) socket.subscribe("fuzz");
  }
  void handle_params(const Params& params, std::string_view, Socket&) override {
    if (auto t = param(params, "t")) text = *t;
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    ++count;
    if (event == "set") {
      if (auto v = param(value, "text")) text = *v;
    } else if (event == "patch") {
      socket.push_patch("/page?t=" + std::to_string(count));
    } else if (event == "push") {
      socket.push_event("echo", std::string(socket.event_json()));
      socket.reply(std::string(socket.event_json()));
    } else if (event == "title") {
      socket.set_page_title(text);
    } else if (event == "boom") {
      throw std::runtime_error("boom");
    } else if (event == "go") {
      socket.push_navigate("/page");
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{"<main><h1>", "</h1><ul>", "</ul>", "</main>"};
    static const Statics row{"", ""};
    NodeRef root = ctx.root(page).text(0, text);
    ComprehensionRef list = root.comprehension(1, row);
    for (int i = 0; i < 3; ++i) {
      ctx.live_component<Item>(list.entry(i), 0, "item-" + std::to_string(i));
    }
    ctx.live_render<Child>(root, 2, {.id = "child"});
  }
};

struct World {
  static constexpr std::string_view kViewId = "phx-fuzz";

  boost::asio::io_context io;
  LocalPubSub pubsub;
  Runtime runtime{io, nullptr, &pubsub};
  net::Router router;
  net::TokenSigner tokens{std::string(32, 'f')};
  net::ChannelEnvironment env{runtime, router, tokens};
  std::size_t frames = 0;

  World() {
    router.live("/page", "page", [] { return std::make_unique<Page>(); });
    env.token_max_age = std::chrono::hours(24 * 365 * 100);  // seed tokens never expire
    env.limits.messages_per_second = 1e9;                    // the rate limit is not what is fuzzed
    env.limits.burst = 1e9;
    runtime.sign_token = [this](std::string_view claims) { return tokens.sign(claims); };
  }

  /// A session token for the page view, as a dead render signs it.
  std::string session_token() const {
    return tokens.sign(wire::write_claims({"page", std::string(kViewId), {{"user", "1"}}, {}}));
  }

  std::string join_frame() const {
    return R"(["1","1","lv:phx-fuzz","phx_join",{"url":"http://h/page?t=x","params":{},"session":")"
           + session_token() + R"(","static":""}])";
  }

  std::shared_ptr<net::ChannelConnection> connect() {
    return net::ChannelConnection::create(
        env,
        [this](std::string frame) {
          ++frames;
          FUZZ_CHECK(is_valid_utf8(frame));
          FUZZ_CHECK(wire::normalize_json(frame).ok());
        },
        [](std::string_view) {}, true);
  }

  void settle() {
    io.restart();
    io.poll();
  }
};

/// The lines of `input`, each a frame; `TOKEN` in a line stands for a valid session token.
template <class F>
void for_each_frame(std::string_view input, const World& world, F&& f) {
  const std::string token = world.session_token();
  while (!input.empty()) {
    const std::size_t nl = input.find('\n');
    std::string line(input.substr(0, nl));
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    for (std::size_t at = line.find("TOKEN"); at != std::string::npos; at = line.find("TOKEN", at))
      line.replace(at, 5, token);
    f(line);
  }
}

}  // namespace livediff::fuzz

#endif  // LIVEDIFF_TESTS_FUZZ_CHANNEL_WORLD_H
