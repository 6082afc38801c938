// The renders of ../c_consumer/counter_and_stream.c made through the C++ API (the counter of the
// reference workloads, a livediff::Stream), printing each diff on a line: the two outputs must
// be the same bytes.
#include <cstdio>
#include <string>

#include "livediff/core/diff.h"
#include "livediff/streams/stream.h"

#include "workloads.h"

namespace {

using namespace livediff;

struct post {
  std::int64_t id;
  std::string author;
  std::string body;
};

post make_post(std::int64_t id) {
  return {id, "user" + std::to_string((id * 37) % 1000),
          "Post number " + std::to_string(id) + " <about> \"things\""};
}

const Statics& feed_statics() {
  static const Statics s{"<div id=\"feed\" phx-update=\"stream\" class=\"feed\">", "</div>"};
  return s;
}
const Statics& item_statics() {
  static const Statics s{"<article", " class=\"item\"><header><span class=\"author\">",
                         "</span> <time>", "</time></header><p>", "</p></article>"};
  return s;
}

void render_feed(Rendered& r, Stream<post>& items) {
  NodeRef root = r.root(feed_statics());
  items.render(root, 0, item_statics(), [](NodeRef e, const post& p, std::string_view dom_id) {
    e.attr(0, "id", dom_id).text(1, p.author).text(2, 1700000000 + p.id).text(3, p.body);
  });
}

void print(std::string_view diff) {
  std::printf("%.*s\n", static_cast<int>(diff.size()), diff.data());
}

}  // namespace

int main() {
  Differ differ;
  DiffState state;
  Rendered r;
  for (std::int64_t count : {0, 1, 2}) {
    workloads::render_counter(r, count);
    print(differ.diff(r, state));
  }
  workloads::render_counter(r, 1);
  print(differ.diff(r, state, "\"t\":\"Count: 1\""));
  workloads::render_counter(r, 1);
  print(differ.diff(r, state));

  state.clear();
  Stream<post> items("items", [](const post& p) { return "items-" + std::to_string(p.id); });
  for (std::int64_t id = 1; id <= 3; ++id) items.insert(make_post(id));
  render_feed(r, items);
  print(differ.diff(r, state));

  for (std::int64_t id : {6, 5, 4}) items.insert(make_post(id), {.at = 0, .limit = 4});
  render_feed(r, items);
  print(differ.diff(r, state));

  items.remove_by_dom_id("items-2");
  items.insert(make_post(5), {.update_only = true});
  render_feed(r, items);
  print(differ.diff(r, state));

  items.reset();
  items.insert(make_post(7));
  items.insert(make_post(8), {.at = 0, .limit = -2});
  render_feed(r, items);
  print(differ.diff(r, state));

  render_feed(r, items);
  print(differ.diff(r, state));
  return 0;
}
