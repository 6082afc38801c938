// Benchmark support: allocation counting, and a main() that fails when a case found a wrong result.
#ifndef LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H
#define LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H

#include <cstdint>

#include <benchmark/benchmark.h>

namespace livediff::bench {
/// Allocations made so far by this process (operator new only).
std::uint64_t allocation_count();

/// Skips the case and makes the binary exit non-zero, so a wrong result fails `bench_smoke`.
void fail(benchmark::State& state, const char* why);
int run_all(int argc, char** argv);
}  // namespace livediff::bench

#define LIVEDIFF_BENCHMARK_MAIN()                  \
  int main(int argc, char** argv) {                \
    return ::livediff::bench::run_all(argc, argv); \
  }

#endif  // LIVEDIFF_BENCHMARKS_BENCH_SUPPORT_H
