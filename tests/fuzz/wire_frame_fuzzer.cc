// The frame decoder on its own: any bytes are refused or decoded into a frame whose strings
// are UTF-8, and a payload written again from what was read parses again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "livediff/core/utf8.h"
#include "livediff/views/wire.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace livediff;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<wire::Frame> f = wire::parse_frame(input);
  if (!f.ok()) return 0;
  FUZZ_CHECK(is_valid_utf8(f->join_ref) && is_valid_utf8(f->ref) && is_valid_utf8(f->topic)
             && is_valid_utf8(f->event));
  if (const auto* e = std::get_if<wire::EventPayload>(&f->payload)) {
    FUZZ_CHECK(wire::normalize_json(e->value_json).ok());
    for (const auto& [k, v] : e->value) FUZZ_CHECK(is_valid_utf8(k) && is_valid_utf8(v));
  }
  if (const auto* j = std::get_if<wire::JoinPayload>(&f->payload)) {
    FUZZ_CHECK(is_valid_utf8(j->url) && is_valid_utf8(j->session));
  }
  const std::string again = wire::frame(f->join_ref, f->ref, f->topic, f->event, "{}");
  FUZZ_CHECK(wire::parse_frame(again).ok());
  (void)wire::normalize_json(input);
  return 0;
}
