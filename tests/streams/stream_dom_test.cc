// Stream diffs applied by the real client to a real DOM (phoenix_live_view in jsdom), compared
// with a model list of DOM ids and contents and with the C++ client model.
#include <array>
#include <functional>
#include <random>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/core/html.h"
#include "livediff/streams/stream.h"

#include "js_dom.h"

namespace livediff {
namespace {

using testing::JsDom;

struct note {
  std::int64_t id;
  std::string text;
};

const Statics& list_statics() {
  static const Statics s{"<ul id=\"notes\" phx-update=\"stream\">", "</ul>"};
  return s;
}
const Statics& note_statics() {
  static const Statics s{"<li", ">", "</li>"};
  return s;
}

void render_note(NodeRef e, const note& n, std::string_view dom_id) {
  e.attr(0, "id", dom_id).text(1, n.text);
}

// What the page shows, as (DOM id, text) pairs, read from the HTML of the list.
std::vector<std::pair<std::string, std::string>> items_of(std::string_view html) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t at = html.find("<li id=\""); at != std::string_view::npos;
       at = html.find("<li id=\"", at + 1)) {
    std::size_t id_start = at + 8;
    std::size_t id_end = html.find('"', id_start);
    std::size_t text_start = html.find('>', id_end) + 1;
    std::size_t text_end = html.find("</li>", text_start);
    out.emplace_back(std::string(html.substr(id_start, id_end - id_start)),
                     std::string(html.substr(text_start, text_end - text_start)));
  }
  return out;
}

// LiveView's stream semantics on a list: in one render the reset applies first, then deletes,
// then inserts in order; a shown id is updated in place; a new one lands at `at` and the limit
// prunes from the far end.
class model_list {
 public:
  void begin_render() {
    existed_.clear();
    pruned_.clear();
    for (const auto& it : items_) existed_.insert(it.first);
  }
  void reset() {
    items_.clear();
    existed_.clear();
  }
  void remove(const std::string& id) {
    std::erase_if(items_, [&](const auto& it) { return it.first == id; });
  }
  // An item shown before the render and pruned by a limit during it is not brought back by a
  // later update in the same render: the browser's morph already matched it.
  void insert(const std::string& id, const std::string& text, const insert_options& o) {
    if (pruned_.contains(id)) return;
    for (auto& it : items_) {
      if (it.first == id) {
        it.second = text;
        return;
      }
    }
    if (o.update_only) return;
    auto size = static_cast<std::int32_t>(items_.size());
    if (o.at < 0 || o.at >= size) {
      items_.emplace_back(id, text);
    } else {
      items_.insert(items_.begin() + o.at, {id, text});
    }
    if (o.limit) {
      auto n = static_cast<std::int32_t>(items_.size());
      auto first = items_.end(), last = items_.end();
      if (*o.limit >= 0 && n > *o.limit) first = items_.begin() + *o.limit;
      if (*o.limit < 0 && n > -*o.limit) {
        first = items_.begin();
        last = items_.begin() + (n + *o.limit);
      }
      for (auto it = first; it != last; ++it) {
        if (existed_.contains(it->first)) pruned_.insert(it->first);
      }
      items_.erase(first, last);
    }
  }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
  std::set<std::string> existed_, pruned_;
};

class StreamDom : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto dom = JsDom::start();
    ASSERT_TRUE(dom.ok()) << dom.status();
    dom_ = std::move(*dom).release();
  }
  static void TearDownTestSuite() {
    delete dom_;
    dom_ = nullptr;
  }
  static JsDom* dom_;
};
JsDom* StreamDom::dom_ = nullptr;

TEST_F(StreamDom, RandomOperationSequencesMatchTheModel) {
  constexpr std::uint64_t kSeeds[] = {5, 6, 7, 8};
  constexpr int kSteps = 250;
  for (std::uint64_t seed : kSeeds) {
    std::mt19937_64 rng(seed);
    Stream<note> notes("notes");
    model_list model;
    Rendered r;
    Differ differ;
    DiffState state;
    ClientModel client;
    std::int64_t next = 1;
    auto live_ids = [&] {
      std::vector<std::string> ids;
      for (const auto& it : model.items()) ids.push_back(it.first);
      return ids;
    };
    for (int step = 0; step < kSteps; ++step) {
      // One operation per DOM id per render; the model applies them in the wire's order.
      std::set<std::string> touched;
      std::vector<std::function<void()>> deletes, inserts;
      bool reset = step > 0 && rng() % 25 == 0;
      if (reset) notes.reset();
      int ops = step == 0 ? 5 : 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < ops; ++k) {
        std::vector<std::string> ids = live_ids();
        int kind = static_cast<int>(rng() % 6);
        if (kind == 0 && !ids.empty() && !reset) {
          std::string id = ids[rng() % ids.size()];
          if (!touched.insert(id).second) continue;
          notes.remove_by_dom_id(id);
          deletes.push_back([&model, id] { model.remove(id); });
          continue;
        }
        insert_options o;
        o.at = std::array<std::int32_t, 4>{-1, 0, 1, 3}[rng() % 4];
        if (rng() % 3 == 0)
          o.limit = static_cast<std::int32_t>(
              rng() % 2 ? 4 + rng() % 6 : -(4 + static_cast<std::int32_t>(rng() % 6)));
        o.update_only = rng() % 10 == 0;
        note n{next, "note " + std::to_string(step) + "." + std::to_string(k)};
        if (kind == 1 && !ids.empty() && !reset) {  // update a shown item
          n.id = std::stoll(ids[rng() % ids.size()].substr(6));
        } else {
          ++next;
        }
        std::string id = notes.dom_id(n);
        if (!touched.insert(id).second) continue;
        notes.insert(n, o);
        inserts.push_back([&model, id, text = n.text, o] { model.insert(id, text, o); });
      }
      model.begin_render();
      if (reset) model.reset();
      for (auto& d : deletes) d();
      for (auto& i : inserts) i();

      notes.render(r.root(list_statics()), 0, note_statics(), render_note);
      std::string diff(differ.diff(r, state));
      absl::StatusOr<std::string> html;
      if (step == 0) {
        std::string dead;
        ASSERT_TRUE(render_html(r, dead).ok());
        html = dom_->mount(dead, diff);
        ASSERT_TRUE(client.join(diff).ok());
      } else {
        html = dom_->diff(diff);
        ASSERT_TRUE(client.merge(diff).ok());
      }
      ASSERT_TRUE(html.ok()) << "seed " << seed << " step " << step << ": " << html.status();
      EXPECT_EQ(items_of(*html), model.items())
          << "seed " << seed << " step " << step << " diff " << diff << "\n dom " << *html;
      ASSERT_EQ(items_of(client.html()), items_of(*html))
          << "seed " << seed << " step " << step << " diff " << diff;
    }
  }
}

const Statics& card_statics() {
  static const Statics s{"<section class=\"card\"><ul id=\"card-notes\" phx-update=\"stream\">",
                         "</ul></section>"};
  return s;
}

TEST_F(StreamDom, StreamInsideAComponent) {
  static const Statics page{"<main>", "</main>"};
  Stream<note> notes("notes", [](const note& n) { return "c-notes-" + std::to_string(n.id); });
  Rendered r;
  Differ differ;
  DiffState state;
  auto render = [&] {
    r.root(page).component(0, 1);
    notes.render(r.component(1, card_statics()), 0, note_statics(), render_note);
    return std::string(differ.diff(r, state));
  };
  notes.insert({1, "one"}).insert({2, "two"});
  std::string first = render();
  std::string dead;
  ASSERT_TRUE(render_html(r, dead).ok());
  auto html = dom_->mount(dead, first);
  ASSERT_TRUE(html.ok()) << html.status();
  notes.insert({3, "three"}, {.at = 0});
  html = dom_->diff(render());
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(items_of(*html),
              ::testing::ElementsAre(std::pair<std::string, std::string>{"c-notes-3", "three"},
                                     std::pair<std::string, std::string>{"c-notes-1", "one"},
                                     std::pair<std::string, std::string>{"c-notes-2", "two"}));
  EXPECT_NE(html->find("data-phx-component=\"1\""), std::string::npos);
}

struct thread_t {
  std::int64_t id;
  std::string title;
  std::vector<note> replies;
};

TEST_F(StreamDom, StreamInsideStreamItemsIsSentWithItsParent) {
  static const Statics page{"<div id=\"threads\" phx-update=\"stream\">", "</div>"};
  static const Statics thread{"<article", "><h2>", "</h2><ul", " phx-update=\"stream\">",
                              "</ul></article>"};
  Stream<thread_t> threads("threads");
  Rendered r;
  Differ differ;
  DiffState state;
  auto render = [&] {
    threads.render(
        r.root(page), 0, thread, [](NodeRef e, const thread_t& t, std::string_view dom_id) {
          e.attr(0, "id", dom_id).text(1, t.title).attr(2, "id", std::string(dom_id) + "-replies");
          Stream<note> replies("r" + std::to_string(t.id), [id = t.id](const note& n) {
            return "t" + std::to_string(id) + "-r" + std::to_string(n.id);
          });
          replies.insert_all(t.replies);
          replies.render(e, 3, note_statics(), render_note);
        });
    return std::string(differ.diff(r, state));
  };
  threads.insert({1, "first", {{1, "a"}, {2, "b"}}});
  std::string first = render();
  std::string dead;
  ASSERT_TRUE(render_html(r, dead).ok());
  auto html = dom_->mount(dead, first);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_EQ(items_of(*html).size(), 2u);
  // Updating the parent item re-sends it with the nested stream's new operations; the
  // children the DOM already has stay, as in LiveView.
  threads.insert({1, "first (edited)", {{3, "c"}}});
  html = dom_->diff(render());
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_NE(html->find("first (edited)"), std::string::npos);
  EXPECT_EQ(items_of(*html).size(), 3u) << *html;
}

}  // namespace
}  // namespace livediff
