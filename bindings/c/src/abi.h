// The objects behind the C handles, and the checks every entry point of livediff.h makes.
#ifndef LIVEDIFF_BINDINGS_C_ABI_H
#define LIVEDIFF_BINDINGS_C_ABI_H

#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/flat_hash_set.h>

#include "livediff/testing/client_model.h"
#include "livediff/core/diff.h"
#include "livediff/core/rendered.h"
#include "livediff/core/statics.h"
#include "livediff/livediff.h"

#include "client_shape.h"

namespace livediff::c_abi {

// Tags at the start of every object, so that a handle of the wrong type (or, often, a freed
// one) is reported instead of misused.
enum class tag : std::uint32_t {
  dead = 0,
  statics = 0x4c445301,
  fields = 0x4c445302,
  rendered = 0x4c445303,
  differ = 0x4c445304,
  state = 0x4c445305,
  client = 0x4c445306,
};

// A failure inside the binding, turned into a status and a message at the boundary.
struct abi_error {
  livediff_status status;
  std::string message;
};

[[noreturn]] void fail(livediff_status status, std::string message);
void set_last_error(std::string_view message) noexcept;

// Runs `body`, turning every exception into a status and the thread's error message.
template <class Body>
livediff_status guard(Body&& body) noexcept {
  try {
    body();
    return LIVEDIFF_OK;
  } catch (const abi_error& e) {
    set_last_error(e.message);
    return e.status;
  } catch (const std::bad_alloc&) {
    set_last_error("out of memory");
    return LIVEDIFF_RESOURCE_EXHAUSTED;
  } catch (const std::length_error& e) {
    set_last_error(std::string("too large: ") + e.what());
    return LIVEDIFF_RESOURCE_EXHAUSTED;
  } catch (const render_error& e) {
    set_last_error(e.what());
    return LIVEDIFF_INVALID_ARGUMENT;
  } catch (const std::exception& e) {
    set_last_error(std::string("internal error: ") + e.what());
    return LIVEDIFF_INTERNAL;
  } catch (...) {
    set_last_error("internal error: unknown exception");
    return LIVEDIFF_INTERNAL;
  }
}

// Checks that `p` is a live object of type `t`; `what` names the argument in the message.
template <class T>
T& object(T* p, tag t, const char* what) {
  if (p == nullptr) fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + " is NULL");
  if (p->tag_ != t) {
    fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + " is not a live " + std::string(what));
  }
  return *p;
}
template <class T>
const T& object(const T* p, tag t, const char* what) {
  return object(const_cast<T*>(p), t, what);
}
void require_out(const void* out, const char* what);

// A (pointer, size) argument as a view; NULL is allowed only with size 0.
std::string_view bytes(const char* data, std::size_t size, const char* what);
// The same, checked to be UTF-8.
std::string_view utf8(const char* data, std::size_t size, const char* what);
// An attribute name that cannot break out of its tag: no space, quote, '=', '>', '/', control.
std::string_view attr_name(const char* data, std::size_t size);

// Splits a NUL-separated buffer of exactly `count` values, each checked to be UTF-8.
class packed_reader {
 public:
  packed_reader(std::string_view packed, std::size_t count, const char* what);
  std::string_view next();

 private:
  std::string_view rest_;
};

// Nodes and lists of one render, with what the checks need beyond the core's own read side.
struct node_info {
  std::uint16_t depth;
  bool unchanged;
  std::int32_t owner;  // 0: the root tree; otherwise the cid of the component it belongs to
};
struct list_info {
  std::uint16_t depth;  // of the node holding it
  std::int32_t owner;
};
// A component reference as set; the slot may have been set again since (see `current`).
struct component_ref {
  std::int32_t owner;
  std::int32_t cid;
  std::uint16_t depth;
  std::uint32_t node;
  std::uint32_t slot;
};

// Handles: the render's generation in the high 32 bits, a kind bit and the index below.
constexpr std::uint64_t kListBit = std::uint64_t{1} << 31;
constexpr std::uint64_t kIndexMask = kListBit - 1;

}  // namespace livediff::c_abi

struct livediff_statics {
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::statics;
  std::shared_ptr<const livediff::Statics> statics;
};

struct livediff_fields {
  struct field {
    std::uint32_t slot;
    livediff_field_kind kind;
    std::string name;
  };
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::fields;
  std::vector<field> fields;
  std::uint32_t max_slot = 0;  // the largest slot, so one comparison checks a whole call
  std::size_t name_bytes = 0;  // the longest attribute name, for the render-size budget
};

struct livediff_rendered {
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::rendered;
  livediff::Rendered tree;
  std::uint32_t generation = 1;
  // A failure in the middle of building left this render inconsistent: it cannot be diffed.
  bool broken = false;
  bool has_unchanged = false;
  // The statics this render uses, kept alive until the next root.
  std::vector<std::shared_ptr<const livediff::Statics>> kept;
  const livediff::Statics* last_kept = nullptr;
  // By core node / comprehension index: the builder handles and the facts the checks need.
  std::vector<livediff::NodeRef> node_refs;
  std::vector<livediff::c_abi::node_info> nodes;
  std::vector<livediff::ComprehensionRef> list_refs;
  std::vector<livediff::c_abi::list_info> lists;
  std::vector<livediff::c_abi::component_ref> component_refs;
  absl::flat_hash_set<std::int32_t> components;  // rendered in this render
  std::uint64_t bytes = 0;                       // text budget used, an upper bound
  std::uint64_t dynamics = 0;
  std::string html;
};

struct livediff_differ {
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::differ;
  livediff::Differ differ;
  livediff::c_abi::shape_scratch scratch;
  std::string extra;  // the caller's extra members, checked
};

struct livediff_state {
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::state;
  livediff::DiffState state;
  livediff::c_abi::ClientShape shape;
};

struct livediff_client {
  livediff::c_abi::tag tag_ = livediff::c_abi::tag::client;
  explicit livediff_client(std::string view_id) : model(std::move(view_id)) {}
  livediff::ClientModel model;
};

namespace livediff::c_abi {

// The node behind `handle` in the current render of `tree`.
std::uint32_t node_index(const livediff_rendered& tree, livediff_node handle);
std::uint32_t list_index(const livediff_rendered& tree, livediff_list handle);
livediff_node node_handle(const livediff_rendered& tree, std::uint32_t index);
livediff_list list_handle(const livediff_rendered& tree, std::uint32_t index);
// Checks that `slot` is a dynamic of node `index` and that the node has dynamics.
void check_slot(const livediff_rendered& tree, std::uint32_t index, std::uint32_t slot);
// Reserves room for `n` more bytes of text; beyond LIVEDIFF_MAX_RENDER_BYTES fails.
void spend_bytes(livediff_rendered& tree, std::uint64_t n);
// Keeps `statics` alive for the current render and returns it.
const Statics& keep(livediff_rendered& tree, const livediff_statics& statics);
// Records a node just created by the core (its index must be the next one).
livediff_node add_node(livediff_rendered& tree, NodeRef ref, std::uint16_t depth,
                       std::int32_t owner);
// Records an unchanged entry just created by the core.
void add_unchanged_node(livediff_rendered& tree, std::uint16_t depth, std::int32_t owner);
// Records a list just created by the core.
livediff_list add_list(livediff_rendered& tree, ComprehensionRef ref, std::uint16_t depth,
                       std::int32_t owner);
// Checks the counts a call is about to add against the limits.
void check_growth(const livediff_rendered& tree, std::uint64_t nodes, std::uint64_t dynamics);
// Sets the fields of node `index` from `values`.
void set_fields(livediff_rendered& tree, std::uint32_t index, const livediff_fields& fields,
                packed_reader& values);
// Refuses component references that form a cycle, or chains of them nested deeper than
// LIVEDIFF_MAX_DEPTH, among the components of this render (the client and the HTML renderer
// follow them recursively).
void check_component_nesting(const livediff_rendered& tree);
// Whether the slot of `ref` still holds that reference.
bool current(const livediff_rendered& tree, const component_ref& ref);
// The budget `fields` needs for values of `bytes` bytes in all.
std::uint64_t fields_budget(const livediff_fields& fields, std::uint64_t bytes, std::uint64_t rows);

// Marks a render broken when a failure leaves it half-built.
class build_scope {
 public:
  explicit build_scope(livediff_rendered& tree) : tree_(tree) {}
  ~build_scope() {
    if (!done_) tree_.broken = true;
  }
  void done() { done_ = true; }
  build_scope(const build_scope&) = delete;
  build_scope& operator=(const build_scope&) = delete;

 private:
  livediff_rendered& tree_;
  bool done_ = false;
};

}  // namespace livediff::c_abi

#endif  // LIVEDIFF_BINDINGS_C_ABI_H
