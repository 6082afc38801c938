// The diff: turns a render into the JSON the phoenix_live_view 1.2 client merges.
#ifndef LIVEDIFF_CORE_DIFF_H
#define LIVEDIFF_CORE_DIFF_H

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/base/attributes.h>
#include <absl/container/flat_hash_map.h>

#include "livediff/core/rendered.h"

namespace livediff {
namespace detail {
struct diff_scratch;
}  // namespace detail

/// What the server remembers of what one client holds: statics fingerprints, entry keys and a
/// 64-bit hash per dynamic, in one flat array per tree. Never the HTML. An empty state means the
/// client holds nothing, so the next diff is a full render (a join).
class DiffState {
 public:
  bool empty() const { return root_.empty(); }
  /// Forgets everything, e.g. when the client rejoins.
  void clear();
  /// Forgets a component the client destroyed; returns whether it was known.
  bool forget_component(std::int32_t cid);
  bool has_component(std::int32_t cid) const { return components_.contains(cid); }
  /// Bytes held, capacity included.
  std::size_t memory_bytes() const;

 private:
  friend class Differ;
  std::vector<std::uint64_t> root_;
  absl::flat_hash_map<std::int32_t, std::vector<std::uint64_t>> components_;
};

/// Encodes diffs. Keeps its buffers between calls, so after warm-up a diff does not allocate.
/// Thread safety: one `Differ` per thread; it may serve any number of states in turn.
class Differ {
 public:
  Differ();
  ~Differ();
  Differ(Differ&&) noexcept;
  Differ& operator=(Differ&&) noexcept;

  /// Diffs `next` against `state`, updates `state` to what the client holds once it merges the
  /// result, and returns the diff as JSON: `{}` when nothing changed. `extra_members` is raw JSON
  /// (`"t":"Title"`) added to the top-level object.
  /// Lifetime: the view is valid until the next call on this `Differ`.
  std::string_view diff(const Rendered& next, DiffState& state,
                        std::string_view extra_members = {}) ABSL_ATTRIBUTE_LIFETIME_BOUND;

  /// The JSON of a full render, leaving no state behind (a dead render's payload, a test oracle).
  std::string_view full(const Rendered& next) ABSL_ATTRIBUTE_LIFETIME_BOUND;

 private:
  std::unique_ptr<detail::diff_scratch> s_;
};

}  // namespace livediff

#endif  // LIVEDIFF_CORE_DIFF_H
