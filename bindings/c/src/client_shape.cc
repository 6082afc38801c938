#include "client_shape.h"

#include <string_view>

namespace livediff::c_abi {
namespace {

// A tape per tree, like the differ's, without text hashes:
//   node:  [fingerprint][n][word] * n
//   list:  [fingerprint][meta][entry offset] * size, entry = [key][word] * n_dynamics
//          meta = size | n_dynamics << 32 | stream << 63; streams keep only their header
//   word:  0 for text, empty and components; offset << 2 | 1 for a node, | 2 for a list
constexpr std::uint64_t kNone = ~std::uint64_t{0};
constexpr std::uint64_t kTagNode = 1, kTagList = 2;
constexpr std::uint64_t kStreamBit = std::uint64_t{1} << 63;
constexpr std::uint32_t kMissing = 0xffffffff;

std::uint64_t tag_of(std::uint64_t w) {
  return w & 3;
}
std::uint64_t payload(std::uint64_t w) {
  return w >> 2;
}
std::uint64_t word(std::uint64_t offset, std::uint64_t tag) {
  return offset << 2 | tag;
}

class walker {
 public:
  walker(const Rendered& r, shape_scratch& s, shape_tape& nt, const shape_tape* ot,
         const absl::flat_hash_map<std::int32_t, shape_tape>& held)
      : r_(r), s_(s), nt_(nt), ot_(ot), held_(held) {}

  void tree(std::uint32_t root) {
    const Rendered::node_data& n = r_.node(root);
    const bool same = ot_ != nullptr && !ot_->empty() && (*ot_)[0] == n.statics->fingerprint();
    node(n, same ? 0 : kNone);
  }

  bool stopped() const { return !why_.empty(); }
  const std::string& why() const { return why_; }

 private:
  const shape_tape& old() const { return *ot_; }

  std::uint64_t node(const Rendered::node_data& n, std::uint64_t old_off) {
    const std::uint64_t off = nt_.size();
    const std::size_t count = n.statics->dynamic_count();
    nt_.resize(off + 2 + count);
    nt_[off] = n.statics->fingerprint();
    nt_[off + 1] = count;
    dynamics(n, old_off == kNone ? kNone : old_off + 2, off + 2);
    return off;
  }

  void dynamics(const Rendered::node_data& n, std::uint64_t old_dyns, std::uint64_t new_dyns) {
    const bool full = old_dyns == kNone;
    const std::size_t count = n.statics->dynamic_count();
    for (std::size_t i = 0; i < count && !stopped(); ++i) {
      const Rendered::dynamic& d = r_.dyn(n, i);
      const std::uint64_t ow = full ? kNone : old()[old_dyns + i];
      std::uint64_t nw = 0;
      switch (d.kind) {
        case dynamic_kind::empty:
        case dynamic_kind::text:
          break;
        case dynamic_kind::component: {
          const auto cid = static_cast<std::int32_t>(d.a);
          if (!s_.rendered.contains(cid) && (s_.clear_components || !held_.contains(cid))) {
            why_ = "component " + std::to_string(cid)
                   + " is referenced but neither rendered nor held by the client";
          }
          break;
        }
        case dynamic_kind::unchanged:
          if (full) {
            why_ = "slot " + std::to_string(i)
                   + " is marked unchanged where the client holds nothing (a first render, new "
                     "statics, a new entry or a stream item)";
          } else {
            nw = copy_word(ow);
          }
          break;
        case dynamic_kind::node: {
          const Rendered::node_data& child = r_.node(d.a);
          const bool same =
              !full && tag_of(ow) == kTagNode && old()[payload(ow)] == child.statics->fingerprint();
          nw = word(node(child, same ? payload(ow) : kNone), kTagNode);
          break;
        }
        case dynamic_kind::comprehension:
          nw = word(list(d.a, full ? kNone : ow), kTagList);
          break;
      }
      nt_[new_dyns + i] = nw;
    }
  }

  std::uint64_t entry_of(std::uint64_t list_off, std::uint32_t j) const {
    return old()[list_off + 2 + j];
  }

  std::uint64_t list(std::uint32_t ci, std::uint64_t ow) {
    const Rendered::comprehension_data& c = r_.comprehension(ci);
    const std::uint64_t fp = c.statics->fingerprint();
    const std::uint64_t n_dyn = c.statics->dynamic_count();
    std::uint64_t old_off = kNone;
    if (ow != kNone && tag_of(ow) == kTagList && old()[payload(ow)] == fp) old_off = payload(ow);
    const bool old_stream = old_off != kNone && (old()[old_off + 1] & kStreamBit) != 0;
    if (old_off != kNone && old_stream != c.is_stream) old_off = kNone;

    const std::uint64_t off = nt_.size();
    if (c.is_stream) {
      nt_.push_back(fp);
      nt_.push_back(kStreamBit | n_dyn << 32);
      // Items are new to the server each time; they are walked only for their marks.
      const std::size_t keep = nt_.size();
      for (std::uint32_t e = c.first_entry; e != Rendered::npos && !stopped();
           e = r_.node(e).next_entry) {
        node(r_.node(e), kNone);
        nt_.resize(keep);
      }
      return off;
    }
    nt_.resize(off + 2 + c.size);
    nt_[off] = fp;
    nt_[off + 1] = c.size | n_dyn << 32;
    if (old_off == kNone) {
      std::uint32_t j = 0;
      for (std::uint32_t e = c.first_entry; e != Rendered::npos && !stopped();
           e = r_.node(e).next_entry, ++j) {
        const Rendered::node_data& n = r_.node(e);
        if (n.unchanged) {
          why_ = "entry " + std::to_string(j)
                 + " is marked unchanged in a list the client does not hold";
          break;
        }
        const std::uint64_t entry = push_entry(n.key, n_dyn);
        nt_[off + 2 + j] = entry;
        dynamics(n, kNone, entry + 1);
      }
      return off;
    }

    const auto old_size = static_cast<std::uint32_t>(old()[old_off + 1] & 0xffffffff);
    // One index per nesting level, as the differ keeps them.
    const std::size_t level = depth_++;
    struct leave_level {
      std::size_t& depth;
      ~leave_level() { --depth; }
    } leave{depth_};
    if (s_.index.size() <= level) s_.index.resize(level + 1);
    bool indexed = false;
    std::uint32_t j = 0;
    for (std::uint32_t e = c.first_entry; e != Rendered::npos && !stopped();
         e = r_.node(e).next_entry, ++j) {
      const Rendered::node_data& n = r_.node(e);
      std::uint32_t oi = kMissing;
      if (j < old_size && old()[entry_of(old_off, j)] == n.key) {
        oi = j;
      } else {
        auto& index = s_.index[level];
        if (!indexed) {
          // The differ builds its index here, at the first entry that is not where it was.
          index.clear();
          for (std::uint32_t k = 0; k < old_size; ++k)
            index.try_emplace(old()[entry_of(old_off, k)], k);
          indexed = true;
        }
        auto it = index.find(n.key);
        if (it != index.end()) oi = it->second;
      }
      if (n.unchanged) {
        if (oi == kMissing) {
          why_ = "entry " + std::to_string(j)
                 + " is marked unchanged with a key the client does not hold";
          break;
        }
        nt_[off + 2 + j] = copy_entry(old_off, oi, n_dyn);
        continue;
      }
      const std::uint64_t entry = push_entry(n.key, n_dyn);
      nt_[off + 2 + j] = entry;
      dynamics(n, oi == kMissing ? kNone : entry_of(old_off, oi) + 1, entry + 1);
    }
    return off;
  }

  std::uint64_t push_entry(std::uint64_t key, std::uint64_t n_dyn) {
    const std::uint64_t entry = nt_.size();
    nt_.resize(entry + 1 + n_dyn);
    nt_[entry] = key;
    return entry;
  }

  std::uint64_t copy_word(std::uint64_t w) {
    switch (tag_of(w)) {
      case kTagNode:
        return word(copy_node(payload(w)), kTagNode);
      case kTagList:
        return word(copy_list(payload(w)), kTagList);
      default:
        return w;
    }
  }

  std::uint64_t copy_node(std::uint64_t off) {
    const std::uint64_t count = old()[off + 1];
    const std::uint64_t no = nt_.size();
    nt_.insert(nt_.end(), old().begin() + static_cast<std::ptrdiff_t>(off),
               old().begin() + static_cast<std::ptrdiff_t>(off + 2 + count));
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t w = copy_word(old()[off + 2 + i]);
      nt_[no + 2 + i] = w;
    }
    return no;
  }

  std::uint64_t copy_list(std::uint64_t off) {
    const std::uint64_t meta = old()[off + 1];
    const std::uint64_t no = nt_.size();
    nt_.push_back(old()[off]);
    nt_.push_back(meta);
    if (meta & kStreamBit) return no;
    const auto size = static_cast<std::uint32_t>(meta & 0xffffffff);
    const std::uint64_t n_dyn = (meta >> 32) & 0x7fffffff;
    nt_.resize(no + 2 + size);
    for (std::uint32_t j = 0; j < size; ++j) {
      const std::uint64_t e = copy_entry(off, j, n_dyn);
      nt_[no + 2 + j] = e;
    }
    return no;
  }

  std::uint64_t copy_entry(std::uint64_t list_off, std::uint32_t j, std::uint64_t n_dyn) {
    const std::uint64_t oe = entry_of(list_off, j);
    const std::uint64_t ne = nt_.size();
    nt_.insert(nt_.end(), old().begin() + static_cast<std::ptrdiff_t>(oe),
               old().begin() + static_cast<std::ptrdiff_t>(oe + 1 + n_dyn));
    for (std::uint64_t i = 0; i < n_dyn; ++i) {
      const std::uint64_t w = old()[oe + 1 + i];
      if (tag_of(w) != 0) {
        const std::uint64_t copied = copy_word(w);
        nt_[ne + 1 + i] = copied;
      }
    }
    return ne;
  }

  const Rendered& r_;
  shape_scratch& s_;
  shape_tape& nt_;
  const shape_tape* ot_;
  const absl::flat_hash_map<std::int32_t, shape_tape>& held_;
  std::string why_;
  std::size_t depth_ = 0;
};

}  // namespace

shape_verdict ClientShape::check(const Rendered& r, shape_scratch& s) const {
  shape_verdict v;
  const std::uint64_t root_fp = r.node(0).statics->fingerprint();
  // New root statics replace the client's whole tree, components included.
  s.clear_components = root_.empty() || root_[0] != root_fp;
  s.rendered.clear();
  for (const Rendered::component_data& c : r.components()) s.rendered.insert(c.cid);

  auto finish = [&v](const walker& w, std::string_view where) {
    if (!w.why().empty()) {
      v.verdict = shape_verdict::kind::refuse;
      v.why = std::string(where) + ": " + w.why();
      return false;
    }
    return true;
  };

  s.root.clear();
  s.root.reserve(root_.size());  // grown to its size once, not by doubling (see trim)
  {
    walker w(r, s, s.root, &root_, components_);
    w.tree(0);
    if (!finish(w, "the root tree")) return v;
  }
  s.component_count = 0;
  for (const Rendered::component_data& c : r.components()) {
    if (s.components.size() <= s.component_count) s.components.emplace_back();
    auto& [cid, tape] = s.components[s.component_count++];
    cid = c.cid;
    tape.clear();
    const shape_tape* old = nullptr;
    if (!s.clear_components) {
      auto it = components_.find(c.cid);
      if (it != components_.end()) old = &it->second;
    }
    if (old != nullptr) tape.reserve(old->size());
    walker w(r, s, tape, old, components_);
    w.tree(c.node);
    if (!finish(w, "component " + std::to_string(c.cid))) return v;
  }
  return v;
}

namespace {
// A client's shape lives as long as the client: growth by doubling must not leave it twice
// the size it needs.
void trim(shape_tape& t) {
  if (t.capacity() > t.size() + t.size() / 4 + 64) t.shrink_to_fit();
}
}  // namespace

void ClientShape::commit(shape_scratch& s) {
  root_.swap(s.root);
  trim(root_);
  if (s.clear_components) components_.clear();
  for (std::size_t i = 0; i < s.component_count; ++i) {
    auto& [cid, tape] = s.components[i];
    shape_tape& held = components_[cid];
    held.swap(tape);
    trim(held);
  }
  s.component_count = 0;
}

void ClientShape::clear() {
  root_.clear();
  components_.clear();
}

bool ClientShape::forget(std::int32_t cid) {
  return components_.erase(cid) > 0;
}

std::size_t ClientShape::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + root_.capacity() * sizeof(std::uint64_t);
  for (const auto& [cid, t] : components_)
    bytes += sizeof(cid) + sizeof(t) + t.capacity() * sizeof(std::uint64_t);
  return bytes;
}

}  // namespace livediff::c_abi
