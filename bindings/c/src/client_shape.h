// ClientShape: the shape of what one client holds, so the C ABI can refuse a render the differ
// could not honour instead of letting the core abort.
#ifndef LIVEDIFF_BINDINGS_C_CLIENT_SHAPE_H
#define LIVEDIFF_BINDINGS_C_CLIENT_SHAPE_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "livediff/core/rendered.h"

namespace livediff::c_abi {

using shape_tape = std::vector<std::uint64_t>;

/// Buffers one check fills and the following commit consumes; kept by the differ for reuse.
struct shape_scratch {
  shape_tape root;
  std::vector<std::pair<std::int32_t, shape_tape>> components;
  std::size_t component_count = 0;
  bool clear_components = false;
  absl::flat_hash_set<std::int32_t> rendered;
  // The differ's key indexes, one per nesting level of keyed lists, mirrored: which keys map
  // to which old positions.
  std::vector<absl::flat_hash_map<std::uint64_t, std::uint32_t>> index;
};

/// What a check found.
struct shape_verdict {
  enum class kind : std::uint8_t {
    ok,
    /// A mark or reference the client cannot honour: `why` says which.
    refuse,
  } verdict = kind::ok;
  std::string why;
};

/// Per client, beside its DiffState: statics fingerprints, list keys and the place of every
/// nested node and list, as the differ sees them, without the hashes of the text. `check`
/// walks a render exactly as the differ will (the same matching of entries, the same fallbacks
/// to a full subtree) and finds every `unchanged` mark the client holds nothing for, every
/// component reference it cannot resolve.
class ClientShape {
 public:
  shape_verdict check(const Rendered& r, shape_scratch& s) const;
  /// Adopts what the last successful `check` found; call once the diff was made.
  void commit(shape_scratch& s);
  void clear();
  bool forget(std::int32_t cid);
  std::size_t memory_bytes() const;

 private:
  shape_tape root_;
  absl::flat_hash_map<std::int32_t, shape_tape> components_;
};

}  // namespace livediff::c_abi

#endif  // LIVEDIFF_BINDINGS_C_CLIENT_SHAPE_H
