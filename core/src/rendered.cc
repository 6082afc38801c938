#include "livediff/core/rendered.h"

#include <algorithm>

#include "livediff/core/escape.h"

namespace livediff {
namespace {

std::uint64_t hash_text(std::string_view s) {
  return detail::hash_bytes(s);
}

// Entry keys of different types must not collide with each other's hashes by construction.
std::uint64_t hash_key(std::string_view key) {
  return hash_text(key) * 31 + 1;
}
std::uint64_t hash_key(std::int64_t key) {
  return detail::hash_int(static_cast<std::uint64_t>(key)) * 31 + 2;
}

}  // namespace

namespace detail {
void throw_bad_slot(std::size_t index, std::size_t count) {
  throw render_error("dynamic slot " + std::to_string(index) + " of statics with "
                     + std::to_string(count) + " dynamics");
}
}  // namespace detail

NodeRef Rendered::root(const Statics& statics) {
  clear();
  return NodeRef(this, add_node(statics, 0));
}

NodeRef Rendered::component(std::int32_t cid, const Statics& statics) {
  LIVEDIFF_ASSERT(has_root());
  LIVEDIFF_ASSERT(cid > 0);
  // The client adds data-phx-component to the root tag, so there must be exactly one.
  if (!statics.single_root()) {
    throw render_error("a live component must render a single root element: "
                       + std::string(statics.parts().front().substr(0, 40)));
  }
  std::uint32_t n = add_node(statics, 0);
  components_.push_back({cid, n});
  return NodeRef(this, n);
}

void Rendered::clear() {
  nodes_.clear();
  dynamics_.clear();
  comprehensions_.clear();
  ops_.clear();
  components_.clear();
  text_.clear();
}

std::uint32_t Rendered::add_node(const Statics& statics, std::uint64_t key, bool unchanged,
                                 bool stateless) {
  auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(
      {&statics, static_cast<std::uint32_t>(dynamics_.size()), npos, key, unchanged, stateless});
  if (!unchanged) dynamics_.resize(dynamics_.size() + statics.dynamic_count());
  return index;
}

std::uint32_t Rendered::store_text(std::string_view s) {
  auto offset = static_cast<std::uint32_t>(text_.size());
  text_.append(s);
  return offset;
}

namespace {

// The shortest text that reads back as `value`, exactly as std::to_chars writes it. Values
// with at most three decimals and a magnitude in [0.001, 100000) (prices, percentages,
// ratings) are written as an integer with a decimal point, several times cheaper than the
// general algorithm: when n / 10^d (both exact) rounds to `value`, so does the text of n with
// d decimals, and the smallest such d gives the fewest digits. In that range to_chars prefers
// this fixed form to the scientific one.
char* format_double(char* first, char* last, double value) {
  const double a = value < 0 ? -value : value;
  if (a >= 1e-3 && a < 1e5) {
    static constexpr double kScale[] = {1, 10, 100, 1000};
    for (int d = 0; d <= 3; ++d) {
      const auto n = static_cast<std::int64_t>(a * kScale[d] + 0.5);  // checked below
      if (static_cast<double>(n) / kScale[d] != a) continue;
      char digits[24];
      char* end = std::to_chars(digits, digits + sizeof digits, n).ptr;
      const auto len = static_cast<int>(end - digits);
      char* out = first;
      if (value < 0) *out++ = '-';
      if (len <= d) {
        *out++ = '0';
        *out++ = '.';
        for (int z = len; z < d; ++z) *out++ = '0';
        out = std::copy(digits, end, out);
      } else {
        out = std::copy(digits, end - d, out);
        if (d > 0) {
          *out++ = '.';
          out = std::copy(end - d, end, out);
        }
      }
      return out;
    }
  }
  return std::to_chars(first, last, value).ptr;
}

}  // namespace

NodeRef& NodeRef::text(std::size_t i, double value) {
  char buf[32];
  char* end = format_double(buf, buf + sizeof buf, value);
  std::string_view digits(buf, end - buf);
  std::string& out = begin_text(i);
  out.append(digits);
  // Shortest round-trip form, with a fractional digit as Elixir and JavaScript users expect: 41.0
  if (digits.find_first_of(".eEn") == std::string_view::npos) out.append(".0");
  end_text(i);
  return *this;
}

NodeRef& NodeRef::unchanged(std::size_t i) {
  tree_->slot(node_, i).kind = dynamic_kind::unchanged;
  return *this;
}

NodeRef& NodeRef::component(std::size_t i, std::int32_t cid) {
  LIVEDIFF_ASSERT(cid > 0);
  Rendered::dynamic& d = tree_->slot(node_, i);
  d.kind = dynamic_kind::component;
  d.a = static_cast<std::uint32_t>(cid);
  return *this;
}

NodeRef NodeRef::node(std::size_t i, const Statics& statics) {
  std::uint32_t child = tree_->add_node(statics, 0, false, tree_->nodes_[node_].stateless);
  Rendered::dynamic& d = tree_->slot(node_, i);
  d.kind = dynamic_kind::node;
  d.a = child;
  return NodeRef(tree_, child);
}

ComprehensionRef NodeRef::comprehension(std::size_t i, const Statics& statics) {
  auto index = static_cast<std::uint32_t>(tree_->comprehensions_.size());
  tree_->comprehensions_.push_back({&statics});
  tree_->comprehensions_.back().stateless = tree_->nodes_[node_].stateless;
  Rendered::dynamic& d = tree_->slot(node_, i);
  d.kind = dynamic_kind::comprehension;
  d.a = index;
  return ComprehensionRef(tree_, index);
}

NodeRef ComprehensionRef::add_entry(std::uint64_t key_hash, bool unchanged) {
  Rendered::comprehension_data& c = tree_->comprehensions_[comp_];
  LIVEDIFF_ASSERT(!(unchanged && c.is_stream));  // the server keeps nothing of stream items
  std::uint32_t n = tree_->add_node(*c.statics, key_hash, unchanged, c.is_stream || c.stateless);
  if (c.last_entry == Rendered::npos) {
    c.first_entry = n;
  } else {
    tree_->nodes_[c.last_entry].next_entry = n;
  }
  c.last_entry = n;
  ++c.size;
  return NodeRef(tree_, n);
}

NodeRef ComprehensionRef::entry() {
  return add_entry(hash_key(static_cast<std::int64_t>(tree_->comprehensions_[comp_].size)));
}
NodeRef ComprehensionRef::entry(std::string_view key) {
  return add_entry(hash_key(key));
}
NodeRef ComprehensionRef::entry(std::int64_t key) {
  return add_entry(hash_key(key));
}

ComprehensionRef& ComprehensionRef::unchanged_entry(std::string_view key) {
  add_entry(hash_key(key), true);
  return *this;
}

ComprehensionRef& ComprehensionRef::unchanged_entry(std::int64_t key) {
  add_entry(hash_key(key), true);
  return *this;
}

ComprehensionRef& ComprehensionRef::stream(std::string_view ref) {
  std::uint32_t offset = tree_->store_text(ref);
  Rendered::comprehension_data& c = tree_->comprehensions_[comp_];
  c.is_stream = true;
  c.ref_offset = offset;
  c.ref_length = static_cast<std::uint32_t>(ref.size());
  return *this;
}

namespace {
void link_op(Rendered::comprehension_data& c, std::vector<Rendered::stream_op>& ops) {
  auto index = static_cast<std::uint32_t>(ops.size() - 1);
  if (c.last_op == Rendered::npos) {
    c.first_op = index;
  } else {
    ops[c.last_op].next = index;
  }
  c.last_op = index;
}
}  // namespace

NodeRef ComprehensionRef::stream_insert(std::string_view dom_id, std::int32_t at,
                                        std::optional<std::int32_t> limit, bool update_only) {
  LIVEDIFF_ASSERT(tree_->comprehensions_[comp_].is_stream);
  Rendered::stream_op op{Rendered::stream_op::kind::insert};
  op.at = at;
  op.has_limit = limit.has_value();
  op.limit = limit.value_or(0);
  op.update_only = update_only;
  op.id_offset = tree_->store_text(dom_id);
  op.id_length = static_cast<std::uint32_t>(dom_id.size());
  tree_->ops_.push_back(op);
  link_op(tree_->comprehensions_[comp_], tree_->ops_);
  return add_entry(0);  // the server keeps no stream item, so nothing needs its key
}

ComprehensionRef& ComprehensionRef::stream_delete(std::string_view dom_id) {
  LIVEDIFF_ASSERT(tree_->comprehensions_[comp_].is_stream);
  Rendered::stream_op op{Rendered::stream_op::kind::remove};
  op.id_offset = tree_->store_text(dom_id);
  op.id_length = static_cast<std::uint32_t>(dom_id.size());
  tree_->ops_.push_back(op);
  link_op(tree_->comprehensions_[comp_], tree_->ops_);
  return *this;
}

ComprehensionRef& ComprehensionRef::stream_reset() {
  LIVEDIFF_ASSERT(tree_->comprehensions_[comp_].is_stream);
  tree_->comprehensions_[comp_].stream_reset = true;
  return *this;
}

}  // namespace livediff
