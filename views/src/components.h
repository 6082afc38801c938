// ComponentSet: the live components of one view, by (type, id) and by cid, with what the diff
// needs to know of each (rendered in this pass, changed by an event).
#ifndef LIVEDIFF_VIEWS_SRC_COMPONENTS_H
#define LIVEDIFF_VIEWS_SRC_COMPONENTS_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/functional/function_ref.h>

#include "livediff/views/view.h"

namespace livediff::detail {

class ComponentSet {
 public:
  struct Entry {
    std::type_index type;
    std::string id;
    std::unique_ptr<LiveComponent> instance;
    std::uint64_t rendered_pass = 0;
    bool dirty = false;  // handled an event: renders even when its parent does not place it
  };

  /// The cid of component `id` of `type`, made with `make` on first use; `created` tells.
  std::int32_t find_or_create(std::type_index type, std::string_view id,
                              absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                              bool& created);
  Entry* find(std::int32_t cid);
  /// Components changed by an event that the render of `pass` did not place.
  std::vector<std::int32_t> dirty_not_rendered(std::uint64_t pass) const;
  /// Forgets `cid` (the client dropped it) unless the render of `pass` placed it again.
  bool remove_unless_rendered(std::int32_t cid, std::uint64_t pass);
  void clear();
  std::size_t memory_bytes() const;

 private:
  std::map<std::pair<std::type_index, std::string>, std::int32_t, std::less<>> ids_;
  absl::flat_hash_map<std::int32_t, Entry> entries_;
  std::int32_t next_cid_ = 1;
};

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_COMPONENTS_H
