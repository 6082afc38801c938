// The real phoenix_live_view client is the judge: every diff here is merged by its rendered.js
// (bundled for node) and by our client model, and both must show our full render of the state.
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "livediff/core/diff.h"
#include "livediff/core/html.h"

#include "golden.h"
#include "js_client.h"
#include "round_trip.h"
#include "workloads.h"

namespace livediff {
namespace {

using testing::JsClient;
using testing::RoundTrip;

class Conformance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto js = JsClient::start();
    ASSERT_TRUE(js.ok()) << js.status();
    js_ = std::move(*js).release();
  }
  static void TearDownTestSuite() {
    delete js_;
    js_ = nullptr;
  }
  static JsClient* js_;
};
JsClient* Conformance::js_ = nullptr;

using testing::golden;

// ---------------------------------------------------------------------------------------------
// The benchmark table: our diffs against LiveView's own, operation by operation.

struct table_op {
  const char* name;
  const char* golden;  // LiveView 1.2.10's payload for the same operation, if recorded
  std::size_t liveview_bytes;
  void (*apply)(std::vector<workloads::row>&);
};

const table_op kTableOps[] = {
    {"update_every_10th", "b_table1k_keyed__update_every_10th.json", 3580,
     [](std::vector<workloads::row>& rows) {
       for (std::size_t i = 0; i < rows.size(); i += 10) rows[i].label += " !!!";
     }},
    {"swap_1_998", "b_table1k_keyed__swap_1_998.json", 49,
     [](std::vector<workloads::row>& rows) { std::swap(rows[1], rows[998]); }},
    {"remove_one", "b_table1k_keyed__remove_one.json", 5032,
     [](std::vector<workloads::row>& rows) { rows.erase(rows.begin() + 499); }},
    {"append_1000", nullptr, 138681,
     [](std::vector<workloads::row>& rows) {
       auto more = workloads::make_rows(1001, 1000);
       rows.insert(rows.end(), more.begin(), more.end());
     }},
    {"replace_all", nullptr, 137571,
     [](std::vector<workloads::row>& rows) { rows = workloads::make_rows(1001, 1000); }},
    {"clear", "b_table1k_keyed__clear.json", 20,
     [](std::vector<workloads::row>& rows) { rows.clear(); }},
};

TEST_F(Conformance, TableOperationsMatchTheRealClientAndLiveViewsBytes) {
  for (const table_op& op : kTableOps) {
    SCOPED_TRACE(op.name);
    Rendered r;
    RoundTrip rt(js_);
    std::vector<workloads::row> rows = workloads::make_rows(1, 1000);
    workloads::render_table(r, rows);
    ASSERT_TRUE(rt.step(r));
    EXPECT_LE(rt.last_diff().size(), 134822u);  // LiveView's first render
    const std::string before = rt.last_html();
    op.apply(rows);
    workloads::render_table(r, rows);
    ASSERT_TRUE(rt.step(r));
    EXPECT_LE(rt.last_diff().size(), op.liveview_bytes);
    if (op.golden != nullptr) {
      // LiveView's own payload means the same thing to the client as ours.
      ASSERT_TRUE(js_->join(Differ().full(r), RoundTrip::kViewId).ok());
      Rendered initial;
      workloads::render_table(initial, workloads::make_rows(1, 1000));
      auto joined = js_->join(Differ().full(initial), RoundTrip::kViewId);
      ASSERT_TRUE(joined.ok()) << joined.status();
      ASSERT_EQ(*joined, before);
      auto merged = js_->diff(golden(op.golden));
      ASSERT_TRUE(merged.ok()) << merged.status();
      EXPECT_EQ(*merged, rt.last_html());
    }
  }
}

TEST_F(Conformance, SwapIsByteForByteWhatLiveViewSends) {
  Rendered r;
  RoundTrip rt(js_);
  std::vector<workloads::row> rows = workloads::make_rows(1, 1000);
  workloads::render_table(r, rows);
  ASSERT_TRUE(rt.step(r));
  std::swap(rows[1], rows[998]);
  workloads::render_table(r, rows);
  ASSERT_TRUE(rt.step(r));
  std::string expected = golden("b_table1k_keyed__swap_1_998.json");
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  EXPECT_EQ(rt.last_diff(), expected);
}

// ---------------------------------------------------------------------------------------------
// Randomized: random trees and random keyed-list edits, thousands of steps per seed.

class random_pages {
 public:
  explicit random_pages(std::uint64_t seed) : rng_(seed) {}

  void render(Rendered& r) {
    components_used_.clear();
    NodeRef root = r.root(pick_node_statics());
    fill(root, root_statics_, 0, r);
    for (std::int32_t cid : components_used_) {
      const Statics& s = *component_statics_[pick(component_statics_.size())];
      NodeRef c = r.component(cid, s);
      fill(c, &s, 3, r);
    }
  }

  // Edits the keyed list the next render shows: insert, delete, move, change.
  void edit() {
    int ops = 1 + static_cast<int>(pick(4));
    for (int k = 0; k < ops; ++k) {
      switch (pick(5)) {
        case 0:
          items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(pick(items_.size() + 1)),
                        {next_key_++, word()});
          break;
        case 1:
          if (!items_.empty())
            items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(pick(items_.size())));
          break;
        case 2:
          if (items_.size() > 1) {
            std::size_t a = pick(items_.size()), b = pick(items_.size());
            auto item = items_[a];
            items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(a));
            items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(std::min(b, items_.size())),
                          item);
          }
          break;
        case 3:
          if (!items_.empty()) items_[pick(items_.size())].second = word();
          break;
        default:
          flavour_ = pick(3);
      }
    }
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }

  std::string word() {
    static constexpr std::string_view kWords[] = {"a", "b", "<x>", "\"q\"",
                                                  "é", "",  "&",   "long text"};
    return std::string(kWords[pick(std::size(kWords))]);
  }

  const Statics& pick_node_statics() {
    root_statics_ = node_statics_[pick(node_statics_.size())].get();
    return *root_statics_;
  }

  void fill(NodeRef node, const Statics* statics, int depth, Rendered& r) {
    for (std::size_t i = 0; i < statics->dynamic_count(); ++i) {
      std::size_t choice = depth >= 3 ? pick(2) : pick(7);
      switch (choice) {
        case 0:
          node.text(i, word());
          break;
        case 1:
          node.text(i, static_cast<std::int64_t>(pick(3)));
          break;
        case 2: {
          const Statics& s = *node_statics_[pick(node_statics_.size())];
          fill(node.node(i, s), &s, depth + 1, r);
          break;
        }
        case 3:
        case 4: {
          const Statics& s = *entry_statics_[flavour_ % entry_statics_.size()];
          ComprehensionRef list = node.comprehension(i, s);
          for (const auto& [key, value] : items_) {
            NodeRef e = list.entry(key);
            e.text(0, value);
            for (std::size_t j = 1; j < s.dynamic_count(); ++j) {
              if (depth < 2 && pick(4) == 0) {
                const Statics& inner = *node_statics_[pick(node_statics_.size())];
                fill(e.node(j, inner), &inner, depth + 2, r);
              } else {
                e.text(j, static_cast<std::int64_t>(key % 3));
              }
            }
          }
          break;
        }
        case 5: {
          auto cid = static_cast<std::int32_t>(1 + pick(3));
          node.component(i, cid);
          components_used_.insert(cid);
          break;
        }
        default:
          break;  // left empty
      }
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::pair<std::int64_t, std::string>> items_;
  std::int64_t next_key_ = 1;
  std::size_t flavour_ = 0;
  const Statics* root_statics_ = nullptr;
  std::set<std::int32_t> components_used_;
  std::vector<std::shared_ptr<const Statics>> node_statics_ = {
      Statics::make({"<div>", "</div>"}),      Statics::make({"<p class=\"", "\">", "</p>"}),
      Statics::make({"", " and ", ""}),        Statics::make({"<span>", "", "", "</span>"}),
      Statics::make({"<em>static only</em>"}),
  };
  std::vector<std::shared_ptr<const Statics>> entry_statics_ = {
      Statics::make({"<li>", "</li>"}),
      Statics::make({"<tr><td>", "</td><td>", "</td></tr>"}),
      Statics::make({"[", "|", "|", "]"}),
  };
  std::vector<std::shared_ptr<const Statics>> component_statics_ = {
      Statics::make({"<section>", "</section>"}),
      Statics::make({"<article class=\"", "\">", "</article>"}),
  };
};

TEST_F(Conformance, RandomTreesAndKeyedEditsAgreeWithTheRealClient) {
  constexpr std::uint64_t kSeeds[] = {1, 2, 3, 42, 1234, 77, 2024, 31337};
  constexpr int kSteps = 1000;
  for (std::uint64_t seed : kSeeds) {
    random_pages pages(seed);
    RoundTrip rt(js_);
    Rendered r;
    for (int step = 0; step < kSteps; ++step) {
      pages.edit();
      pages.render(r);
      ::testing::AssertionResult ok = rt.step(r);
      ASSERT_TRUE(ok) << "seed " << seed << ", step " << step << ": " << ok.message();
    }
  }
}

TEST_F(Conformance, RandomKeyedListEditsAgreeWithTheRealClient) {
  static const Statics list{"<ol>", "</ol>"};
  static const Statics item{"<li id=\"", "\">", "</li>"};
  constexpr std::uint64_t kSeeds[] = {7, 8, 9};
  constexpr int kSteps = 1000;
  for (std::uint64_t seed : kSeeds) {
    std::mt19937_64 rng(seed);
    std::vector<std::pair<std::int64_t, int>> items;
    std::int64_t next = 1;
    RoundTrip rt(js_);
    Rendered r;
    for (int step = 0; step < kSteps; ++step) {
      for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) {
        std::size_t size = items.size();
        switch (rng() % 4) {
          case 0:
            items.insert(items.begin() + static_cast<std::ptrdiff_t>(rng() % (size + 1)),
                         {next++, static_cast<int>(rng() % 5)});
            break;
          case 1:
            if (size > 0) items.erase(items.begin() + static_cast<std::ptrdiff_t>(rng() % size));
            break;
          case 2:
            if (size > 1) std::swap(items[rng() % size], items[rng() % size]);
            break;
          default:
            if (size > 0) items[rng() % size].second += 1;
        }
      }
      ComprehensionRef c = r.root(list).comprehension(0, item);
      for (const auto& [key, value] : items) c.entry(key).text(0, key).text(1, value);
      ::testing::AssertionResult ok = rt.step(r);
      ASSERT_TRUE(ok) << "seed " << seed << ", step " << step << ": " << ok.message();
    }
  }
}

TEST_F(Conformance, UnchangedEntriesMeanWhatAFullRenderMeans) {
  static const Statics list{"<ol>", "</ol>"};
  static const Statics item{"<li id=\"", "\">", "</li>"};
  constexpr std::uint64_t kSeeds[] = {11, 12};
  constexpr int kSteps = 500;
  for (std::uint64_t seed : kSeeds) {
    std::mt19937_64 rng(seed);
    struct entry {
      std::int64_t key;
      int value;
      bool dirty;
    };
    std::vector<entry> items;
    std::int64_t next = 1;
    RoundTrip rt(js_);
    Rendered sent, full;
    for (int step = 0; step < kSteps; ++step) {
      for (entry& e : items) e.dirty = false;
      for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) {
        std::size_t size = items.size();
        switch (rng() % 4) {
          case 0:
            items.insert(items.begin() + static_cast<std::ptrdiff_t>(rng() % (size + 1)),
                         {next++, 0, true});
            break;
          case 1:
            if (size > 0) items.erase(items.begin() + static_cast<std::ptrdiff_t>(rng() % size));
            break;
          case 2:
            if (size > 1) std::swap(items[rng() % size], items[rng() % size]);
            break;
          default:
            if (size > 0) {
              entry& e = items[rng() % size];
              e.value += 1;
              e.dirty = true;
            }
        }
      }
      ComprehensionRef a = sent.root(list).comprehension(0, item);
      ComprehensionRef b = full.root(list).comprehension(0, item);
      for (const entry& e : items) {
        b.entry(e.key).text(0, e.key).text(1, e.value);
        if (e.dirty || step == 0) {
          a.entry(e.key).text(0, e.key).text(1, e.value);
        } else {
          a.unchanged_entry(e.key);
        }
      }
      ::testing::AssertionResult ok = rt.step(sent, full);
      ASSERT_TRUE(ok) << "seed " << seed << ", step " << step << ": " << ok.message();
    }
  }
}

}  // namespace
}  // namespace livediff
