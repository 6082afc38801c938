// Rendered: one render of a view as statics and dynamics, built with a small builder API.
#ifndef LIVEDIFF_CORE_RENDERED_H
#define LIVEDIFF_CORE_RENDERED_H

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "livediff/core/assert.h"
#include "livediff/core/detail/hash.h"
#include "livediff/core/escape.h"
#include "livediff/core/statics.h"
#include "livediff/core/utf8.h"

namespace livediff {

/// Thrown by the builder when a render function uses it wrongly (a slot index beyond the
/// statics' dynamics, a component without a single root tag): a bug in that render function,
/// reported as an exception so that a server ends only the view whose render failed.
class render_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {
[[noreturn]] void throw_bad_slot(std::size_t index, std::size_t count);
}  // namespace detail

class Rendered;
class ComprehensionRef;

/// What one dynamic slot of a node holds.
enum class dynamic_kind : std::uint8_t {
  empty,          ///< never set: renders as nothing
  unchanged,      ///< the caller knows it equals what was sent last time (change tracking)
  text,           ///< HTML-safe text, already escaped
  node,           ///< a nested render with its own statics
  comprehension,  ///< a list of entries sharing one statics (keyed, plain or a stream)
  component,      ///< a live component, by cid
};

/// Handle to a node under construction. Cheap to copy.
/// Lifetime: valid until the owning `Rendered` is cleared, moved or destroyed.
class NodeRef {
 public:
  /// Escaped text. Integers and doubles are formatted without allocating.
  NodeRef& text(std::size_t i, std::string_view value);
  NodeRef& text(std::size_t i, const char* value) { return text(i, std::string_view(value)); }
  NodeRef& text(std::size_t i, std::integral auto value);
  NodeRef& text(std::size_t i, double value);
  /// Markup the caller vouches for; not escaped.
  NodeRef& html(std::size_t i, std::string_view trusted);
  /// ` name="value"` with the value escaped: a dynamic attribute, as `phx-value-id={id}`.
  NodeRef& attr(std::size_t i, std::string_view name, std::string_view value);
  NodeRef& attr(std::size_t i, std::string_view name, std::integral auto value);
  /// Marks the slot as equal to what the client already holds; nothing is computed or sent.
  NodeRef& unchanged(std::size_t i);
  /// A reference to live component `cid`, rendered through `Rendered::component`.
  NodeRef& component(std::size_t i, std::int32_t cid);
  /// A nested node with its own statics.
  NodeRef node(std::size_t i, const Statics& statics);
  /// A list whose entries share `statics`.
  ComprehensionRef comprehension(std::size_t i, const Statics& statics);

  std::uint32_t index() const { return node_; }

 private:
  friend class Rendered;
  friend class ComprehensionRef;
  NodeRef(Rendered* tree, std::uint32_t node) : tree_(tree), node_(node) {}
  std::string& begin_text(std::size_t i);
  void end_text(std::size_t i);

  Rendered* tree_;
  std::uint32_t node_;
};

/// Handle to a comprehension under construction.
/// Entries are keyed: a key that was present last time lets the diff send only what changed in
/// that entry, or a reference to its old position when it moved. `entry()` without a key keys
/// by position.
class ComprehensionRef {
 public:
  NodeRef entry();
  NodeRef entry(std::string_view key);
  NodeRef entry(std::int64_t key);
  /// An entry whose content the client already has under this key, wherever it now sits: it
  /// is not rendered, and the diff sends at most its old position. For apps that know which
  /// rows they changed; the key must have been rendered to this client before.
  ComprehensionRef& unchanged_entry(std::string_view key);
  ComprehensionRef& unchanged_entry(std::int64_t key);

  /// Turns this comprehension into a stream (`phx-update="stream"`): its entries are sent once,
  /// never remembered, and the client applies the operations below by DOM id.
  ComprehensionRef& stream(std::string_view ref);
  /// Inserts (or, for an existing DOM id, replaces) one item. `at`: -1 appends, 0 prepends.
  /// `limit`: the client keeps the first (positive) or last (negative) N items.
  NodeRef stream_insert(std::string_view dom_id, std::int32_t at = -1,
                        std::optional<std::int32_t> limit = std::nullopt, bool update_only = false);
  ComprehensionRef& stream_delete(std::string_view dom_id);
  /// Clears the client's items before this render's inserts apply.
  ComprehensionRef& stream_reset();

  std::uint32_t index() const { return comp_; }

 private:
  friend class NodeRef;
  ComprehensionRef(Rendered* tree, std::uint32_t comp) : tree_(tree), comp_(comp) {}
  NodeRef add_entry(std::uint64_t key_hash, bool unchanged = false);

  Rendered* tree_;
  std::uint32_t comp_;
};

/// One render: a root node, nested nodes, comprehensions and live components, stored in flat
/// arrays that keep their capacity across `clear()`, so steady-state renders do not allocate.
/// Move-only. The statics it points to must outlive it.
class Rendered {
 public:
  static constexpr std::uint32_t npos = 0xffffffff;

  struct dynamic {
    dynamic_kind kind = dynamic_kind::empty;
    std::uint32_t a = 0;     // text: offset in text(); node/comprehension: index; component: cid
    std::uint32_t b = 0;     // text: length
    std::uint64_t hash = 0;  // text: content hash
  };
  struct node_data {
    const Statics* statics;
    std::uint32_t first_dynamic;
    std::uint32_t next_entry = npos;  // next entry of the same comprehension
    std::uint64_t key = 0;            // entries: hash of the key
    bool unchanged = false;           // entries: the client's copy is current
    // Stream items and all inside them: the server keeps nothing of them, so their dynamics
    // need no hash (the diff sends them whole, once).
    bool stateless = false;
  };
  struct stream_op {
    enum class kind : std::uint8_t { insert, remove } op;
    bool update_only = false;
    bool has_limit = false;
    std::int32_t at = -1;
    std::int32_t limit = 0;
    std::uint32_t id_offset = 0, id_length = 0;  // DOM id, in text()
    std::uint32_t next = npos;
  };
  struct comprehension_data {
    const Statics* statics;
    std::uint32_t first_entry = npos, last_entry = npos, size = 0;
    bool is_stream = false;
    bool stream_reset = false;
    bool stateless = false;  // in a stream item: its entries are stateless too
    std::uint32_t ref_offset = 0, ref_length = 0;  // stream ref, in text()
    std::uint32_t first_op = npos, last_op = npos;
  };
  struct component_data {
    std::int32_t cid;
    std::uint32_t node;
  };

  Rendered() = default;
  Rendered(Rendered&&) noexcept = default;
  Rendered& operator=(Rendered&&) noexcept = default;
  Rendered(const Rendered&) = delete;
  Rendered& operator=(const Rendered&) = delete;

  /// Starts a new render rooted at `statics`, dropping the previous one (capacity is kept).
  NodeRef root(const Statics& statics);
  /// Renders live component `cid` in this render. Components not rendered keep what the client
  /// has. Its statics must have a single root element.
  NodeRef component(std::int32_t cid, const Statics& statics);
  void clear();

  // Read side, for the diff, the HTML renderer and embedders with their own encoders.
  bool has_root() const { return !nodes_.empty(); }
  const node_data& node(std::uint32_t i) const { return nodes_[i]; }
  const dynamic& dyn(const node_data& n, std::size_t i) const {
    return dynamics_[n.first_dynamic + i];
  }
  const comprehension_data& comprehension(std::uint32_t i) const { return comprehensions_[i]; }
  const stream_op& op(std::uint32_t i) const { return ops_[i]; }
  const std::vector<component_data>& components() const { return components_; }
  std::string_view text(std::uint32_t offset, std::uint32_t length) const {
    return std::string_view(text_).substr(offset, length);
  }
  std::string_view text(const dynamic& d) const { return text(d.a, d.b); }
  std::size_t node_count() const { return nodes_.size(); }

 private:
  friend class NodeRef;
  friend class ComprehensionRef;

  std::uint32_t add_node(const Statics& statics, std::uint64_t key, bool unchanged = false,
                         bool stateless = false);
  dynamic& slot(std::uint32_t node, std::size_t i);
  std::uint32_t store_text(std::string_view s);

  std::vector<node_data> nodes_;
  std::vector<dynamic> dynamics_;
  std::vector<comprehension_data> comprehensions_;
  std::vector<stream_op> ops_;
  std::vector<component_data> components_;
  std::string text_;
};

// The builder's hot paths are inline: a table render sets thousands of dynamics.

inline Rendered::dynamic& Rendered::slot(std::uint32_t node, std::size_t i) {
  const node_data& n = nodes_[node];
  if (i >= n.statics->dynamic_count()) [[unlikely]]
    detail::throw_bad_slot(i, n.statics->dynamic_count());
  return dynamics_[n.first_dynamic + i];
}

inline std::string& NodeRef::begin_text(std::size_t i) {
  tree_->slot(node_, i).a = static_cast<std::uint32_t>(tree_->text_.size());
  return tree_->text_;
}

inline void NodeRef::end_text(std::size_t i) {
  Rendered::dynamic& d = tree_->slot(node_, i);
  d.kind = dynamic_kind::text;
  d.b = static_cast<std::uint32_t>(tree_->text_.size() - d.a);
  if (!tree_->nodes_[node_].stateless)
    d.hash = detail::hash_bytes(std::string_view(tree_->text_).substr(d.a, d.b));
}

inline NodeRef& NodeRef::text(std::size_t i, std::string_view value) {
  append_escaped_html(begin_text(i), value);
  end_text(i);
  return *this;
}

inline NodeRef& NodeRef::html(std::size_t i, std::string_view trusted) {
  append_valid_utf8(begin_text(i), trusted);
  end_text(i);
  return *this;
}

inline NodeRef& NodeRef::attr(std::size_t i, std::string_view name, std::string_view value) {
  std::string& out = begin_text(i);
  out += ' ';
  append_valid_utf8(out, name);
  out.append("=\"");
  append_escaped_html(out, value);
  out += '"';
  end_text(i);
  return *this;
}

NodeRef& NodeRef::text(std::size_t i, std::integral auto value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  begin_text(i).append(buf, end);  // digits need no escaping or checking
  end_text(i);
  return *this;
}

NodeRef& NodeRef::attr(std::size_t i, std::string_view name, std::integral auto value) {
  // ` name="digits"` in one piece: digits need no escaping (phx-value-id={id} on every row).
  char buf[96];
  if (name.size() > sizeof buf - 28 || !is_ascii(name)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return attr(i, name, std::string_view(buf, end - buf));
  }
  char* p = buf;
  *p++ = ' ';
  p = std::copy(name.begin(), name.end(), p);
  *p++ = '=';
  *p++ = '"';
  p = std::to_chars(p, buf + sizeof buf, value).ptr;
  *p++ = '"';
  begin_text(i).append(buf, p);
  end_text(i);
  return *this;
}

}  // namespace livediff

#endif  // LIVEDIFF_CORE_RENDERED_H
