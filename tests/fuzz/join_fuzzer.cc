// Joins and tokens: the input is a phx_join payload (`TOKEN` stands for a valid session token),
// and also a token and a claims document on its own. Nothing but a valid token joins.
#include <cstddef>
#include <cstdint>

#include "channel_world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static livediff::fuzz::World world;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const bool forged = input.find("TOKEN") == std::string_view::npos;
  // Without the real key no token verifies.
  if (forged) FUZZ_CHECK(!world.tokens.verify(input, std::chrono::hours(1)).ok());
  (void)livediff::wire::parse_claims(input);
  auto conn = world.connect();
  livediff::fuzz::for_each_frame(input, world, [&](const std::string& payload) {
    conn->on_text(R"(["1","1","lv:phx-fuzz","phx_join",)" + payload + "]");
    world.settle();
    if (forged) FUZZ_CHECK(conn->joined_topics() == 0);
  });
  conn->on_disconnect();
  world.settle();
  return 0;
}
