#include "livediff/core/diff.h"

#include <charconv>
#include <cstring>

#include "livediff/core/json.h"

#include "json_buffer.h"

namespace livediff {
namespace {

// The state is a "tape" of 64-bit words, one per tree:
//   node:          [fingerprint][n][dynamic word] * n
//   comprehension: [fingerprint][meta][entry offsets, two u32 per word][entries]
//                  meta = size | n_dynamics << 32 | stream << 63; entry = [key][dynamic word] * n
//   dynamic word:  low two bits are a tag; text keeps a 62-bit content hash, node and
//                  comprehension the offset of their subtree, component its cid.
// Streams keep only their header: the server never holds stream items.
using tape = std::vector<std::uint64_t>;
constexpr std::uint64_t kTagText = 0, kTagNode = 1, kTagComprehension = 2, kTagComponent = 3;
constexpr std::uint64_t kNone = ~std::uint64_t{0};
constexpr std::uint64_t kStreamBit = std::uint64_t{1} << 63;

std::uint64_t tag_of(std::uint64_t w) {
  return w & 3;
}
std::uint64_t payload(std::uint64_t w) {
  return w >> 2;
}
std::uint64_t make_word(std::uint64_t payload, std::uint64_t tag) {
  return payload << 2 | tag;
}
std::uint64_t text_word(std::uint64_t hash) {
  return (hash & ~std::uint64_t{3}) | kTagText;
}

std::uint64_t entry_offset(const tape& t, std::uint64_t comp, std::uint32_t j) {
  std::uint64_t w = t[comp + 2 + j / 2];
  return (j & 1) ? (w >> 32) : (w & 0xffffffff);
}

void set_entry_offset(tape& t, std::uint64_t comp, std::uint32_t j, std::uint64_t off) {
  std::uint64_t& w = t[comp + 2 + j / 2];
  if (j & 1) {
    w = (w & 0xffffffff) | (off << 32);
  } else {
    w = (w & ~std::uint64_t{0xffffffff}) | off;
  }
}

// Open addressing from entry-key hash to old index, cleared without freeing so that a diff of a
// large list does not allocate once warm.
class key_index {
 public:
  void reset(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (slots_.size() < cap) slots_.resize(cap);
    mask_ = cap - 1;
    std::fill_n(slots_.begin(), cap, slot{0, kEmpty});
  }
  void insert_first(std::uint64_t key, std::uint32_t index) {
    for (std::size_t i = mix(key);; i = (i + 1) & mask_) {
      if (slots_[i].index == kEmpty) {
        slots_[i] = {key, index};
        return;
      }
      if (slots_[i].key == key) return;  // duplicate key: the first old entry wins
    }
  }
  std::uint32_t find(std::uint64_t key) const {
    for (std::size_t i = mix(key);; i = (i + 1) & mask_) {
      if (slots_[i].index == kEmpty) return kEmpty;
      if (slots_[i].key == key) return slots_[i].index;
    }
  }
  static constexpr std::uint32_t kEmpty = 0xffffffff;

 private:
  struct slot {
    std::uint64_t key;
    std::uint32_t index;
  };
  std::size_t mix(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> 17) & mask_;
  }
  std::vector<slot> slots_;
  std::size_t mask_ = 0;
};

}  // namespace

struct detail::diff_scratch {
  json_buffer out;
  tape next;
  tape component_next;
  std::vector<const Statics*> templates;
  absl::flat_hash_map<std::uint64_t, std::uint32_t> template_index;
  // One per nesting level of keyed lists: a list inside an entry indexes its own old keys while
  // the list around it still needs its index.
  std::vector<key_index> keys;
  std::uint64_t empty_hash = text_word(detail::hash_bytes(std::string_view()));
};

namespace {

// One diff of one tree (the root, or one component) into `out`.
class encoder {
 public:
  encoder(const Rendered& r, detail::diff_scratch& s, tape& nt, const tape* ot)
      : r_(r), s_(s), out_(s.out), nt_(nt), ot_(ot) {}

  // Writes the members of a tree's top object; returns whether any was written.
  bool tree(std::uint32_t root, bool component) {
    const Rendered::node_data& n = r_.node(root);
    bool same = ot_ != nullptr && !ot_->empty() && (*ot_)[0] == n.statics->fingerprint();
    std::uint64_t off = push_node_header(n);
    if (same) {
      return dynamics(n, 2, off + 2, false);
    }
    dynamics(n, kNone, off + 2, true);
    if (component) {
      // A number in a component's own "s" names another component to share statics with, so
      // a component's root statics always go inline.
      member("s");
      out_.append(n.statics->json());
      out_.append(",\"r\":1");
    } else {
      statics_member(*n.statics, false);
    }
    return true;
  }

  // `"p":{...}` for the statics this tree introduced, then forgets them.
  void templates() {
    if (s_.templates.empty()) return;
    member("p");
    out_ += '{';
    for (std::size_t i = 0; i < s_.templates.size(); ++i) {
      member(static_cast<std::uint32_t>(i));
      out_.append(s_.templates[i]->json());
    }
    out_ += '}';
    s_.templates.clear();
    s_.template_index.clear();
  }

  // `,"i":` in one append: entry and dynamic keys are most of a large diff's members.
  void member(std::uint32_t i) {
    char buf[16];
    char* p = buf;
    const char c = out_.back();
    if (c != '{' && c != '[') *p++ = ',';
    *p++ = '"';
    p = std::to_chars(p, buf + sizeof buf, i).ptr;
    *p++ = '"';
    *p++ = ':';
    out_.append(buf, p);
  }
  void member(std::string_view name) {
    separator();
    out_ += '"';
    out_.append(name);
    out_ += "\":";
  }
  void number(std::int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }

 private:
  void separator() {
    char c = out_.back();
    if (c != '{' && c != '[') out_ += ',';
  }

  const tape& old() const { return *ot_; }

  std::uint64_t push_node_header(const Rendered::node_data& n) {
    std::uint64_t off = nt_.size();
    std::size_t count = n.statics->dynamic_count();
    nt_.resize(off + 2 + count);
    nt_[off] = n.statics->fingerprint();
    nt_[off + 1] = count;
    return off;
  }

  void statics_member(const Statics& statics, bool root_flag) {
    member("s");
    number(template_for(statics));
    if (root_flag) out_.append(",\"r\":1");
  }

  std::uint32_t template_for(const Statics& statics) {
    auto [it, inserted] = s_.template_index.try_emplace(
        statics.fingerprint(), static_cast<std::uint32_t>(s_.templates.size()));
    if (inserted) s_.templates.push_back(&statics);
    return it->second;
  }

  // Writes the dynamics of `n` whose words differ from the old ones at `old_dyns` (all of them
  // when `full`), and their words at `new_dyns`. Returns whether anything was written.
  bool dynamics(const Rendered::node_data& n, std::uint64_t old_dyns, std::uint64_t new_dyns,
                bool full) {
    bool wrote = false;
    const std::size_t count = n.statics->dynamic_count();
    for (std::size_t i = 0; i < count; ++i) {
      const Rendered::dynamic& d = r_.dyn(n, i);
      const std::uint64_t ow = full ? kNone : old()[old_dyns + i];
      const auto key = static_cast<std::uint32_t>(i);
      std::uint64_t nw = 0;
      switch (d.kind) {
        case dynamic_kind::empty:
        case dynamic_kind::text: {
          nw = d.kind == dynamic_kind::text ? text_word(d.hash) : s_.empty_hash;
          if (nw != ow) {
            member(key);
            append_json_string(out_, d.kind == dynamic_kind::text ? r_.text(d) : "");
            wrote = true;
          }
          break;
        }
        case dynamic_kind::unchanged:
          LIVEDIFF_ASSERT(!full);  // nothing to keep on a first render
          nw = copy_word(ow);
          break;
        case dynamic_kind::component:
          nw = make_word(d.a, kTagComponent);
          if (nw != ow) {
            member(key);
            number(d.a);
            wrote = true;
          }
          break;
        case dynamic_kind::node: {
          const Rendered::node_data& child = r_.node(d.a);
          std::size_t mark = out_.size();
          member(key);
          out_ += '{';
          std::uint64_t off = push_node_header(child);
          bool same =
              !full && tag_of(ow) == kTagNode && old()[payload(ow)] == child.statics->fingerprint();
          bool changed = true;
          if (same) {
            changed = dynamics(child, payload(ow) + 2, off + 2, false);
          } else {
            dynamics(child, kNone, off + 2, true);
            statics_member(*child.statics, child.statics->single_root());
          }
          if (changed) {
            out_ += '}';
            wrote = true;
          } else {
            out_.resize(mark);
          }
          nw = make_word(off, kTagNode);
          break;
        }
        case dynamic_kind::comprehension: {
          std::size_t mark = out_.size();
          member(key);
          out_ += '{';
          std::uint64_t off = kNone;
          bool changed = comprehension(d.a, full ? kNone : ow, off);
          if (changed) {
            out_ += '}';
            wrote = true;
          } else {
            out_.resize(mark);
          }
          nw = make_word(off, kTagComprehension);
          break;
        }
      }
      nt_[new_dyns + i] = nw;
    }
    return wrote;
  }

  // Writes the members of a comprehension object; `ow` is the old dynamic word (kNone if none).
  bool comprehension(std::uint32_t ci, std::uint64_t ow, std::uint64_t& off) {
    const Rendered::comprehension_data& c = r_.comprehension(ci);
    const std::uint64_t fp = c.statics->fingerprint();
    const std::uint64_t n_dyn = c.statics->dynamic_count();
    std::uint64_t old_off = kNone;
    if (ow != kNone && tag_of(ow) == kTagComprehension && old()[payload(ow)] == fp) {
      old_off = payload(ow);
    }
    const bool old_stream = old_off != kNone && (old()[old_off + 1] & kStreamBit) != 0;
    if (old_off != kNone && old_stream != c.is_stream) old_off = kNone;

    off = nt_.size();
    if (c.is_stream) {
      nt_.push_back(fp);
      nt_.push_back(kStreamBit | n_dyn << 32);
      return stream(c, n_dyn, old_off == kNone);
    }
    nt_.resize(off + 2 + (c.size + 1) / 2);
    nt_[off] = fp;
    nt_[off + 1] = c.size | n_dyn << 32;

    if (old_off == kNone) {
      out_.append("\"k\":{");
      std::uint32_t j = 0;
      for (std::uint32_t e = c.first_entry; e != Rendered::npos; e = r_.node(e).next_entry, ++j) {
        // An unchanged entry needs a client that has it.
        LIVEDIFF_ASSERT(!r_.node(e).unchanged);
        std::uint64_t entry = push_entry(r_.node(e), n_dyn);
        set_entry_offset(nt_, off, j, entry);
        member(j);
        out_ += '{';
        dynamics(r_.node(e), kNone, entry + 1, true);
        out_ += '}';
      }
      member("kc");
      number(c.size);
      out_ += '}';
      statics_member(*c.statics, false);
      return true;
    }

    const auto old_size = static_cast<std::uint32_t>(old()[old_off + 1] & 0xffffffff);
    const std::size_t level = keyed_depth_++;
    struct leave_level {
      std::size_t& depth;
      ~leave_level() { --depth; }
    } leave{keyed_depth_};
    if (s_.keys.size() <= level) s_.keys.resize(level + 1);
    bool indexed = false;
    bool moved = false;
    bool changed = c.size != old_size;
    out_.append("\"k\":{");
    std::uint32_t j = 0;
    for (std::uint32_t e = c.first_entry; e != Rendered::npos; e = r_.node(e).next_entry, ++j) {
      const Rendered::node_data& n = r_.node(e);
      std::uint32_t oi = key_index::kEmpty;
      if (j < old_size && old()[entry_offset(old(), old_off, j)] == n.key) {
        oi = j;
      } else {
        if (!indexed) {
          s_.keys[level].reset(old_size);
          for (std::uint32_t k = 0; k < old_size; ++k) {
            s_.keys[level].insert_first(old()[entry_offset(old(), old_off, k)], k);
          }
          indexed = true;
        }
        oi = s_.keys[level].find(n.key);
      }
      if (n.unchanged) {
        LIVEDIFF_ASSERT(oi != key_index::kEmpty);  // the client never had this key
        set_entry_offset(nt_, off, j, copy_entry(old_off, oi, n_dyn));
        if (oi != j) {
          member(j);
          number(oi);
          moved = changed = true;
        }
        continue;
      }
      std::uint64_t entry = push_entry(n, n_dyn);
      set_entry_offset(nt_, off, j, entry);
      std::size_t mark = out_.size();
      member(j);
      if (oi == key_index::kEmpty) {
        out_ += '{';
        dynamics(n, kNone, entry + 1, true);
        out_ += '}';
        changed = true;
      } else if (oi == j) {
        out_ += '{';
        if (dynamics(n, entry_offset(old(), old_off, oi) + 1, entry + 1, false)) {
          out_ += '}';
          changed = true;
        } else {
          out_.resize(mark);
        }
      } else {
        moved = changed = true;
        std::size_t value = out_.size();
        out_ += '[';
        number(oi);
        out_.append(",{");
        if (dynamics(n, entry_offset(old(), old_off, oi) + 1, entry + 1, false)) {
          out_.append("}]");
        } else {
          out_.resize(value);
          number(oi);
        }
      }
    }
    member("kc");
    number(c.size);
    if (moved) out_.append(",\"km\":true");
    out_ += '}';
    return changed;
  }

  std::uint64_t push_entry(const Rendered::node_data& n, std::uint64_t n_dyn) {
    std::uint64_t entry = nt_.size();
    nt_.resize(entry + 1 + n_dyn);
    nt_[entry] = n.key;
    return entry;
  }

  // Stream items are written and then dropped from the tape: the client owns them now.
  bool stream(const Rendered::comprehension_data& c, std::uint64_t n_dyn, bool full) {
    if (!full && c.size == 0 && c.first_op == Rendered::npos && !c.stream_reset) return false;
    const std::size_t keep = nt_.size();
    out_.append("\"k\":{");
    std::uint32_t j = 0;
    for (std::uint32_t e = c.first_entry; e != Rendered::npos; e = r_.node(e).next_entry, ++j) {
      std::uint64_t entry = push_entry(r_.node(e), n_dyn);
      member(j);
      out_ += '{';
      dynamics(r_.node(e), kNone, entry + 1, true);
      out_ += '}';
      nt_.resize(keep);
    }
    member("kc");
    number(c.size);
    out_.append("},\"stream\":[");
    append_json_string(out_, r_.text(c.ref_offset, c.ref_length));
    out_.append(",[");
    bool first = true;
    for (std::uint32_t o = c.first_op; o != Rendered::npos; o = r_.op(o).next) {
      const Rendered::stream_op& op = r_.op(o);
      if (op.op != Rendered::stream_op::kind::insert) continue;
      if (!first) out_ += ',';
      first = false;
      out_ += '[';
      append_json_string(out_, r_.text(op.id_offset, op.id_length));
      out_ += ',';
      number(op.at);
      out_ += ',';
      if (op.has_limit) {
        number(op.limit);
      } else {
        out_.append("null");
      }
      out_.append(op.update_only ? ",true]" : ",false]");
    }
    out_.append("],[");
    first = true;
    for (std::uint32_t o = c.first_op; o != Rendered::npos; o = r_.op(o).next) {
      const Rendered::stream_op& op = r_.op(o);
      if (op.op != Rendered::stream_op::kind::remove) continue;
      if (!first) out_ += ',';
      first = false;
      append_json_string(out_, r_.text(op.id_offset, op.id_length));
    }
    // The client resets on any fourth element, even false, so it is present only for a reset.
    out_.append(c.stream_reset ? "],true]" : "]]");
    if (full) statics_member(*c.statics, false);
    return true;
  }

  // Copies an unchanged subtree from the old tape, relocating its offsets.
  std::uint64_t copy_word(std::uint64_t w) {
    switch (tag_of(w)) {
      case kTagNode:
        return make_word(copy_node(payload(w)), kTagNode);
      case kTagComprehension:
        return make_word(copy_comprehension(payload(w)), kTagComprehension);
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
      std::uint64_t w = copy_word(old()[off + 2 + i]);
      nt_[no + 2 + i] = w;
    }
    return no;
  }

  std::uint64_t copy_comprehension(std::uint64_t off) {
    const std::uint64_t meta = old()[off + 1];
    const std::uint64_t no = nt_.size();
    nt_.push_back(old()[off]);
    nt_.push_back(meta);
    if (meta & kStreamBit) return no;
    const auto size = static_cast<std::uint32_t>(meta & 0xffffffff);
    const std::uint64_t n_dyn = (meta >> 32) & 0x7fffffff;
    nt_.resize(no + 2 + (size + 1) / 2);
    for (std::uint32_t j = 0; j < size; ++j)
      set_entry_offset(nt_, no, j, copy_entry(off, j, n_dyn));
    return no;
  }

  std::uint64_t copy_entry(std::uint64_t comp, std::uint32_t j, std::uint64_t n_dyn) {
    const std::uint64_t oe = entry_offset(old(), comp, j);
    const std::uint64_t ne = nt_.size();
    nt_.insert(nt_.end(), old().begin() + static_cast<std::ptrdiff_t>(oe),
               old().begin() + static_cast<std::ptrdiff_t>(oe + 1 + n_dyn));
    for (std::uint64_t i = 0; i < n_dyn; ++i) {
      const std::uint64_t w = old()[oe + 1 + i];
      if (tag_of(w) == kTagNode || tag_of(w) == kTagComprehension) nt_[ne + 1 + i] = copy_word(w);
    }
    return ne;
  }

  const Rendered& r_;
  detail::diff_scratch& s_;
  std::size_t keyed_depth_ = 0;
  detail::json_buffer& out_;
  tape& nt_;
  const tape* ot_;
};

// A state lives as long as its client; growth by doubling must not leave it twice the size it
// needs. Shrinking allocates, so it happens only when the render shrank or grew a lot.
void trim(tape& t) {
  if (t.capacity() > t.size() + t.size() / 4 + 64) t.shrink_to_fit();
}

}  // namespace

void DiffState::clear() {
  root_.clear();
  components_.clear();
}

bool DiffState::forget_component(std::int32_t cid) {
  return components_.erase(cid) > 0;
}

std::size_t DiffState::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + root_.capacity() * sizeof(std::uint64_t);
  bytes += components_.capacity() * (sizeof(std::int32_t) + sizeof(tape) + 1);
  for (const auto& [cid, t] : components_) bytes += t.capacity() * sizeof(std::uint64_t);
  return bytes;
}

Differ::Differ() : s_(std::make_unique<detail::diff_scratch>()) {}
Differ::~Differ() = default;
Differ::Differ(Differ&&) noexcept = default;
Differ& Differ::operator=(Differ&&) noexcept = default;

std::string_view Differ::diff(const Rendered& next, DiffState& state,
                              std::string_view extra_members) {
  LIVEDIFF_ASSERT(next.has_root());
  detail::diff_scratch& s = *s_;
  s.out.clear();
  s.out += '{';
  s.next.clear();
  s.next.reserve(state.root_.size());
  // New root statics replace the client's whole tree, components included (rendered.js starts
  // a fresh object and only then merges "c"), so every component must be sent again.
  const std::uint64_t root_fp = next.node(0).statics->fingerprint();
  if (state.root_.empty() || state.root_[0] != root_fp) state.components_.clear();
  {
    encoder root(next, s, s.next, &state.root_);
    root.tree(0, false);
    root.templates();
  }
  state.root_.swap(s.next);
  trim(state.root_);

  if (!next.components().empty()) {
    std::size_t mark = s.out.size();
    bool any = false;
    encoder top(next, s, s.next, nullptr);
    top.member("c");
    s.out += '{';
    for (const Rendered::component_data& c : next.components()) {
      std::size_t component_mark = s.out.size();
      tape& old = state.components_[c.cid];
      s.component_next.clear();
      s.component_next.reserve(old.size());
      encoder enc(next, s, s.component_next, &old);
      enc.member(static_cast<std::uint32_t>(c.cid));
      s.out += '{';
      if (enc.tree(c.node, true)) {
        enc.templates();
        s.out += '}';
        any = true;
      } else {
        s.out.resize(component_mark);
      }
      old.swap(s.component_next);
      trim(old);
    }
    if (any) {
      s.out += '}';
    } else {
      s.out.resize(mark);
    }
  }
  if (!extra_members.empty()) {
    if (s.out.size() > 1) s.out += ',';
    s.out.append(extra_members);
  }
  s.out += '}';
  return s.out.view();
}

std::string_view Differ::full(const Rendered& next) {
  DiffState fresh;
  return diff(next, fresh);
}

}  // namespace livediff
