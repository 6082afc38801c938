// The reference workloads written as templates (templates/counter.heex, templates/table.heex)
// must put on the wire exactly what the builder versions in workloads.h do, which the core suite
// checks against LiveView's golden payloads.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/core/diff.h"

#include "counter.heex.h"
#include "golden.h"
#include "js_client.h"
#include "round_trip.h"
#include "table.heex.h"
#include "workloads.h"

namespace livediff {
namespace {

using testing::JsClient;
using testing::RoundTrip;
using workloads::row;

using testing::golden;

TEST(CounterTemplate, HasTheBuildersStatics) {
  EXPECT_EQ(templates::counter::statics().fingerprint(),
            workloads::counter_statics().fingerprint());
  EXPECT_EQ(templates::counter::statics().json(), workloads::counter_statics().json());
}

TEST(CounterTemplate, SendsTheBuildersDiffs) {
  templates::counter::assigns a;
  Rendered tr, br;
  Differ differ;
  DiffState ts, bs;
  for (std::int64_t count : {0, 1, 2, 1, 1, -5}) {
    SCOPED_TRACE(count);
    a.set_count(count);
    templates::counter::render(tr, a);
    const std::string sent(differ.diff(tr, ts));
    a.clear_changes();
    workloads::render_counter(br, count);
    EXPECT_EQ(sent, differ.diff(br, bs));
  }
  // LiveView orders the members differently and marks its root "r"; the size is the same.
  templates::counter::assigns fresh;
  templates::counter::render(tr, fresh);
  EXPECT_LE(Differ().full(tr).size(), golden("a_counter__initial.json").size());
}

TEST(CounterTemplate, UnchangedCountSendsNothing) {
  templates::counter::assigns a;
  Rendered r;
  Differ differ;
  DiffState state;
  templates::counter::render(r, a);
  (void)differ.diff(r, state);
  a.clear_changes();
  templates::counter::render(r, a);
  EXPECT_EQ(differ.diff(r, state), "{}");
  a.set_count(1);
  templates::counter::render(r, a);
  EXPECT_EQ(differ.diff(r, state), golden("a_counter__inc.json"));
}

TEST(TableTemplate, HasTheBuildersStatics) {
  std::vector<row> rows = workloads::make_rows(1, 3);
  templates::table::assigns a;
  a.set_rows(rows);
  Rendered tr, br;
  templates::table::render(tr, a);
  workloads::render_table(br, rows);
  EXPECT_EQ(std::string(Differ().full(tr)), std::string(Differ().full(br)));
}

struct table_op {
  const char* name;
  const char* golden;  // LiveView 1.2.10's payload, when recorded and byte-identical to ours
  void (*apply)(std::vector<row>&);
};

const table_op kTableOps[] = {
    {"update_every_10th", nullptr,
     [](std::vector<row>& rows) {
       for (std::size_t i = 0; i < rows.size(); i += 10) rows[i].label += " !!!";
     }},
    {"swap_1_998", "b_table1k_keyed__swap_1_998.json",
     [](std::vector<row>& rows) { std::swap(rows[1], rows[998]); }},
    {"remove_one", nullptr, [](std::vector<row>& rows) { rows.erase(rows.begin() + 499); }},
    {"append_1000", nullptr,
     [](std::vector<row>& rows) {
       auto more = workloads::make_rows(1001, 1000);
       rows.insert(rows.end(), more.begin(), more.end());
     }},
    {"replace_all", nullptr,
     [](std::vector<row>& rows) { rows = workloads::make_rows(1001, 1000); }},
    {"clear", nullptr, [](std::vector<row>& rows) { rows.clear(); }},
};

TEST(TableTemplate, OperationsSendTheBuildersDiffs) {
  for (const table_op& op : kTableOps) {
    SCOPED_TRACE(op.name);
    std::vector<row> rows = workloads::make_rows(1, 1000);
    templates::table::assigns a;
    a.set_rows(rows);
    Rendered tr, br;
    Differ differ;
    DiffState ts, bs;
    templates::table::render(tr, a);
    const std::string first(differ.diff(tr, ts));
    a.clear_changes();
    workloads::render_table(br, rows);
    ASSERT_EQ(first, differ.diff(br, bs));

    op.apply(rows);
    op.apply(a.mutable_rows());
    templates::table::render(tr, a);
    const std::string sent(differ.diff(tr, ts));
    a.clear_changes();
    workloads::render_table(br, rows);
    EXPECT_EQ(sent, differ.diff(br, bs));
    if (op.golden != nullptr) {
      EXPECT_EQ(sent, golden(op.golden));
    }

    // Nothing changed: the comprehension is not even walked.
    templates::table::render(tr, a);
    EXPECT_EQ(differ.diff(tr, ts), "{}");
  }
}

TEST(TableTemplate, RealClientShowsEveryOperation) {
  auto js = JsClient::start();
  ASSERT_TRUE(js.ok()) << js.status();
  for (const table_op& op : kTableOps) {
    SCOPED_TRACE(op.name);
    RoundTrip rt(js->get());
    templates::table::assigns a;
    a.set_rows(workloads::make_rows(1, 1000));
    Rendered r;
    templates::table::render(r, a);
    ASSERT_TRUE(rt.step(r));
    a.clear_changes();
    op.apply(a.mutable_rows());
    templates::table::render(r, a);
    ASSERT_TRUE(rt.step(r));
  }
}

}  // namespace
}  // namespace livediff
