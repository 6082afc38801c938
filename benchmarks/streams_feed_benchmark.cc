// Stream operations on the feed workload of tests/golden/README.md: one operation, its render,
// diff and encoding per iteration, with the bytes each diff puts on the wire.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/streams/log_tail.h"
#include "livediff/streams/stream.h"

#include "bench_support.h"
#include "workloads.h"

namespace livediff {
namespace {

using workloads::feed_item;

struct feed {
  Stream<feed_item> items{"items", [](const feed_item& i) { return workloads::feed_dom_id(i.id); },
                          "0"};
  Rendered r;
  Differ differ;
  DiffState state;

  std::string_view render() {
    items.render(r.root(workloads::feed_statics()), 0, workloads::feed_item_statics(),
                 [](NodeRef e, const feed_item& item, std::string_view dom_id) {
                   workloads::render_feed_item(e, item, dom_id);
                 });
    return differ.diff(r, state);
  }

  // A client that was sent `count` items, rendered `per_render` at a time.
  void warm(std::int64_t count, std::int64_t per_render) {
    for (std::int64_t id = 1; id <= count; ++id) {
      items.insert(workloads::make_feed_item(id));
      if (id % per_render == 0 || id == count) render();
    }
  }
};

void finish(benchmark::State& state, std::size_t bytes, std::uint64_t allocs, std::int64_t items,
            std::size_t server_bytes) {
  const auto n = static_cast<double>(state.iterations());
  state.counters["diff_bytes"] = static_cast<double>(bytes);
  state.counters["allocs"] = static_cast<double>(allocs) / n;
  state.counters["server_bytes"] = static_cast<double>(server_bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(items * state.iterations());
}

// Inserting at 0 with a limit costs the same after ten thousand or a million earlier inserts:
// the server holds no items.
void BM_StreamInsert(benchmark::State& state) {
  const std::int64_t earlier = state.range(0);
  feed f;
  f.warm(earlier, 10000);
  std::int64_t next = earlier + 1;
  f.items.insert(workloads::make_feed_item(next++), {.at = 0, .limit = 1000});
  const std::string first(f.render());
  if (earlier == 10000
      && first
             != R"({"0":{"k":{"0":{"0":" id=\"items-10001\"","1":"user37","2":"1700010001",)"
                R"("3":"Post number 10001 about bbq","4":" phx-value-id=\"10001\""},"kc":1},)"
                R"("stream":["0",[["items-10001",0,1000,false]],[]]}})") {
    bench::fail(state, "insert diff differs from the reference");
    return;
  }
  const feed_item item = workloads::make_feed_item(next);
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    f.items.insert(item, {.at = 0, .limit = 1000});
    std::string_view diff = f.render();
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  finish(state, bytes, bench::allocation_count() - allocs, 1,
         f.items.memory_bytes() + f.state.memory_bytes());
}
BENCHMARK(BM_StreamInsert)
    ->Name("BM_StreamInsert/at0_limit1000")
    ->Arg(10000)
    ->Arg(1000000)
    ->ArgName("after");

void BM_StreamDelete(benchmark::State& state) {
  feed f;
  f.warm(10000, 10000);
  f.items.remove_by_dom_id("items-5000");
  if (f.render() != R"({"0":{"k":{"kc":0},"stream":["0",[],["items-5000"]]}})") {
    bench::fail(state, "delete diff differs from the reference");
    return;
  }
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    f.items.remove_by_dom_id("items-5000");
    std::string_view diff = f.render();
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  finish(state, bytes, bench::allocation_count() - allocs, 1,
         f.items.memory_bytes() + f.state.memory_bytes());
}
BENCHMARK(BM_StreamDelete);

void BM_StreamReset(benchmark::State& state) {
  const std::int64_t count = state.range(0);
  feed f;
  f.warm(10000, 10000);
  std::vector<feed_item> fresh;
  for (std::int64_t id = 10001; id <= 10000 + count; ++id)
    fresh.push_back(workloads::make_feed_item(id));
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    f.items.reset(fresh);
    std::string_view diff = f.render();
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  finish(state, bytes, bench::allocation_count() - allocs, count,
         f.items.memory_bytes() + f.state.memory_bytes());
}
BENCHMARK(BM_StreamReset)->Arg(100);

// The first render of a 10,000-item feed (a join): every item rendered and encoded.
void BM_StreamInitial(benchmark::State& state) {
  const std::int64_t count = state.range(0);
  std::vector<feed_item> items;
  for (std::int64_t id = 1; id <= count; ++id) items.push_back(workloads::make_feed_item(id));
  {
    feed check;
    check.items.insert_all(items);
    ClientModel client;
    if (!client.join(check.render()).ok()
        || client.html().find("id=\"items-" + std::to_string(count) + "\"") == std::string::npos) {
      bench::fail(state, "initial feed does not render");
      return;
    }
  }
  std::size_t bytes = 0;
  std::uint64_t allocs = 0;
  feed f;
  for (auto _ : state) {
    state.PauseTiming();
    f.state.clear();
    f.items.insert_all(items);
    const std::uint64_t start = bench::allocation_count();
    state.ResumeTiming();
    std::string_view diff = f.render();
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
    state.PauseTiming();
    allocs += bench::allocation_count() - start;
    state.ResumeTiming();
  }
  finish(state, bytes, allocs, count, f.items.memory_bytes() + f.state.memory_bytes());
}
BENCHMARK(BM_StreamInitial)->Arg(10000)->Unit(benchmark::kMillisecond);

// A burst of 1,000 log lines between two frames: appended, coalesced, rendered once.
void BM_LogTail(benchmark::State& state) {
  const std::int64_t burst = state.range(0);
  static const Statics page{"<pre id=\"log\" phx-update=\"stream\">", "</pre>"};
  static const Statics line{"<div", ">", "</div>"};
  LogTail<std::string> log("log", 500, std::chrono::milliseconds(16));
  Rendered r;
  Differ differ;
  DiffState client;
  std::vector<std::string> lines;
  for (std::int64_t i = 0; i < burst; ++i)
    lines.push_back("GET /api/items/" + std::to_string(i) + " 200 3ms");
  auto render = [&](LogTail<std::string>::clock::time_point now) {
    log.render(
        r.root(page), 0, line,
        [](NodeRef e, const std::string& text, std::string_view id) {
          e.attr(0, "id", id).text(1, text);
        },
        now);
    return differ.diff(r, client);
  };
  LogTail<std::string>::clock::time_point now{};
  render(now);
  std::size_t bytes = 0;
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    for (const std::string& l : lines) log.append(l);
    now += std::chrono::milliseconds(16);
    std::string_view diff = render(now);
    bytes = diff.size();
    benchmark::DoNotOptimize(diff.data());
  }
  finish(state, bytes, bench::allocation_count() - allocs, burst,
         log.memory_bytes() + client.memory_bytes());
}
BENCHMARK(BM_LogTail)->Name("BM_LogTail/burst1000")->Arg(1000)->ArgName("lines");

}  // namespace
}  // namespace livediff

LIVEDIFF_BENCHMARK_MAIN();
