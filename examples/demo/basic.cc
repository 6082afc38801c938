// The index, the counter, search-as-you-type and the posts pages.
#include <algorithm>
#include <array>

#include "livediff/core/escape.h"
#include "livediff/views/view.h"

#include "apps.h"
#include "counter.heex.h"

namespace demo {
namespace {

using namespace livediff;

struct example_link {
  const char* path;
  const char* title;
  const char* what;
};
constexpr std::array<example_link, 10> kExamples = {{
    {"/counter", "Counter", "+, - and reset: the smallest live page"},
    {"/search", "Search", "search-as-you-type with debounce and a loading state"},
    {"/register", "Register", "a form validated on every change, errors on touched fields only"},
    {"/posts", "Posts", "sorting by live patch, a post by live navigation"},
    {"/todos", "Todos", "a stream of live components, shared by every browser through PubSub"},
    {"/chat/lobby", "Chat", "a room whose messages are a stream, shared through PubSub"},
    {"/feed", "Feed", "a million posts, loaded as you scroll, newest arriving live"},
    {"/logs", "Logs", "a live log tail of thousands of lines a second, paused and filtered"},
    {"/table", "Table", "the js-framework-benchmark keyed table"},
    {"/dashboard", "Dashboard", "nested live views on one socket, each with its own state"},
}};

struct Index : View {
  void render(RenderContext& ctx) override {
    static const Statics page{"<section><h1>livediff examples</h1><ul class=\"examples\">",
                              "</ul></section>"};
    static const Statics item{"<li><a href=\"", "\">", "</a> — ", "</li>"};
    ComprehensionRef list = ctx.root(page).comprehension(0, item);
    for (const example_link& e : kExamples)
      list.entry(e.path).text(0, e.path).text(1, e.title).text(2, e.what);
  }
};

// Rendered by a compiled template (templates/counter.heex): only a changed count is evaluated.
struct Counter : View {
  templates::counter_page::assigns a;
  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event == "inc") {
      a.set_count(a.count() + 1);
    } else if (event == "dec") {
      a.set_count(a.count() - 1);
    } else if (event == "reset") {
      a.set_count(0);
    } else {
      View::handle_event(event, value, socket);
    }
  }
  void render(RenderContext& ctx) override {
    if (ctx.full_render()) a.mark_all_changed();
    templates::counter_page::fill(ctx.root(templates::counter_page::statics()), a);
  }
  void rendered() override { a.clear_changes(); }
};

// A catalogue of products: adjective + material + thing, with an id.
struct product {
  std::int64_t id;
  std::string name;
};
const std::vector<product>& catalogue() {
  static const std::vector<product> products = [] {
    constexpr std::array<const char*, 8> adjectives = {
        "Small", "Ergonomic", "Rustic", "Sleek", "Heavy", "Gorgeous", "Practical", "Fantastic"};
    constexpr std::array<const char*, 8> materials = {"Steel",   "Wooden", "Cotton",  "Granite",
                                                      "Plastic", "Rubber", "Leather", "Bronze"};
    constexpr std::array<const char*, 8> things = {"Chair", "Lamp",  "Table",  "Keyboard",
                                                   "Shoes", "Clock", "Bottle", "Wallet"};
    std::vector<product> out;
    std::int64_t id = 1;
    for (const char* a : adjectives)
      for (const char* m : materials)
        for (const char* t : things) out.push_back({id++, std::string(a) + " " + m + " " + t});
    return out;
  }();
  return products;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Search : View {
  std::string query;
  bool loading = false;
  std::vector<const product*> results;

  void handle_event(std::string_view event, const Params& value, Socket& socket) override {
    if (event != "search") return View::handle_event(event, value, socket);
    query = std::string(param(value, "q").value_or(""));
    loading = true;
    // Render the loading state first; the search runs when this message comes back.
    socket.send_self(Message{"", "run_search", query});
  }
  void handle_info(const Message& m, Socket&) override {
    if (m.event != "run_search" || *m.get<std::string>() != query) return;
    results.clear();
    std::string q = lower(query);
    if (!q.empty()) {
      for (const product& p : catalogue()) {
        if (lower(p.name).find(q) != std::string::npos) results.push_back(&p);
        if (results.size() == 50) break;
      }
    }
    loading = false;
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Search</h1><form phx-change=\"search\" phx-submit=\"search\" "
        "id=\"search-form\">"
        "<input type=\"search\" name=\"q\" id=\"q\" placeholder=\"Search products\" "
        "autocomplete=\"off\" "
        "phx-debounce=\"300\"",
        "></form>", "", "<ul id=\"results\">", "</ul></section>"};
    static const Statics loading_statics{"<p class=\"loading\" id=\"loading\">Searching…</p>"};
    static const Statics none_statics{"<p class=\"empty\" id=\"no-results\">No results for “",
                                      "”</p>"};
    static const Statics item{"<li", ">", "</li>"};
    NodeRef root = ctx.root(page);
    root.attr(0, "value", query);
    if (loading) {
      root.node(1, loading_statics);
    } else {
      root.html(1, "");
    }
    if (!loading && !query.empty() && results.empty()) {
      root.node(2, none_statics).text(0, query);
    } else {
      root.html(2, "");
    }
    ComprehensionRef list = root.comprehension(3, item);
    for (const product* p : results)
      list.entry(p->id).attr(0, "id", "product-" + std::to_string(p->id)).text(1, p->name);
  }
};

struct post {
  std::int64_t id;
  std::string title;
  std::string body;
  std::int64_t day;  ///< days since the blog started
};
const std::vector<post>& blog() {
  static const std::vector<post> posts = [] {
    std::vector<post> out;
    for (std::int64_t i = 1; i <= 12; ++i) {
      out.push_back({i, "Post " + std::to_string(i) + ": notes on live views",
                     "This is the body of post " + std::to_string(i) + ". It was written on day "
                         + std::to_string(i * 3) + ".",
                     i * 3});
    }
    return out;
  }();
  return posts;
}

struct Posts : View {
  bool newest = true;
  void handle_params(const Params& params, std::string_view, Socket& socket) override {
    newest = param(params, "sort").value_or("newest") != "oldest";
    socket.set_page_title("Posts");
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<section><h1>Posts</h1><p>Sort: <a href=\"/posts?sort=newest\" data-phx-link=\"patch\" "
        "data-phx-link-state=\"push\" id=\"sort-newest\"",
        ">newest</a> · <a href=\"/posts?sort=oldest\" data-phx-link=\"patch\" "
        "data-phx-link-state=\"push\" "
        "id=\"sort-oldest\"",
        ">oldest</a></p><ol id=\"posts\">", "</ol></section>"};
    static const Statics item{"<li><a data-phx-link=\"redirect\" data-phx-link-state=\"push\"", ">",
                              "</a></li>"};
    NodeRef root = ctx.root(page);
    root.html(0, newest ? " class=\"active\"" : "").html(1, newest ? "" : " class=\"active\"");
    ComprehensionRef list = root.comprehension(2, item);
    std::vector<const post*> order;
    for (const post& p : blog()) order.push_back(&p);
    if (newest) std::reverse(order.begin(), order.end());
    for (const post* p : order) {
      list.entry(p->id).attr(0, "href", "/posts/" + std::to_string(p->id)).text(1, p->title);
    }
  }
};

struct Post : View {
  const post* shown = nullptr;
  void handle_params(const Params& params, std::string_view, Socket& socket) override {
    shown = nullptr;
    std::int64_t id = std::atoll(std::string(param(params, "id").value_or("0")).c_str());
    for (const post& p : blog()) {
      if (p.id == id) shown = &p;
    }
    if (shown != nullptr) socket.set_page_title(shown->title);
  }
  void render(RenderContext& ctx) override {
    static const Statics page{
        "<article id=\"post\"><h1>", "</h1><p>",
        "</p><p><a href=\"/posts\" data-phx-link=\"redirect\" "
        "data-phx-link-state=\"push\" id=\"back\">All posts</a></p></article>"};
    ctx.root(page).text(0, shown ? shown->title : "No such post").text(1, shown ? shown->body : "");
  }
};

}  // namespace

std::unique_ptr<View> make_index() {
  return std::make_unique<Index>();
}
std::unique_ptr<View> make_counter() {
  return std::make_unique<Counter>();
}
std::unique_ptr<View> make_search() {
  return std::make_unique<Search>();
}
std::unique_ptr<View> make_posts() {
  return std::make_unique<Posts>();
}
std::unique_ptr<View> make_post() {
  return std::make_unique<Post>();
}

std::string layout(const livediff::net::Page& page) {
  std::string nav = "<nav><a href=\"/\">livediff</a>";
  for (const example_link& e : kExamples)
    nav += std::string("<a href=\"") + e.path + "\">" + e.title + "</a>";
  nav += "</nav>\n";
  livediff::net::Page with_nav = page;
  with_nav.container = nav + page.container;
  return livediff::net::default_layout(with_nav);
}

}  // namespace demo
