// Stream: a collection the server does not keep, sent to the client as operations on DOM ids.
#ifndef LIVEDIFF_STREAMS_STREAM_H
#define LIVEDIFF_STREAMS_STREAM_H

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/functional/any_invocable.h>

#include "livediff/core/detail/hash.h"
#include "livediff/core/rendered.h"

namespace livediff {

/// Where an inserted item goes and how many items the client keeps.
struct insert_options {
  /// -1 appends, 0 prepends, k > 0 inserts before the k-th item. An item whose DOM id the client
  /// already shows is updated where it is instead.
  std::int32_t at = -1;
  /// After inserting, the client keeps the first `limit` items (limit >= 0) or the last -limit.
  std::optional<std::int32_t> limit;
  /// Only update an item the client already shows; never add it.
  bool update_only = false;
};

namespace detail {

/// The type-independent part of a stream: pending operations keyed by DOM id, coalesced so that
/// one render sends each DOM id at most once per kind and in an order the client applies
/// correctly (it resets first, then deletes, then inserts).
class stream_ops {
 public:
  struct op {
    std::string dom_id;
    insert_options options;
    bool is_insert = false;
    bool live = true;  // false once superseded by a later operation on the same id
  };

  /// Queues an insert; returns its index for the item storage. Supersedes a pending insert of
  /// the same id, so only the last content and options of an id go out.
  std::size_t insert(std::string dom_id, const insert_options& options);
  /// Queues a delete, dropping a pending insert of the same id.
  void remove(std::string dom_id);
  /// Forgets pending operations; the client clears the stream before this render's inserts.
  void reset();
  /// Forgets everything after a render, releasing what a large burst made it hold.
  void clear();

  bool is_reset() const { return reset_; }
  std::size_t pending() const { return live_; }
  const std::vector<op>& ops() const { return ops_; }
  std::size_t memory_bytes() const;

 private:
  std::int64_t find_insert(std::string_view dom_id) const;

  std::vector<op> ops_;
  // Pending inserts by DOM id hash; collisions are resolved by comparing the ids.
  absl::flat_hash_map<std::uint64_t, std::uint32_t> inserts_;
  std::size_t live_ = 0;
  bool reset_ = false;
};

}  // namespace detail

/// A stream of items of type T, as LiveView's `stream/4`: the view queues inserts, deletes and
/// resets; rendering sends them once and forgets them, so server memory is O(pending
/// operations) and a feed can grow to any length.
///
/// Within one render the client applies a reset first, then every delete, then the inserts in
/// the order they were made; an id inserted twice goes out once, with its last content and
/// options; a delete drops a pending insert of the same id. As in the browser, an item that a
/// limit prunes during a render is not brought back by an update later in the same render.
///
/// Thread safety: none; a stream belongs to one view.
template <class T>
class Stream {
 public:
  using dom_id_function = absl::AnyInvocable<std::string(const T&) const>;

  /// `name` is also the stream's ref on the wire unless `ref` is given; refs must be unique
  /// within the page (a reset clears every element carrying the ref).
  Stream(std::string name, dom_id_function dom_id, std::string ref = {})
      : name_(std::move(name)),
        ref_(ref.empty() ? name_ : std::move(ref)),
        dom_id_(std::move(dom_id)) {}

  /// DOM ids `<name>-<item.id>`, LiveView's default.
  explicit Stream(std::string name) requires requires(const T& t) {
    t.id;
  } : Stream(name, [prefix = name + "-"](const T& t) { return prefix + id_string(t.id); }) {
  }

  Stream& insert(T item, const insert_options& options = {}) {
    std::string id = dom_id_(item);
    std::size_t index = ops_.insert(std::move(id), options);
    if (items_.size() <= index) items_.resize(index + 1);
    items_[index] = std::move(item);
    return *this;
  }
  /// Inserts each item in order with the same options.
  template <class Range>
  Stream& insert_all(Range&& items, const insert_options& options = {}) {
    for (auto&& item : items) insert(std::forward<decltype(item)>(item), options);
    return *this;
  }
  Stream& remove(const T& item) {
    ops_.remove(dom_id_(item));
    return *this;
  }
  Stream& remove_by_dom_id(std::string_view dom_id) {
    ops_.remove(std::string(dom_id));
    return *this;
  }
  /// Clears the client's items at the next render; later inserts go out after the reset.
  Stream& reset() {
    ops_.reset();
    items_.clear();
    return *this;
  }
  template <class Range>
  Stream& reset(Range&& items, const insert_options& options = {}) {
    reset();
    return insert_all(std::forward<Range>(items), options);
  }

  std::string dom_id(const T& item) const { return dom_id_(item); }
  const std::string& name() const { return name_; }
  const std::string& ref() const { return ref_; }
  /// Operations waiting for the next render.
  std::size_t pending() const { return ops_.pending(); }
  /// Bytes the stream holds for its pending operations (capacity included), items excluded.
  std::size_t memory_bytes() const {
    return ops_.memory_bytes() + items_.capacity() * sizeof(std::optional<T>);
  }

  /// Writes the pending operations into slot `slot` of `node` as a stream of `item_statics`
  /// entries, rendered by `render_item(NodeRef entry, const T& item, std::string_view dom_id)`,
  /// then forgets them.
  template <class RenderItem>
  void render(NodeRef node, std::size_t slot, const Statics& item_statics,
              RenderItem&& render_item) {
    ComprehensionRef list = node.comprehension(slot, item_statics).stream(ref_);
    if (ops_.is_reset()) list.stream_reset();
    const auto& ops = ops_.ops();
    for (const auto& op : ops) {
      if (op.live && !op.is_insert) list.stream_delete(op.dom_id);
    }
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const auto& op = ops[i];
      if (!op.live || !op.is_insert) continue;
      NodeRef entry =
          list.stream_insert(op.dom_id, op.options.at, op.options.limit, op.options.update_only);
      render_item(entry, *items_[i], std::string_view(op.dom_id));
    }
    ops_.clear();
    items_.clear();
    if (items_.capacity() > 256) items_.shrink_to_fit();
  }

 private:
  template <class Id>
  static std::string id_string(const Id& id) {
    if constexpr (std::integral<Id>) {
      return std::to_string(id);
    } else {
      return std::string(id);
    }
  }

  std::string name_;
  std::string ref_;
  dom_id_function dom_id_;
  detail::stream_ops ops_;
  std::vector<std::optional<T>> items_;  // the pending inserts' items, by operation index
};

}  // namespace livediff

#endif  // LIVEDIFF_STREAMS_STREAM_H
