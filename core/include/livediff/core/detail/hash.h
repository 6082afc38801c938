// A fast keyed 64-bit hash of short byte strings, for the content hash of every dynamic and
// the keys of comprehension entries.
#ifndef LIVEDIFF_CORE_DETAIL_HASH_H
#define LIVEDIFF_CORE_DETAIL_HASH_H

#include <cstdint>
#include <cstring>
#include <string_view>

namespace livediff::detail {

// Equal hashes make the diff take a changed value for the old one, so the hash must not let
// page data collide on purpose: its keys are random per process (from the operating system's
// CSPRNG), and every multiply folds its inputs back in, so a factor that happens to be zero
// (an input equal to a key) does not erase the other factor. Multiply-fold mixing in the
// manner of wyhash, one 64x64->128 multiply per 16 bytes: dynamics are mostly a few bytes
// long, where general-purpose hashes spend more time in setup than in mixing.
struct HashKeys {
  std::uint64_t k0, k1, k2, k3;
};
/// Drawn once, before main; zero only for code that hashes during static initialisation.
extern const HashKeys kHashKeys;

inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) {
  const __uint128_t r = static_cast<__uint128_t>(a) * b;
  return (static_cast<std::uint64_t>(r) ^ a) ^ (static_cast<std::uint64_t>(r >> 64) ^ b);
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
  const HashKeys& k = kHashKeys;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t seed = k.k0 ^ n;
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
      seed = mum(read8(p) ^ k.k1, read8(p + 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = read8(p + n - 16);
    b = read8(p + n - 8);
  }
  return mum(k.k1 ^ s.size(), mum(a ^ k.k1, b ^ seed) ^ k.k2);
}

/// The hash of an integer key, distinct by construction from hash_bytes of its digits.
inline std::uint64_t hash_int(std::uint64_t v) {
  return mum(v ^ kHashKeys.k3, kHashKeys.k2 ^ 0x8bb84b93962eacc9ULL);
}

}  // namespace livediff::detail

#endif  // LIVEDIFF_CORE_DETAIL_HASH_H
