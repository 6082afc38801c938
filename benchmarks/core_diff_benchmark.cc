// Render + diff + encode of the LiveView reference workloads (../tests/golden/README.md), one
// operation per iteration, with the bytes each diff puts on the wire.
#include <functional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "livediff/core/client_model.h"
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

struct table_case {
  const char* name;
  std::function<void(std::vector<row>&)> apply;
};

const std::vector<table_case>& table_cases() {
  static const std::vector<table_case> cases = {
      {"initial", nullptr},
      {"update_every_10th",
       [](std::vector<row>& rows) {
         for (std::size_t i = 0; i < rows.size(); i += 10) rows[i].label += " !!!";
       }},
      {"swap_1_998", [](std::vector<row>& rows) { std::swap(rows[1], rows[998]); }},
      {"remove_one", [](std::vector<row>& rows) { rows.erase(rows.begin() + 499); }},
      {"append_1000",
       [](std::vector<row>& rows) {
         auto more = workloads::make_rows(1001, 1000);
         rows.insert(rows.end(), more.begin(), more.end());
       }},
      {"replace_all", [](std::vector<row>& rows) { rows = workloads::make_rows(1001, 1000); }},
      {"clear", [](std::vector<row>& rows) { rows.clear(); }},
  };
  return cases;
}

// Each iteration starts from a client holding the first 1,000 rows (restored untimed) and times
// the render of the changed rows, the diff and its encoding.
void BM_Table(benchmark::State& state, std::int64_t size, const table_case& c) {
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
  std::size_t bytes = 0;
  std::uint64_t allocs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    client = pristine;
    const std::uint64_t start = bench::allocation_count();
    state.ResumeTiming();
    workloads::render_table(r, after);
    std::string_view diff = differ.diff(r, client);
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
    state.PauseTiming();
    allocs += bench::allocation_count() - start;
    state.ResumeTiming();
  }
  state.counters["diff_bytes"] = static_cast<double>(bytes);
  state.counters["allocs"] = static_cast<double>(allocs) / static_cast<double>(state.iterations());
  state.counters["state_bytes"] = static_cast<double>(client.memory_bytes());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(after.size()) * state.iterations());
}

// The same operations when the app knows which rows it changed (a row version, an immutable
// row pointer): unchanged rows are `unchanged_entry(key)`, neither rendered nor hashed.
void BM_TableTracked(benchmark::State& state, const table_case& c) {
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
      list.entry(r.id)
          .text(0, r.id)
          .attr(1, "phx-value-id", r.id)
          .text(2, r.label)
          .text(3, r.f1)
          .text(4, r.f2)
          .text(5, r.f3)
          .attr(6, "phx-value-id", r.id);
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
  std::size_t bytes = 0;
  std::uint64_t allocs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    client = pristine;
    const std::uint64_t start = bench::allocation_count();
    state.ResumeTiming();
    render(r);
    std::string_view diff = differ.diff(r, client);
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
    state.PauseTiming();
    allocs += bench::allocation_count() - start;
    state.ResumeTiming();
  }
  state.counters["diff_bytes"] = static_cast<double>(bytes);
  state.counters["allocs"] = static_cast<double>(allocs) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(after.size()) * state.iterations());
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
  for (const table_case& c : table_cases()) {
    benchmark::RegisterBenchmark((std::string("BM_Table1k/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { BM_Table(s, 1000, c); });
  }
  for (const table_case& c : table_cases()) {
    if (!c.apply) continue;
    benchmark::RegisterBenchmark((std::string("BM_Table1kTracked/") + c.name).c_str(),
                                 [&c](benchmark::State& s) { BM_TableTracked(s, c); });
  }
  benchmark::RegisterBenchmark("BM_Table10k/initial",
                               [](benchmark::State& s) { BM_Table(s, 10000, table_cases()[0]); });
  return 0;
}
const int registered = register_tables();

}  // namespace
}  // namespace livediff

LIVEDIFF_BENCHMARK_MAIN();
