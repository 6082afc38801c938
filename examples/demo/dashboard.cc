// The dashboard: a page made of nested live views, each with its own state and events on the
// parent's socket.
#include <chrono>
#include <ctime>

#include "livediff/views/view.h"

#include "apps.h"

namespace demo {
namespace {

using namespace livediff;

// A clock that ticks once a second on its own, without ever making its parent render.
struct Clock : View {
  int ticks = 0;
  void mount(const Params&, const Params&, Socket& socket) override {
    if (socket.connected()) socket.send_after(std::chrono::seconds(1), Message{"", "tick", 0});
  }
  void handle_info(const Message& m, Socket& socket) override {
    if (m.event != "tick") return;
    ++ticks;
    socket.send_after(std::chrono::seconds(1), Message{"", "tick", 0});
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<article class=\"panel\"><h2>Clock</h2><p class=\"big\"><span id=\"clock-time\">",
        "</span> UTC</p><p>ticks: <span id=\"clock-ticks\">", "</span></p></article>"};
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &utc);
    ctx.root(page).text(0, std::string_view(buf)).text(1, ticks);
  }
};

// A counter that can tell its parent about itself, and crash alone.
struct CounterPanel : View {
  std::string title;
  int count = 0;
  void mount(const Params&, const Params& session, Socket&) override {
    title = std::string(param(session, "title").value_or("Counter"));
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      ++count;
    } else if (event == "notify") {
      socket.send_parent(Message{"", "count", count});
    } else if (event == "crash") {
      throw std::runtime_error("the counter panel crashed on purpose");
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<article class=\"panel\"><h2>", "</h2><p class=\"big\" id=\"panel-count\">",
        "</p><button id=\"panel-inc\" phx-click=\"inc\">+1</button> "
        "<button id=\"panel-notify\" phx-click=\"notify\">Tell the dashboard</button> "
        "<button id=\"panel-crash\" phx-click=\"crash\">Crash this panel</button></article>"};
    ctx.root(page).text(0, title).text(1, count);
  }
};

struct Dashboard : View {
  int renders = 0;
  int heard = 0;
  int last_count = 0;
  bool show_clock = true;
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      ++renders;
    } else if (event == "toggle_clock") {
      show_clock = !show_clock;
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void handle_info(const Message& m, Socket&) override {
    if (m.event != "count") return;
    ++heard;
    last_count = *m.get<int>();
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Dashboard</h1><p>Nested live views share this page's socket; each "
        "keeps its own state.</p><p>Dashboard clicks: <span id=\"parent-count\">",
        "</span> <button id=\"parent-inc\" phx-click=\"inc\">+1</button></p><p>Messages from "
        "the counter: <span id=\"heard\">",
        "</span> (last count: <span id=\"last-count\">",
        "</span>)</p><p><button id=\"toggle-clock\" phx-click=\"toggle_clock\">",
        "</button></p>"
        "<div class=\"panels\">",
        "",
        "</div></section>"};
    NodeRef root = ctx.root(page)
                       .text(0, renders)
                       .text(1, heard)
                       .text(2, last_count)
                       .text(3, show_clock ? "Hide the clock" : "Show the clock");
    if (show_clock) {
      ctx.live_render<Clock>(root, 4, {.id = "dash-clock", .name = "clock"});
    } else {
      root.text(4, "");
    }
    ctx.live_render<CounterPanel>(
        root, 5,
        {.id = "dash-counter", .session = {{"title", "Counter panel"}}, .name = "counter_panel"});
  }
};

}  // namespace

std::unique_ptr<View> make_dashboard() {
  return std::make_unique<Dashboard>();
}

}  // namespace demo
