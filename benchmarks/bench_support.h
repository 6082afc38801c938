// Benchmark support: allocation counting, and a main() that fails when a case found a wrong result.
#ifndef LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H
#define LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H

#include <cstdint>
#include <string_view>

#include <benchmark/benchmark.h>

#include "livediff/core/diff.h"
#include "livediff/core/rendered.h"

namespace livediff::bench {
/// Allocations made so far by this process (operator new only).
std::uint64_t allocation_count();

/// Skips the case and makes the binary exit non-zero, so a wrong result fails `bench_smoke`.
void fail(benchmark::State& state, const char* why);
int run_all(int argc, char** argv);

/// Times `render(r)`, its diff against a client holding `pristine` (restored untimed before
/// each iteration) and the encoding; reports diff_bytes, allocs per operation, state_bytes and
/// `items` rendered per operation.
template <class Render>
void time_render_and_diff(benchmark::State& state, Rendered& r, Differ& differ,
                          const DiffState& pristine, Render&& render, std::int64_t items) {
  DiffState client = pristine;
  std::size_t bytes = 0;
  std::uint64_t allocs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    client = pristine;
    const std::uint64_t start = allocation_count();
    state.ResumeTiming();
    render(r);
    std::string_view diff = differ.diff(r, client);
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
    state.PauseTiming();
    allocs += allocation_count() - start;
    state.ResumeTiming();
  }
  state.counters["diff_bytes"] = static_cast<double>(bytes);
  state.counters["allocs"] = static_cast<double>(allocs) / static_cast<double>(state.iterations());
  state.counters["state_bytes"] = static_cast<double>(client.memory_bytes());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(items * state.iterations());
}
}  // namespace livediff::bench

#define LIVEDIFF_BENCHMARK_MAIN()                  \
  int main(int argc, char** argv) {                \
    return ::livediff::bench::run_all(argc, argv); \
  }

#endif  // LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H
