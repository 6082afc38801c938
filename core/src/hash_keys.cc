#include <absl/random/random.h>

#include "livediff/core/detail/hash.h"

namespace livediff::detail {
namespace {

// absl::BitGen is seeded from the operating system's entropy (getrandom / /dev/urandom).
HashKeys draw() {
  absl::BitGen gen;
  auto draw64 = [&] { return absl::Uniform<std::uint64_t>(gen) | 1; };
  return {draw64(), draw64(), draw64(), draw64()};
}

}  // namespace

const HashKeys kHashKeys = draw();

}  // namespace livediff::detail
