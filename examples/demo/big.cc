// The large ones: an infinite feed of a million posts, a live log tail, the benchmark table.
#include <array>
#include <chrono>
#include <random>

#include "livediff/streams/feed_window.h"
#include "livediff/streams/log_tail.h"
#include "livediff/views/view.h"

#include "apps.h"

namespace demo {
namespace {

using namespace livediff;

// ---- feed ---------------------------------------------------------------------------------------

struct feed_post {
  std::int64_t id;
  std::string author, body;
};

constexpr std::array<const char*, 13> kNouns = {"table", "chair", "house",   "bbq",      "desk",
                                                "car",   "pony",  "cookie",  "sandwich", "burger",
                                                "pizza", "mouse", "keyboard"};

feed_post make_post(std::int64_t id) {
  return {id, "user" + std::to_string((id * 37) % 1000),
          "Post number " + std::to_string(id) + " about "
              + kNouns[static_cast<std::size_t>((id * 17) % 13)]};
}

// Posts 1..newest, newest at the top; the cursor is the id.
feed_source<feed_post, std::int64_t> posts_source(std::shared_ptr<Stores> stores) {
  feed_source<feed_post, std::int64_t> s;
  s.after = [stores](const std::optional<std::int64_t>& cursor, std::size_t n) {
    std::int64_t top;
    {
      std::lock_guard lock(stores->mu);
      top = stores->newest_post;
    }
    std::vector<feed_post> page;
    for (std::int64_t id = cursor ? *cursor - 1 : top; id >= 1 && page.size() < n; --id)
      page.push_back(make_post(id));
    return page;
  };
  s.before = [stores](const std::int64_t& cursor, std::size_t n) {
    std::int64_t top;
    {
      std::lock_guard lock(stores->mu);
      top = stores->newest_post;
    }
    std::vector<feed_post> page;
    for (std::int64_t id = std::min(top, cursor + static_cast<std::int64_t>(n)); id > cursor; --id)
      page.push_back(make_post(id));
    return page;
  };
  s.cursor_of = [](const feed_post& p) { return p.id; };
  return s;
}

struct Feed : View {
  std::shared_ptr<Stores> stores;
  FeedWindow<feed_post, std::int64_t> window;
  explicit Feed(std::shared_ptr<Stores> s)
      : stores(s),
        window(Stream<feed_post>(
                   "posts", [](const feed_post& p) { return "posts-" + std::to_string(p.id); }),
               posts_source(s), 20, 60) {}

  void mount(const Params&, const Params&, Socket& socket) override {
    window.load_first();
    if (socket.connected()) socket.subscribe("feed");
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "next-page") {
      window.load_next();
    } else if (event == "prev-page") {
      // The client flags a top it scrolled past before the previous page arrived: start over
      // from the top, as LiveView's infinite scroll example does.
      if (param(value, "_overran") == "true") {
        window.load_first();
      } else {
        window.load_previous();
      }
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void handle_info(const Message& m, Socket&) override {
    if (const std::int64_t* id = m.get<std::int64_t>()) window.push_top(make_post(*id));
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Feed</h1><p class=\"hint\">A million posts; new ones arrive at the top.</p>"
        "<div id=\"feed\" phx-update=\"stream\" class=\"feed\"",
        "", ">", "</div>", "</section>"};
    static const Statics item{"<article", " class=\"item\"><header><span class=\"author\">",
                              "</span> <b>#", "</b></header><p>", "</p></article>"};
    NodeRef root = ctx.root(page);
    // The viewport bindings exist only where there is more to load (LiveView's pattern).
    root.html(0, window.at_top() ? "" : " phx-viewport-top=\"prev-page\"");
    root.html(1, window.at_bottom() ? "" : " phx-viewport-bottom=\"next-page\"");
    window.stream().render(
        root, 2, item, [](NodeRef e, const feed_post& p, std::string_view dom_id) {
          e.attr(0, "id", dom_id).text(1, p.author).text(2, p.id).text(3, p.body);
        });
    root.html(3, window.at_bottom() ? "<p id=\"feed-end\">You reached the first post.</p>" : "");
  }
};

// ---- logs ---------------------------------------------------------------------------------------

struct Logs : View {
  LogTail<std::string> tail{"line", 300, std::chrono::milliseconds(50)};
  bool paused = false;
  std::string filter;
  std::uint64_t generated = 0, shown = 0;
  std::mt19937 rng{42};

  void mount(const Params&, const Params&, Socket& socket) override {
    if (socket.connected())
      socket.send_after(std::chrono::milliseconds(50), Message{"", "tick", 0});
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "pause") {
      paused = true;
    } else if (event == "resume") {
      paused = false;
    } else if (event == "filter") {
      filter = std::string(param(value, "filter").value_or(""));
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void handle_info(const Message& m, Socket& socket) override {
    if (m.event != "tick") return;
    socket.send_after(std::chrono::milliseconds(50), Message{"", "tick", 0});
    // 150 lines per 50 ms tick: 3,000 lines a second.
    static constexpr std::array<const char*, 5> kPaths = {"/api/items", "/api/users", "/login",
                                                          "/feed", "/assets/app.js"};
    static constexpr std::array<int, 4> kStatus = {200, 200, 304, 500};
    for (int i = 0; i < 150; ++i) {
      ++generated;
      std::string line = "#" + std::to_string(generated) + " GET " + kPaths[rng() % kPaths.size()]
                         + " " + std::to_string(kStatus[rng() % kStatus.size()]) + " "
                         + std::to_string(rng() % 90 + 1) + "ms";
      if (paused) continue;
      if (!filter.empty() && line.find(filter) == std::string::npos) continue;
      ++shown;
      tail.append(std::move(line));
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Logs</h1><div class=\"controls\"><button phx-click=\"",
        "\" id=\"toggle\">",
        "</button> "
        "<form phx-change=\"filter\" id=\"filter-form\" style=\"display:inline\"><input "
        "name=\"filter\" id=\"filter\" "
        "placeholder=\"filter\" autocomplete=\"off\"></form> <span id=\"stats\">",
        " lines generated, ",
        " shown</span></div><pre id=\"log\" phx-update=\"stream\">",
        "</pre></section>"};
    static const Statics line{"<div", ">", "</div>"};
    NodeRef root = ctx.root(page);
    root.text(0, paused ? "resume" : "pause")
        .text(1, paused ? "Resume" : "Pause")
        .text(2, generated)
        .text(3, shown);
    tail.render(
        root, 4, line,
        [](NodeRef e, const std::string& text, std::string_view dom_id) {
          e.attr(0, "id", dom_id).text(1, text);
        },
        LogTail<std::string>::clock::now());
  }
};

// ---- table --------------------------------------------------------------------------------------

constexpr std::array<const char*, 25> kAdjectives = {
    "pretty",      "large",   "big",       "small", "tall",      "short",    "long",
    "handsome",    "plain",   "quaint",    "clean", "elegant",   "easy",     "angry",
    "crazy",       "helpful", "mushy",     "odd",   "unsightly", "adorable", "important",
    "inexpensive", "cheap",   "expensive", "fancy"};
constexpr std::array<const char*, 11> kColours = {"red",   "yellow", "blue",   "green",
                                                  "pink",  "brown",  "purple", "brown",
                                                  "white", "black",  "orange"};

struct row {
  std::int64_t id;
  std::string label;
};

struct Table : View {
  std::vector<row> rows;
  std::int64_t next_id = 1;
  std::int64_t selected = 0;
  std::mt19937 rng{7};

  void create(std::size_t n, bool append) {
    if (!append) rows.clear();
    for (std::size_t i = 0; i < n; ++i) {
      rows.push_back({next_id++, std::string(kAdjectives[rng() % kAdjectives.size()]) + " "
                                     + kColours[rng() % kColours.size()] + " "
                                     + kNouns[rng() % kNouns.size()]});
    }
  }
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "run") {
      create(1000, false);
    } else if (event == "runlots") {
      create(10000, false);
    } else if (event == "add") {
      create(1000, true);
    } else if (event == "update") {
      for (std::size_t i = 0; i < rows.size(); i += 10) rows[i].label += " !!!";
    } else if (event == "clear") {
      rows.clear();
    } else if (event == "swaprows") {
      if (rows.size() > 998) std::swap(rows[1], rows[998]);
    } else if (event == "select") {
      selected = std::atoll(std::string(param(value, "id").value_or("0")).c_str());
    } else if (event == "remove") {
      std::int64_t id = std::atoll(std::string(param(value, "id").value_or("0")).c_str());
      std::erase_if(rows, [id](const row& r) { return r.id == id; });
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section class=\"jumbotron\"><h1>livediff keyed</h1><div class=\"buttons\">"
        "<button id=\"run\" phx-click=\"run\">Create 1,000 rows</button>"
        "<button id=\"runlots\" phx-click=\"runlots\">Create 10,000 rows</button>"
        "<button id=\"add\" phx-click=\"add\">Append 1,000 rows</button>"
        "<button id=\"update\" phx-click=\"update\">Update every 10th row</button>"
        "<button id=\"clear\" phx-click=\"clear\">Clear</button>"
        "<button id=\"swaprows\" phx-click=\"swaprows\">Swap Rows</button></div></section>"
        "<table class=\"table table-hover table-striped test-data\"><tbody id=\"tbody\">",
        "</tbody></table>"};
    static const Statics item{"<tr",
                              "><td class=\"col-md-1\">",
                              "</td><td class=\"col-md-4\"><a phx-click=\"select\"",
                              ">",
                              "</a></td><td class=\"col-md-1\"><a phx-click=\"remove\"",
                              " class=\"remove\">×</a></td><td class=\"col-md-6\"></td></tr>"};
    ComprehensionRef list = ctx.root(page).comprehension(0, item);
    for (const row& r : rows) {
      list.entry(r.id)
          .html(0, r.id == selected ? " class=\"danger\"" : "")
          .text(1, r.id)
          .attr(2, "phx-value-id", r.id)
          .text(3, r.label)
          .attr(4, "phx-value-id", r.id);
    }
  }
};

}  // namespace

std::unique_ptr<View> make_feed(std::shared_ptr<Stores> stores) {
  return std::make_unique<Feed>(std::move(stores));
}
std::unique_ptr<View> make_logs() {
  return std::make_unique<Logs>();
}
std::unique_ptr<View> make_table() {
  return std::make_unique<Table>();
}

}  // namespace demo
