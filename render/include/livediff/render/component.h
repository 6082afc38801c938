// What templates exchange with components: slots of function components, and the registry
// through which the views layer gives live components their cids.
#ifndef LIVEDIFF_RENDER_COMPONENT_H
#define LIVEDIFF_RENDER_COMPONENT_H

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "livediff/core/rendered.h"
#include "livediff/core/statics.h"

namespace livediff {
namespace detail {
// One object per type; its address identifies the type without RTTI.
template <class T>
inline constexpr char type_tag = 0;
}  // namespace detail

/// Content a caller passes to a function component: its inner block or a named slot
/// (`<:actions>...</:actions>`). It renders as a nested node with the caller's statics, in the
/// caller's context (its assigns and loop variables). An absent slot is empty and false.
/// Lifetime: borrows the caller's generated code; valid during the component call only.
class slot {
 public:
  slot() = default;
  /// `fill(NodeRef node, bool full)` fills a node built from `statics`; `full` means the client
  /// holds none of it, so nothing may be marked unchanged.
  template <class Fill>
  slot(const Statics& statics, const Fill& fill)
      : statics_(&statics), fill_(&fill), call_([](const void* f, NodeRef node, bool full) {
          (*static_cast<const Fill*>(f))(node, full);
        }) {}

  explicit operator bool() const { return statics_ != nullptr; }

  /// Renders the slot into dynamic `i` of `node` (`render_slot(@name)`); nothing when absent.
  void render(NodeRef node, std::size_t i, bool full) const {
    if (statics_ != nullptr) call_(fill_, node.node(i, *statics_), full);
  }

 private:
  const Statics* statics_ = nullptr;
  const void* fill_ = nullptr;
  void (*call_)(const void*, NodeRef, bool) = nullptr;
};

/// An attribute of a `<.live_component>` tag other than `module` and `id`: its name and the
/// value of its expression, with that expression's type (quoted values are std::string_view,
/// bare attributes bool). Lifetime: valid during `component_registry::cid_for` only.
struct component_attr {
  std::string_view name;
  const void* value = nullptr;
  const void* type = nullptr;

  /// What generated code passes for `name={value}`.
  template <class T>
  static component_attr of(std::string_view name, const T& value) {
    return {name, &value, &detail::type_tag<std::remove_cvref_t<T>>};
  }
  /// The value if it has type T, else nullptr.
  template <class T>
  const T* get() const {
    return type == &detail::type_tag<T> ? static_cast<const T*>(value) : nullptr;
  }
};

/// Implemented by the views layer so that templates can embed live components. For
/// `<.live_component module="clock" id="c1" tz={@tz}/>` a template calls `cid_for("clock",
/// "c1", {tz})` whenever that tag is re-evaluated and renders `NodeRef::component(cid)`. The
/// registry creates the component the first time (mount), passes it the attributes (update),
/// and renders it when it changed into the same `Rendered` with
/// `Rendered::component(cid, statics)`, which generated templates do as
/// `T::render_component(out, cid, assigns)`. It may do so inside `cid_for`: builders are
/// index-based, so rendering a component in the middle of its parent's render is safe.
class component_registry {
 public:
  virtual ~component_registry() = default;
  /// The cid (> 0) of live component `id` of `module` in the view being rendered.
  virtual std::int32_t cid_for(std::string_view module, std::string_view id,
                               std::span<const component_attr> attrs) = 0;
};

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_COMPONENT_H
