// Statics: the immutable HTML fragments of one template, fingerprinted once.
#ifndef LIVEDIFF_CORE_STATICS_H
#define LIVEDIFF_CORE_STATICS_H

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace livediff {

/// The N+1 HTML fragments around the N dynamics of a template, with a 64-bit fingerprint.
/// Two renders with equal fingerprints share statics, so a diff sends only their dynamics.
///
/// Lifetime: a `Statics` built from string views borrows them (string literals, or storage that
/// outlives every render using it); `Statics::make` owns copies, and so does a `Statics` whose
/// parts are not all UTF-8 (it keeps them with U+FFFD in place of the bad bytes). Neither moves
/// once built, so render trees may keep plain pointers to it.
class Statics {
 public:
  /// Borrows `parts`; at least one part.
  Statics(std::initializer_list<std::string_view> parts);
  explicit Statics(std::span<const std::string_view> parts);

  /// Owns a copy of `parts`.
  static std::shared_ptr<const Statics> make(std::vector<std::string> parts);

  Statics(const Statics&) = delete;
  Statics& operator=(const Statics&) = delete;

  std::span<const std::string_view> parts() const { return views_; }
  std::size_t dynamic_count() const { return views_.size() - 1; }
  /// Stable across processes and builds: FNV-1a over the parts and their boundaries.
  std::uint64_t fingerprint() const { return fingerprint_; }
  /// True when the fragments form exactly one element with every dynamic inside it, which lets
  /// the client skip re-rendering it when nothing in it changed (`"r": 1` on the wire).
  bool single_root() const { return single_root_; }
  /// The parts as a JSON array, encoded once so every full render copies it.
  std::string_view json() const { return json_; }

 private:
  struct owned_tag {};
  Statics(owned_tag, std::vector<std::string> parts);
  void init();

  std::vector<std::string> owned_;
  std::vector<std::string_view> views_;
  std::string json_;
  std::uint64_t fingerprint_ = 0;
  bool single_root_ = false;
};

/// FNV-1a fingerprint of a sequence of fragments, usable at compile time by generated code.
constexpr std::uint64_t fingerprint_parts(std::span<const std::string_view> parts) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;
  };
  for (std::string_view part : parts) {
    for (char c : part) mix(static_cast<unsigned char>(c));
    mix(0xff);  // a byte that never occurs in UTF-8, so ("ab","c") and ("a","bc") differ
  }
  return h;
}

/// Whether `parts`, with a dynamic between each pair, form a single element that contains every
/// dynamic (dynamics may sit in attribute values or content, not beside the root element).
bool is_single_root(std::span<const std::string_view> parts);

}  // namespace livediff

#endif  // LIVEDIFF_CORE_STATICS_H
