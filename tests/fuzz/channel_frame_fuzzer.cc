// The socket's frames after a valid join: heartbeats, events of every kind, patches, component
// and nested-view traffic, leaves, and anything else. Each line of the input is one frame.
#include <cstddef>
#include <cstdint>

#include "channel_world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static livediff::fuzz::World world;
  auto conn = world.connect();
  conn->on_text(world.join_frame());
  world.settle();
  livediff::fuzz::for_each_frame(std::string_view(reinterpret_cast<const char*>(data), size), world,
                                 [&](const std::string& frame) {
                                   conn->on_text(frame);
                                   world.settle();
                                 });
  conn->on_disconnect();
  world.settle();
  return 0;
}
