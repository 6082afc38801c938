// Render + diff + encode of the LiveView reference workloads (../tests/golden/README.md), one
// operation per iteration, with the bytes each diff puts on the wire.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/core/html.h"

#include "bench_support.h"
#include "workloads.h"

namespace livediff {
namespace {

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

void report(benchmark::State& state, std::size_t diff_bytes, std::int64_t items,
            std::uint64_t allocs_before) {
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["diff_bytes"] = static_cast<double>(diff_bytes);
  state.counters["allocs"] =
      static_cast<double>(bench::allocation_count() - allocs_before) / iterations;
  state.SetBytesProcessed(static_cast<std::int64_t>(diff_bytes) * state.iterations());
  state.SetItemsProcessed(items * state.iterations());
}

void BM_CounterIncrement(benchmark::State& state) {
  Rendered r;
  Differ differ;
  DiffState client;
  workloads::render_counter(r, 0);
  differ.diff(r, client);
  std::int64_t count = 0;
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    count ^= 1;  // inc, dec, inc...: the same one-digit diff LiveView's 9 bytes were measured on
    workloads::render_counter(r, count);
    std::string_view diff = differ.diff(r, client);
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  report(state, bytes, 1, allocs);
}
BENCHMARK(BM_CounterIncrement);

using workloads::table_operation;

// Each iteration starts from a client holding the first 1,000 rows (restored untimed) and times
// the render of the changed rows, the diff and its encoding.
void BM_Table(benchmark::State& state, std::int64_t size, const table_operation& c) {
  const std::vector<row> before = workloads::make_rows(1, size);
  std::vector<row> after = before;
  if (c.apply) c.apply(after);

  Rendered r;
  Differ differ;
  DiffState pristine;
  workloads::render_table(r, before);
  const std::string before_full(differ.diff(r, pristine));
  if (!c.apply) pristine.clear();

  DiffState client = pristine;
  workloads::render_table(r, after);
  if (!merges_correctly(before_full, differ.diff(r, client), r)) {
    bench::fail(state, "the diff does not merge into the rendered state");
    return;
  }
  bench::time_render_and_diff(
      state, r, differ, pristine, [&](Rendered& out) { workloads::render_table(out, after); },
      static_cast<std::int64_t>(after.size()));
}

// The same operations when the app knows which rows it changed (a row version, an immutable
// row pointer): unchanged rows are `unchanged_entry(key)`, neither rendered nor hashed.
void BM_TableTracked(benchmark::State& state, const table_operation& c) {
  const std::vector<row> before = workloads::make_rows(1, 1000);
  std::vector<row> after = before;
  c.apply(after);
  std::vector<bool> dirty;
  for (const row& r : after) {
    bool same =
        r.id >= 1 && r.id <= 1000 && before[static_cast<std::size_t>(r.id - 1)].label == r.label;
    dirty.push_back(!same);
  }
  auto render = [&](Rendered& out) {
    ComprehensionRef list =
        out.root(workloads::table_statics()).comprehension(0, workloads::row_statics());
    for (std::size_t i = 0; i < after.size(); ++i) {
      const row& r = after[i];
      if (!dirty[i]) {
        list.unchanged_entry(r.id);
        continue;
      }
      workloads::render_row(list.entry(r.id), r);
    }
  };

  Rendered r;
  Differ differ;
  DiffState pristine;
  workloads::render_table(r, before);
  const std::string before_full(differ.diff(r, pristine));
  DiffState client = pristine;
  render(r);
  std::string tracked(differ.diff(r, client));
  Rendered oracle;
  workloads::render_table(oracle, after);
  if (!merges_correctly(before_full, tracked, oracle)) {
    bench::fail(state, "the tracked diff does not merge into the rendered state");
    return;
  }
  bench::time_render_and_diff(state, r, differ, pristine, render,
                              static_cast<std::int64_t>(after.size()));
}

// Baseline: what a server without diffs does for any change, a full HTML render of the table.
void BM_Table1kHtmlBaseline(benchmark::State& state) {
  const std::vector<row> rows = workloads::make_rows(1, 1000);
  Rendered r;
  std::string html;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    html.clear();
    workloads::render_table(r, rows);
    (void)render_html(r, html);
    benchmark::DoNotOptimize(html.data());
  }
  report(state, html.size(), 1000, allocs);
}
BENCHMARK(BM_Table1kHtmlBaseline);

int register_tables() {
  for (const table_operation& c : workloads::table_operations()) {
    benchmark::RegisterBenchmark((std::string("BM_Table1k/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { BM_Table(s, 1000, c); });
  }
  for (const table_operation& c : workloads::table_operations()) {
    if (!c.apply) continue;
    benchmark::RegisterBenchmark((std::string("BM_Table1kTracked/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { BM_TableTracked(s, c); });
  }
  benchmark::RegisterBenchmark("BM_Table10k/initial", [](benchmark::State& s) {
    BM_Table(s, 10000, workloads::table_operations()[0]);
  });
  return 0;
}
const int registered = register_tables();

}  // namespace
}  // namespace livediff

LIVEDIFF_BENCHMARK_MAIN();
