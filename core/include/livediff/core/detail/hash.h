// A fast 64-bit hash of short byte strings, for the content hash of every dynamic.
#ifndef LIVEDIFF_CORE_DETAIL_HASH_H
#define LIVEDIFF_CORE_DETAIL_HASH_H

#include <cstdint>
#include <cstring>
#include <string_view>

namespace livediff::detail {

// Multiply-fold mixing in the manner of wyhash: one 64x64->128 multiply per 16 bytes. Dynamics
// are mostly a few bytes long, where general-purpose hashes spend more time in setup than in
// mixing. Not keyed: a page author who crafts a collision only stops their own page updating.
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}
inline std::uint64_t read8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t read4(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

inline std::uint64_t hash_bytes(std::string_view s) {
  constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL,
                          k2 = 0x8ebc6af09c88c6e3ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t seed = k0 ^ n;
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {
      a = read8(p);
      b = read8(p + n - 8);
    } else if (n >= 4) {
      a = read4(p);
      b = read4(p + n - 4);
    } else if (n > 0) {
      a = static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16
          | static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8
          | static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    while (n > 16) {
      seed = mum(read8(p) ^ k1, read8(p + 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = read8(p + n - 16);
    b = read8(p + n - 8);
  }
  return mum(k1 ^ s.size(), mum(a ^ k1, b ^ seed) ^ k2);
}

}  // namespace livediff::detail

#endif  // LIVEDIFF_CORE_DETAIL_HASH_H
