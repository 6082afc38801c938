// Random use of the C ABI: nested keyed lists edited at every level, rows marked unchanged,
// misuse mixed in. Whatever the differ accepts must merge into the page a full render shows;
// whatever it refuses must leave the client's state as it was.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "c_abi_support.h"

namespace livediff::c_test {
namespace {

struct item {
  int64_t key;
  int value;
  bool dirty;
  std::vector<int64_t> inner;  // keys of the entry's own list
};

class pages {
 public:
  explicit pages(uint64_t seed) : rng_(seed) {}

  void edit() {
    for (item& i : items_) i.dirty = false;
    for (int k = 0, n = 1 + pick(3); k < n; ++k) {
      const std::size_t size = items_.size();
      switch (pick(5)) {
        case 0:
          items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(pick(size + 1)),
                        {next_++, 0, true, inner_keys()});
          break;
        case 1:
          if (size > 0) items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(pick(size)));
          break;
        case 2:
          if (size > 1) std::swap(items_[pick(size)], items_[pick(size)]);
          break;
        case 3:
          if (size > 0) {
            item& i = items_[pick(size)];
            std::reverse(i.inner.begin(), i.inner.end());
            if (pick(2) == 0) i.inner.push_back(next_inner_++);
            i.dirty = true;
          }
          break;
        default:
          if (size > 0) {
            item& i = items_[pick(size)];
            ++i.value;
            i.dirty = true;
          }
      }
    }
  }

  // Renders the page; with `marks`, clean rows are unchanged entries.
  void render(Tree& t, bool marks, bool first) {
    livediff_node root = 0;
    livediff_list rows = 0;
    ASSERT_OK(livediff_rendered_root(t.get(), page_.get(), &root));
    ASSERT_OK(livediff_node_set_int(t.get(), root, 0, static_cast<int64_t>(items_.size())));
    ASSERT_OK(livediff_node_add_list(t.get(), root, 1, row_.get(), &rows));
    for (const item& i : items_) {
      if (marks && !first && !i.dirty) {
        ASSERT_OK(livediff_list_add_unchanged_int(t.get(), rows, i.key));
        continue;
      }
      livediff_node e = 0;
      ASSERT_OK(livediff_list_add_entry_int(t.get(), rows, i.key, &e));
      ASSERT_OK(livediff_node_set_int(t.get(), e, 0, i.key));
      ASSERT_OK(livediff_node_set_int(t.get(), e, 1, i.value));
      livediff_list inner = 0;
      ASSERT_OK(livediff_node_add_list(t.get(), e, 2, cell_.get(), &inner));
      std::string values;
      for (std::size_t k = 0; k < i.inner.size(); ++k) {
        if (k) values += '\0';
        values += std::to_string(i.inner[k]);
      }
      ASSERT_OK(livediff_list_add_entries(t.get(), inner, cells_.get(), i.inner.size(),
                                          i.inner.data(), nullptr, values.data(), values.size(),
                                          nullptr));
    }
  }

  // Misuse that must be refused without changing anything.
  void misuse(Tree& t, livediff_node stale) {
    livediff_node root = 0;
    ASSERT_OK(livediff_rendered_root(t.get(), page_.get(), &root));
    EXPECT_NE(livediff_node_set_text(t.get(), stale, 0, "x", 1), LIVEDIFF_OK);
    EXPECT_EQ(livediff_node_set_text(t.get(), root, 2 + pick(5), "x", 1), LIVEDIFF_OUT_OF_RANGE);
    const std::string bad = "\xc3";
    EXPECT_EQ(livediff_node_set_text(t.get(), root, 0, bad.data(), bad.size()),
              LIVEDIFF_INVALID_ARGUMENT);
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  std::vector<int64_t> inner_keys() {
    std::vector<int64_t> keys;
    for (int k = 0, n = static_cast<int>(pick(5)); k < n; ++k) keys.push_back(next_inner_++);
    return keys;
  }

  std::mt19937_64 rng_;
  std::vector<item> items_;
  int64_t next_ = 1;
  int64_t next_inner_ = 1000;
  Statics page_{"<h1>", "</h1><table>", "</table>"};
  Statics row_{"<tr><td>", "</td><td>", "</td><td>", "</td></tr>"};
  Statics cell_{"<i>", "</i>"};
  Fields cells_{{0, LIVEDIFF_FIELD_TEXT, ""}};
};

TEST(CAbiRandom, EveryAcceptedDiffMergesIntoTheFullRender) {
  int refused = 0, diffs = 0;
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    pages p(seed);
    Tree sent, full;
    Differ d;
    State st;
    Client client;
    livediff_node stale = 0;
    for (int step = 0; step < 150; ++step) {
      p.edit();
      const bool marks = step % 3 != 0;
      p.render(sent, marks, step == 0);
      p.render(full, false, step == 0);
      DiffResult r = Diff(d, sent, st);
      if (r.status != LIVEDIFF_OK) {
        // Refused only where a mark cannot be honoured: the same page without marks goes.
        ASSERT_EQ(r.status, LIVEDIFF_FAILED_PRECONDITION) << r.message;
        ++refused;
        p.render(sent, false, step == 0);
        r = Diff(d, sent, st);
        ASSERT_OK(r.status);
      }
      ++diffs;
      const livediff_status merged =
          step == 0 ? livediff_client_join(client.get(), r.json.data(), r.json.size())
                    : livediff_client_merge(client.get(), r.json.data(), r.json.size());
      ASSERT_OK(merged) << " seed " << seed << " step " << step << ": " << r.json;
      ASSERT_EQ(ClientHtml(client), Html(full, "phx-view"))
          << "seed " << seed << " step " << step << " diff " << r.json;
      if (step % 7 == 0) {
        if (stale != 0) p.misuse(sent, stale);
        livediff_node root = 0;
        ASSERT_OK(livediff_rendered_root(sent.get(), Statics{"<x>"}.get(), &root));
        stale = root;
      }
    }
  }
  // Only the marks the client holds nothing for are refused.
  EXPECT_GT(diffs, 800);
  RecordProperty("refused", refused);
}

// Both levels of nested keyed lists move in one render, with and without unchanged marks: the
// diff (not a full render) merges into what the client shows.
TEST(CAbiRandom, NestedListsMovingAtBothLevelsDiff) {
  Statics page{"<div>", "</div>"};
  Statics outer{"<section id=\"", "\">", "</section>"};
  Statics inner{"<i>", "</i>"};
  Fields one{{0, LIVEDIFF_FIELD_TEXT, ""}};
  auto render = [&](Tree& t, std::vector<int64_t> order, std::vector<std::vector<int64_t>> inners,
                    bool marks) {
    livediff_node root = 0;
    livediff_list l = 0;
    ASSERT_OK(livediff_rendered_root(t.get(), page.get(), &root));
    ASSERT_OK(livediff_node_add_list(t.get(), root, 0, outer.get(), &l));
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (marks && k > 0) {
        ASSERT_OK(livediff_list_add_unchanged_int(t.get(), l, order[k]));
        continue;
      }
      livediff_node e = 0;
      ASSERT_OK(livediff_list_add_entry_int(t.get(), l, order[k], &e));
      ASSERT_OK(livediff_node_set_int(t.get(), e, 0, order[k]));
      livediff_list il = 0;
      ASSERT_OK(livediff_node_add_list(t.get(), e, 1, inner.get(), &il));
      std::string values;
      for (std::size_t i = 0; i < inners[k].size(); ++i) {
        if (i) values += '\0';
        values += std::to_string(inners[k][i]);
      }
      ASSERT_OK(livediff_list_add_entries(t.get(), il, one.get(), inners[k].size(),
                                          inners[k].data(), nullptr, values.data(), values.size(),
                                          nullptr));
    }
  };
  const std::vector<int64_t> in10{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<int64_t> rot{5, 6, 7, 8, 9, 0, 1, 2, 3, 4};
  const std::vector<int64_t> rotrev{4, 3, 2, 1, 0, 9, 8, 7, 6, 5};
  for (bool marks : {true, false}) {
    Tree t, full;
    Differ d;
    State st;
    Client client;
    render(t, {0, 1, 2}, {in10, in10, rot}, false);
    DiffResult join = Diff(d, t, st);
    ASSERT_OK(join.status);
    ASSERT_OK(livediff_client_join(client.get(), join.json.data(), join.json.size()));
    render(t, {2, 0, 1}, {rotrev, in10, in10}, marks);
    render(full, {2, 0, 1}, {rotrev, in10, in10}, false);
    DiffResult r = Diff(d, t, st);
    ASSERT_OK(r.status);
    EXPECT_EQ(r.json.find("\"s\":"), std::string::npos) << "not a full render: " << r.json;
    ASSERT_OK(livediff_client_merge(client.get(), r.json.data(), r.json.size()));
    EXPECT_EQ(ClientHtml(client), Html(full, "phx-view"));
  }
}

}  // namespace
}  // namespace livediff::c_test
