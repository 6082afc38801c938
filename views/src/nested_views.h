// NestedViews: what a parent view has placed with `live_render` (enough to mount each child
// when the client joins it), and the containers children render in.
#ifndef LIVEDIFF_VIEWS_SRC_NESTED_VIEWS_H
#define LIVEDIFF_VIEWS_SRC_NESTED_VIEWS_H

#include <optional>
#include <string>
#include <string_view>

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

#include "livediff/views/session.h"

namespace livediff::detail {

/// Thread safety: `find` may be called from any thread (the transport, when the client joins
/// a child); the rest on the parent's strand.
class NestedViews {
 public:
  /// Records child `nested` of the parent `parent_id` and returns its connected container,
  /// empty and carrying the child's token. The token is signed once per id, so the container
  /// stays byte-identical across renders and costs nothing in later diffs; a later render's
  /// session does not remount a joined child (the client keeps the token it joined with), as
  /// in LiveView.
  std::string place(const NestedView& nested, std::string_view parent_id,
                    const ViewFactory& factory, Runtime& runtime);
  std::optional<NestedJoin> find(std::string_view id) const;
  void clear();

 private:
  struct Entry {
    NestedJoin join;
    std::string token;
  };
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> children_ ABSL_GUARDED_BY(mu_);
};

/// Whether `tag` can name a nested view's container element.
bool valid_container_tag(std::string_view tag);

/// The container of a nested view, with the attributes the client joins it by. The dead
/// render's token is empty, as LiveView's: the client joins a nested view only once its parent
/// is connected, with the token of the parent's connected render.
std::string nested_container(const NestedView& nested, std::string_view parent_id,
                             std::string_view token, std::string_view inner);

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_NESTED_VIEWS_H
