// The core benchmark's workloads rendered through compiled templates (tests/render/templates/
// counter.heex and table.heex) instead of the builder: render + diff + encode timed exactly as
// in core_diff_benchmark.cc, so each *_Template row reads against its builder row.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/core/html.h"

#include "bench_support.h"
#include "counter.heex.h"
#include "table.heex.h"
#include "workloads.h"

namespace livediff {
namespace {

using templates::counter;
using templates::table;
using workloads::row;

// Checks once, before timing, that the client merging `diff` into `before` shows `after`.
bool merges_correctly(std::string_view before_full, std::string_view diff, const Rendered& after) {
  ClientModel client;
  if (!client.join(before_full).ok()) return false;
  if (!diff.empty() && diff != before_full && !client.merge(diff).ok()) return false;
  std::string expected;
  if (!render_html(after, expected, {.view_id = "phx-view"}).ok()) return false;
  return client.html() == expected;
}

void BM_CounterIncrement_Template(benchmark::State& state) {
  Rendered r;
  Differ differ;
  DiffState client;
  counter::assigns a;
  counter::render(r, a);
  (void)differ.diff(r, client);
  a.clear_changes();
  {
    // The template must send what the builder sends.
    DiffState check = client;
    a.set_count(1);
    counter::render(r, a);
    const std::string sent(differ.diff(r, check));
    a.set_count(0);
    a.clear_changes();
    Rendered builder;
    DiffState builder_state = client;
    workloads::render_counter(builder, 1);
    if (sent != differ.diff(builder, builder_state)) {
      bench::fail(state, "the template's diff differs from the builder's");
      return;
    }
  }
  std::int64_t count = 0;
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    count ^= 1;  // inc, dec, inc...: the same one-digit diff as the builder case
    a.set_count(count);
    counter::render(r, a);
    std::string_view diff = differ.diff(r, client);
    a.clear_changes();
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["diff_bytes"] = static_cast<double>(bytes);
  state.counters["allocs"] = static_cast<double>(bench::allocation_count() - allocs) / iterations;
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CounterIncrement_Template);

using workloads::table_operation;

// Each iteration starts from a client holding the first rows (restored untimed) and times the
// template's render of the changed `rows` assign, the diff and its encoding. For "initial" the
// client holds nothing and the assigns are all changed, as on a join.
void BM_Table_Template(benchmark::State& state, std::int64_t size, const table_operation& c) {
  const std::vector<row> before = workloads::make_rows(1, size);
  std::vector<row> after = before;
  if (c.apply) c.apply(after);

  Rendered r;
  Differ differ;
  DiffState pristine;
  table::assigns a;
  a.set_rows(before);
  table::render(r, a);
  const std::string before_full(differ.diff(r, pristine));
  a.clear_changes();
  if (c.apply) {
    a.set_rows(after);  // only `rows` changed
  } else {
    pristine.clear();
    a.mark_all_changed();
  }

  DiffState client = pristine;
  table::render(r, a);
  const std::string sent(differ.diff(r, client));
  if (!merges_correctly(before_full, sent, r)) {
    bench::fail(state, "the diff does not merge into the rendered state");
    return;
  }
  {
    Rendered builder;
    DiffState builder_state = pristine;
    workloads::render_table(builder, after);
    if (sent != differ.diff(builder, builder_state)) {
      bench::fail(state, "the template's diff differs from the builder's");
      return;
    }
  }
  bench::time_render_and_diff(
      state, r, differ, pristine, [&](Rendered& out) { table::render(out, a); },
      static_cast<std::int64_t>(after.size()));
}

int register_template_tables() {
  for (const table_operation& c : workloads::table_operations()) {
    benchmark::RegisterBenchmark((std::string("BM_Table1k_Template/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { BM_Table_Template(s, 1000, c); });
  }
  benchmark::RegisterBenchmark("BM_Table10k_Template/initial", [](benchmark::State& s) {
    BM_Table_Template(s, 10000, workloads::table_operations()[0]);
  });
  return 0;
}
const int registered = register_template_tables();

}  // namespace
}  // namespace livediff
