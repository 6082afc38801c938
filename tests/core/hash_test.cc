#include "livediff/core/detail/hash.h"

#include <cstring>
#include <random>
#include <string>

#include <absl/container/flat_hash_set.h>
#include <gtest/gtest.h>

namespace livediff::detail {
namespace {

std::string bytes_of(std::uint64_t v) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &v, 8);
  return s;
}

TEST(HashBytes, KeysAreDrawnAtRandom) {
  EXPECT_NE(kHashKeys.k0, 0u);
  EXPECT_NE(kHashKeys.k1, kHashKeys.k2);
}

// With a plain multiply-fold, every 8-16 byte string starting with the bytes of the key that
// is xored into the first word multiplied by zero: all of them hashed alike.
TEST(HashBytes, AnInputEqualToAKeyDoesNotEraseTheRest) {
  const std::string head = bytes_of(kHashKeys.k1);
  absl::flat_hash_set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    seen.insert(hash_bytes(head + std::to_string(i)));
    seen.insert(hash_bytes(head + bytes_of(static_cast<std::uint64_t>(i) * 0x9e3779b97f4a7c15ULL)));
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(HashBytes, DistinctShortStringsHashApart) {
  std::mt19937_64 rng(3);
  absl::flat_hash_set<std::string> inputs;
  absl::flat_hash_set<std::uint64_t> hashes;
  for (std::size_t length = 0; length <= 40; ++length) {
    for (int i = 0; i < 2000; ++i) {
      std::string s(length, '\0');
      for (char& c : s) c = static_cast<char>(rng() % 4);  // few symbols: many near misses
      if (inputs.insert(s).second) hashes.insert(hash_bytes(s));
    }
  }
  EXPECT_EQ(hashes.size(), inputs.size());
}

TEST(HashInt, DistinctIntegersHashApart) {
  absl::flat_hash_set<std::uint64_t> seen;
  for (std::uint64_t v = 0; v < 100000; ++v) seen.insert(hash_int(v));
  seen.insert(hash_int(kHashKeys.k3));
  EXPECT_EQ(seen.size(), 100001u);
}

}  // namespace
}  // namespace livediff::detail
