// A view's event round trip (payload in, reply with diff out) and PubSub fan-out, in process.
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "livediff/views/session.h"

#include "bench_support.h"
#include "workloads.h"

namespace livediff {
namespace {

struct counting_output final : SessionOutput {
  std::size_t replies = 0, pushes = 0, bytes = 0;
  std::string last;
  bool error = false;
  void reply(std::string_view, bool ok, std::string response) override {
    ++replies;
    bytes = response.size();
    error = error || !ok;
    last = std::move(response);
  }
  void push(std::string_view, std::string payload) override {
    ++pushes;
    bytes = payload.size();
  }
  void closed(bool e) override { error = error || e; }
};

struct CounterView : View {
  std::int64_t count = 0;
  void handle_event(std::string_view event, const Params&, Socket&) override {
    count += event == "inc" ? 1 : -1;
  }
  void render(RenderContext& ctx) override {
    workloads::render_counter_into(ctx.root(workloads::counter_statics()), count);
  }
};

struct TableView : View {
  std::vector<workloads::row> rows = workloads::make_rows(1, 1000);
  bool marked = false;
  void handle_event(std::string_view, const Params&, Socket&) override {
    // update every 10th row, alternating so every event changes 100 labels
    marked = !marked;
    for (std::size_t i = 0; i < rows.size(); i += 10) {
      rows[i].label = workloads::make_row(rows[i].id).label + (marked ? " !!!" : "");
    }
  }
  void render(RenderContext& ctx) override {
    ComprehensionRef list =
        ctx.root(workloads::table_statics()).comprehension(0, workloads::row_statics());
    for (const workloads::row& r : rows) workloads::render_row(list.entry(r.id), r);
  }
};

template <class V>
void event_round_trip(benchmark::State& state, const char* payload) {
  boost::asio::io_context io;
  Runtime runtime{io};
  auto out = std::make_shared<counting_output>();
  auto session = LiveSession::create(
      runtime, "bench", [] { return std::make_unique<V>(); }, out);
  session->join("1", JoinRequest{"/bench", {}, {}, {}});
  io.poll();
  if (out->error || out->replies != 1) {
    bench::fail(state, "join failed");
    return;
  }
  // Each event is decoded from its frame, as the transport does.
  const std::string frame = std::string(R"(["1","3","lv:bench","event",)") + payload + "]";
  auto push = [&](const char* ref) {
    absl::StatusOr<wire::Frame> f = wire::parse_frame(frame);
    session->client_push(ref, std::move(f->payload));
  };
  push("2");
  io.restart();
  io.poll();
  if (out->error || out->last.find("\"diff\"") == std::string::npos) {
    bench::fail(state, "event reply carries no diff");
    return;
  }
  const std::uint64_t allocs = bench::allocation_count();
  for (auto _ : state) {
    push("3");
    io.restart();
    io.poll();
  }
  state.counters["diff_bytes"] = static_cast<double>(out->bytes);
  state.counters["allocs"] = static_cast<double>(bench::allocation_count() - allocs)
                             / static_cast<double>(state.iterations());
  state.counters["session_bytes"] = static_cast<double>(session->memory_bytes());
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(out->bytes) * state.iterations());
}

void BM_EventRoundTrip_Counter(benchmark::State& state) {
  event_round_trip<CounterView>(state, R"({"type":"click","event":"inc","value":{"value":""}})");
}
BENCHMARK(BM_EventRoundTrip_Counter);

void BM_EventRoundTrip_Table1k(benchmark::State& state) {
  event_round_trip<TableView>(state, R"({"type":"click","event":"update","value":{}})");
}
BENCHMARK(BM_EventRoundTrip_Table1k);

struct RoomView : View {
  std::int64_t last = 0;
  void mount(const Params&, const Params&, Socket& socket) override { socket.subscribe("room"); }
  void handle_info(const Message& m, Socket&) override { last = *m.get<std::int64_t>(); }
  void render(RenderContext& ctx) override {
    workloads::render_counter_into(ctx.root(workloads::counter_statics()), last);
  }
};

// One broadcast to N joined views: delivered, each view renders and pushes its diff.
void BM_BroadcastFanOut(benchmark::State& state) {
  const auto views = static_cast<std::size_t>(state.range(0));
  boost::asio::io_context io;
  LocalPubSub pubsub;
  Runtime runtime{io, nullptr, &pubsub};
  auto out = std::make_shared<counting_output>();
  std::vector<std::shared_ptr<LiveSession>> sessions;
  for (std::size_t i = 0; i < views; ++i) {
    sessions.push_back(LiveSession::create(
        runtime, "room", [] { return std::make_unique<RoomView>(); }, out));
    sessions.back()->join("1", JoinRequest{"/room", {}, {}, {}});
  }
  io.poll();
  if (pubsub.subscriber_count("room") != views) {
    bench::fail(state, "not every view subscribed");
    return;
  }
  std::int64_t n = 0;
  std::size_t memory = 0;
  for (auto& s : sessions) memory += s->memory_bytes();
  for (auto _ : state) {
    const std::size_t before = out->pushes;
    pubsub.broadcast(std::make_shared<const Message>(Message{"room", "tick", ++n}));
    io.restart();
    io.poll();
    if (out->pushes - before != views) {
      bench::fail(state, "a view missed the broadcast");
      return;
    }
  }
  state.counters["views"] = static_cast<double>(views);
  state.counters["diff_bytes"] = static_cast<double>(out->bytes);
  state.counters["bytes_per_view"] = static_cast<double>(memory) / static_cast<double>(views);
  state.SetItemsProcessed(static_cast<std::int64_t>(views) * state.iterations());
}
BENCHMARK(BM_BroadcastFanOut)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace livediff

LIVEDIFF_BENCHMARK_MAIN();
