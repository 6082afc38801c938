// Change tracking against its oracle: a render that re-evaluates only what reads changed assigns
// must put on the wire exactly what a full render diffed against the same client does, and the
// real client must show the full render's page.
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/core/diff.h"

#include "js_client.h"
#include "round_trip.h"
#include "tracking.heex.h"

namespace livediff {
namespace {

using templates::tracking;
using testing::JsClient;
using testing::RoundTrip;

class random_edits {
 public:
  explicit random_edits(std::uint64_t seed) : rng_(seed) {}

  // Changes zero to three assigns, sometimes to the value they already have.
  void edit(tracking::assigns& a) {
    const std::size_t n = pick(4);
    for (std::size_t k = 0; k < n; ++k) {
      switch (pick(10)) {
        case 0:
          a.set_title(word());
          break;
        case 1:
          a.set_count(static_cast<std::int64_t>(pick(3)));
          break;
        case 2:
          a.set_show(pick(3) != 0);
          break;
        case 3:
          a.set_detail(word());
          break;
        case 4:
          a.set_flag(pick(2) == 0);
          break;
        case 5:
          a.set_note(word());
          break;
        case 6:
          a.set_tone(pick(2) == 0 ? "info" : "warn");
          break;
        case 7:
          edit_items(a.mutable_items());
          break;
        case 8: {
          std::vector<std::string>& tags = a.mutable_tags();
          if (!tags.empty() && pick(2) == 0) {
            tags.erase(tags.begin() + static_cast<std::ptrdiff_t>(pick(tags.size())));
          } else {
            tags.push_back(word());
          }
          break;
        }
        default:
          break;  // a render with nothing changed
      }
    }
  }

  std::size_t pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }

 private:
  std::string word() {
    static constexpr std::string_view kWords[] = {"a", "b", "<x>", "\"q\"",
                                                  "é", "",  "&",   "long text"};
    return std::string(kWords[pick(std::size(kWords))]);
  }

  void edit_items(std::vector<std::pair<std::int64_t, std::string>>& items) {
    switch (pick(4)) {
      case 0:
        items.insert(items.begin() + static_cast<std::ptrdiff_t>(pick(items.size() + 1)),
                     {next_id_++, word()});
        break;
      case 1:
        if (!items.empty())
          items.erase(items.begin() + static_cast<std::ptrdiff_t>(pick(items.size())));
        break;
      case 2:
        if (items.size() > 1) std::swap(items[pick(items.size())], items[pick(items.size())]);
        break;
      default:
        if (!items.empty()) items[pick(items.size())].second = word();
    }
  }

  std::mt19937_64 rng_;
  std::int64_t next_id_ = 1;
};

// Sends tracked renders to one client and full renders of the same assigns to another, and
// checks both diffs are the same bytes and merge into the full render's page.
class tracked_session {
 public:
  explicit tracked_session(JsClient* js = nullptr) : rt_(js) {}

  ::testing::AssertionResult step(tracking::assigns& a) {
    tracking::assigns full = a;
    full.mark_all_changed();
    tracking::render(oracle_, full);
    const std::string expected(differ_.diff(oracle_, oracle_state_));
    tracking::render(sent_, a);
    ::testing::AssertionResult merged = rt_.step(sent_, oracle_);
    a.clear_changes();
    if (!merged) return merged;
    if (rt_.last_diff() != expected) {
      return ::testing::AssertionFailure()
             << "tracked diff " << rt_.last_diff() << "\n  full render's diff " << expected;
    }
    return ::testing::AssertionSuccess();
  }

  // The client reconnects: it holds nothing, so the next render must render everything.
  void rejoin(tracking::assigns& a) {
    rt_.state().clear();
    oracle_state_.clear();
    a.mark_all_changed();
  }

  const std::string& last_diff() const { return rt_.last_diff(); }

 private:
  RoundTrip rt_;
  Differ differ_;
  DiffState oracle_state_;
  Rendered sent_, oracle_;
};

TEST(ChangeTracking, RandomEditsMatchFullRenders) {
  for (std::uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
    SCOPED_TRACE(seed);
    random_edits edits(seed);
    tracked_session session;
    tracking::assigns a;
    ASSERT_TRUE(session.step(a));
    for (int i = 0; i < 400; ++i) {
      SCOPED_TRACE(i);
      if (edits.pick(40) == 0) session.rejoin(a);
      edits.edit(a);
      ASSERT_TRUE(session.step(a));
    }
  }
}

TEST(ChangeTracking, RealClientAgreesOnRandomEdits) {
  auto js = JsClient::start();
  ASSERT_TRUE(js.ok()) << js.status();
  for (std::uint64_t seed : {11, 12}) {
    SCOPED_TRACE(seed);
    random_edits edits(seed);
    tracked_session session(js->get());
    tracking::assigns a;
    ASSERT_TRUE(session.step(a));
    for (int i = 0; i < 80; ++i) {
      SCOPED_TRACE(i);
      edits.edit(a);
      ASSERT_TRUE(session.step(a));
    }
  }
}

TEST(ChangeTracking, SendsOnlyWhatReadsChangedAssigns) {
  tracked_session session;
  tracking::assigns a;
  a.set_items({{1, "one"}, {2, "two"}});
  ASSERT_TRUE(session.step(a));
  EXPECT_TRUE(session.step(a));
  EXPECT_EQ(session.last_diff(), "{}");
  // `count` is read in the <p> and inside the :if section, not in the list.
  a.set_count(1);
  ASSERT_TRUE(session.step(a));
  EXPECT_EQ(session.last_diff(), "{\"2\":\"1\",\"3\":{\"1\":\"1\"}}");
  // `detail` is read under two conditions inside the section, one per even row.
  a.set_detail("D");
  ASSERT_TRUE(session.step(a));
  EXPECT_EQ(session.last_diff(),
            "{\"3\":{\"0\":\"D\",\"3\":{\"k\":{\"1\":{\"2\":{\"0\":\"D\"}},\"kc\":2}}}}");
  // Turning `flag` on renders the new <div> with its statics, the class and the badge's <i>.
  a.set_flag(true);
  ASSERT_TRUE(session.step(a));
  EXPECT_NE(session.last_diff().find("\"0\":\" class=\\\"on\\\"\""), std::string::npos)
      << session.last_diff();
}

}  // namespace
}  // namespace livediff
