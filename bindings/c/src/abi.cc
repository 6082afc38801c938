// The checks shared by every entry point: errors, arguments, UTF-8, packed values, handles.
#include "abi.h"

#include <cstring>

namespace livediff::c_abi {
namespace {

// Fixed storage: recording an error must not allocate (it may report an allocation failure).
constexpr std::size_t kMessageCapacity = 512;
thread_local char last_error[kMessageCapacity] = "";

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes at a time: most text of most pages.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((p[k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (p[k] & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff
        || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    p += n + 1;
  }
  return true;
}

}  // namespace

void fail(livediff_status status, std::string message) {
  throw abi_error{status, std::move(message)};
}

void set_last_error(std::string_view message) noexcept {
  const std::size_t n = std::min(message.size(), kMessageCapacity - 1);
  std::memcpy(last_error, message.data(), n);
  last_error[n] = '\0';
}

void require_out(const void* out, const char* what) {
  if (out == nullptr) fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + " is NULL");
}

std::string_view bytes(const char* data, std::size_t size, const char* what) {
  if (data == nullptr && size != 0) {
    fail(LIVEDIFF_INVALID_ARGUMENT,
         std::string(what) + " is NULL with a size of " + std::to_string(size));
  }
  return data == nullptr ? std::string_view() : std::string_view(data, size);
}

std::string_view utf8(const char* data, std::size_t size, const char* what) {
  std::string_view s = bytes(data, size, what);
  if (!is_utf8(s)) fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + " is not UTF-8");
  return s;
}

std::string_view attr_name(const char* data, std::size_t size) {
  std::string_view name = utf8(data, size, "the attribute name");
  if (name.empty()) fail(LIVEDIFF_INVALID_ARGUMENT, "the attribute name is empty");
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '>' || c == '/' || c == '='
        || c == '<') {
      fail(LIVEDIFF_INVALID_ARGUMENT,
           "the attribute name has a character no attribute name may have");
    }
  }
  return name;
}

packed_reader::packed_reader(std::string_view packed, std::size_t count, const char* what)
    : rest_(packed) {
  // Checked whole before any value is used, so that a call fails before it changes anything.
  std::size_t separators = 0;
  for (const char *p = packed.data(), *end = p + packed.size();
       (p = static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p))))
       != nullptr;
       ++p) {
    ++separators;
  }
  const std::size_t expected = count == 0 ? 0 : count - 1;
  if (separators != expected || (count == 0 && !packed.empty())) {
    fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + ": " + std::to_string(count)
                                        + " values need " + std::to_string(expected)
                                        + " NUL separators, found " + std::to_string(separators));
  }
  if (!is_utf8(packed)) fail(LIVEDIFF_INVALID_ARGUMENT, std::string(what) + " are not UTF-8");
}

std::string_view packed_reader::next() {
  const std::size_t nul = rest_.find('\0');
  std::string_view value = rest_.substr(0, nul);
  rest_ = nul == std::string_view::npos ? std::string_view() : rest_.substr(nul + 1);
  return value;
}

std::uint32_t node_index(const livediff_rendered& tree, livediff_node handle) {
  const auto generation = static_cast<std::uint32_t>(handle >> 32);
  if (handle == 0 || (handle & kListBit) != 0) {
    fail(LIVEDIFF_INVALID_ARGUMENT, "not a node handle");
  }
  if (generation != tree.generation) {
    fail(LIVEDIFF_FAILED_PRECONDITION, "the node handle is of another render or another tree");
  }
  const auto index = static_cast<std::uint32_t>(handle & kIndexMask);
  if (index >= tree.nodes.size()) {
    fail(LIVEDIFF_INVALID_ARGUMENT, "the node handle is of another tree");
  }
  return index;
}

std::uint32_t list_index(const livediff_rendered& tree, livediff_list handle) {
  const auto generation = static_cast<std::uint32_t>(handle >> 32);
  if (handle == 0 || (handle & kListBit) == 0) {
    fail(LIVEDIFF_INVALID_ARGUMENT, "not a list handle");
  }
  if (generation != tree.generation) {
    fail(LIVEDIFF_FAILED_PRECONDITION, "the list handle is of another render or another tree");
  }
  const auto index = static_cast<std::uint32_t>(handle & kIndexMask);
  if (index >= tree.lists.size()) {
    fail(LIVEDIFF_INVALID_ARGUMENT, "the list handle is of another tree");
  }
  return index;
}

livediff_node node_handle(const livediff_rendered& tree, std::uint32_t index) {
  return std::uint64_t{tree.generation} << 32 | index;
}

livediff_list list_handle(const livediff_rendered& tree, std::uint32_t index) {
  return std::uint64_t{tree.generation} << 32 | kListBit | index;
}

void check_slot(const livediff_rendered& tree, std::uint32_t index, std::uint32_t slot) {
  if (tree.nodes[index].unchanged) {
    fail(LIVEDIFF_FAILED_PRECONDITION, "an unchanged entry has no dynamics to set");
  }
  const std::size_t count = tree.tree.node(index).statics->dynamic_count();
  if (slot >= count) {
    fail(LIVEDIFF_OUT_OF_RANGE, "slot " + std::to_string(slot) + " of statics with "
                                    + std::to_string(count) + " dynamics");
  }
}

void spend_bytes(livediff_rendered& tree, std::uint64_t n) {
  if (n > LIVEDIFF_MAX_RENDER_BYTES || tree.bytes + n > LIVEDIFF_MAX_RENDER_BYTES) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "the render's text is over LIVEDIFF_MAX_RENDER_BYTES");
  }
  tree.bytes += n;
}

const Statics& keep(livediff_rendered& tree, const livediff_statics& statics) {
  // Renders reuse a few statics many times (every row of a table): keep each run once.
  if (tree.last_kept != statics.statics.get()) {
    tree.kept.push_back(statics.statics);
    tree.last_kept = statics.statics.get();
  }
  return *statics.statics;
}

void check_growth(const livediff_rendered& tree, std::uint64_t nodes, std::uint64_t dynamics) {
  if (nodes > LIVEDIFF_MAX_NODES || tree.nodes.size() + nodes > LIVEDIFF_MAX_NODES) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "the render has more than LIVEDIFF_MAX_NODES nodes");
  }
  if (dynamics > LIVEDIFF_MAX_DYNAMICS || tree.dynamics + dynamics > LIVEDIFF_MAX_DYNAMICS) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "the render has more than LIVEDIFF_MAX_DYNAMICS dynamics");
  }
}

livediff_node add_node(livediff_rendered& tree, NodeRef ref, std::uint16_t depth,
                       std::int32_t owner) {
  if (ref.index() != tree.nodes.size()) fail(LIVEDIFF_INTERNAL, "node indexes out of step");
  tree.node_refs.push_back(ref);
  tree.nodes.push_back({depth, false, owner});
  tree.dynamics += tree.tree.node(ref.index()).statics->dynamic_count();
  return node_handle(tree, ref.index());
}

void add_unchanged_node(livediff_rendered& tree, std::uint16_t depth, std::int32_t owner) {
  if (tree.tree.node_count() != tree.nodes.size() + 1) {
    fail(LIVEDIFF_INTERNAL, "node indexes out of step");
  }
  // Never handed out: an unchanged entry has no dynamics. The root's handle holds the place.
  tree.node_refs.push_back(tree.node_refs.front());
  tree.nodes.push_back({depth, true, owner});
  tree.has_unchanged = true;
}

livediff_list add_list(livediff_rendered& tree, ComprehensionRef ref, std::uint16_t depth,
                       std::int32_t owner) {
  if (ref.index() != tree.lists.size()) fail(LIVEDIFF_INTERNAL, "list indexes out of step");
  tree.list_refs.push_back(ref);
  tree.lists.push_back({depth, owner});
  return list_handle(tree, ref.index());
}

std::uint64_t fields_budget(const livediff_fields& fields, std::uint64_t bytes,
                            std::uint64_t rows) {
  // Escaping at most sextuples a byte (' becomes &#39;, " becomes &quot;); attributes add
  // ` name=""` per value.
  return bytes * 6 + rows * fields.fields.size() * (fields.name_bytes + 4);
}

void set_fields(livediff_rendered& tree, std::uint32_t index, const livediff_fields& fields,
                packed_reader& values) {
  NodeRef& node = tree.node_refs[index];
  for (const livediff_fields::field& f : fields.fields) {
    const std::string_view value = values.next();
    switch (f.kind) {
      case LIVEDIFF_FIELD_TEXT:
        node.text(f.slot, value);
        break;
      case LIVEDIFF_FIELD_HTML:
        node.html(f.slot, value);
        break;
      case LIVEDIFF_FIELD_ATTR:
        node.attr(f.slot, f.name, value);
        break;
    }
  }
}

namespace {

struct nesting_walk {
  const livediff_rendered& tree;
  absl::flat_hash_map<std::int32_t, std::vector<const component_ref*>> refs_of;
  absl::flat_hash_map<std::int32_t, std::uint32_t> below;  // deepest chain under a component
  absl::flat_hash_set<std::int32_t> open;

  // How deep the chains under `owner` go; `depth` is where `owner` itself starts.
  std::uint32_t visit(std::int32_t owner, std::uint32_t depth) {
    std::uint32_t deepest = 0;
    auto it = refs_of.find(owner);
    if (it == refs_of.end()) return 0;
    open.insert(owner);
    for (const component_ref* ref : it->second) {
      if (!tree.components.contains(ref->cid)) continue;  // held by the client, or an error
      if (open.contains(ref->cid)) {
        fail(LIVEDIFF_FAILED_PRECONDITION,
             "component " + std::to_string(ref->cid) + " contains itself");
      }
      const std::uint32_t at = ref->depth + 1u;
      std::uint32_t under;
      if (auto m = below.find(ref->cid); m != below.end()) {
        under = m->second;
      } else {
        if (depth + at > LIVEDIFF_MAX_DEPTH) {
          fail(LIVEDIFF_RESOURCE_EXHAUSTED, "components nested deeper than LIVEDIFF_MAX_DEPTH");
        }
        under = visit(ref->cid, depth + at);
        below[ref->cid] = under;
      }
      deepest = std::max(deepest, at + under);
      if (depth + deepest > LIVEDIFF_MAX_DEPTH) {
        fail(LIVEDIFF_RESOURCE_EXHAUSTED, "components nested deeper than LIVEDIFF_MAX_DEPTH");
      }
    }
    open.erase(owner);
    return deepest;
  }
};

}  // namespace

bool current(const livediff_rendered& tree, const component_ref& ref) {
  const Rendered::dynamic& d = tree.tree.dyn(tree.tree.node(ref.node), ref.slot);
  return d.kind == dynamic_kind::component && static_cast<std::int32_t>(d.a) == ref.cid;
}

void check_component_nesting(const livediff_rendered& tree) {
  if (tree.component_refs.empty() || tree.components.empty()) return;
  nesting_walk walk{tree, {}, {}, {}};
  for (const component_ref& ref : tree.component_refs) {
    if (current(tree, ref)) walk.refs_of[ref.owner].push_back(&ref);
  }
  walk.visit(0, 0);
  // Components no render path reaches can still form cycles among themselves.
  for (std::int32_t cid : tree.components) {
    if (!walk.below.contains(cid)) walk.below[cid] = walk.visit(cid, 0);
  }
}

}  // namespace livediff::c_abi

extern "C" {

LIVEDIFF_API uint32_t livediff_abi_version(void) {
  return LIVEDIFF_ABI_VERSION;
}

LIVEDIFF_API const char* livediff_version(void) {
  return LIVEDIFF_C_VERSION;
}

LIVEDIFF_API const char* livediff_last_error(void) {
  return livediff::c_abi::last_error;
}

LIVEDIFF_API const char* livediff_status_name(livediff_status status) {
  switch (status) {
    case LIVEDIFF_OK:
      return "LIVEDIFF_OK";
    case LIVEDIFF_INVALID_ARGUMENT:
      return "LIVEDIFF_INVALID_ARGUMENT";
    case LIVEDIFF_OUT_OF_RANGE:
      return "LIVEDIFF_OUT_OF_RANGE";
    case LIVEDIFF_FAILED_PRECONDITION:
      return "LIVEDIFF_FAILED_PRECONDITION";
    case LIVEDIFF_RESOURCE_EXHAUSTED:
      return "LIVEDIFF_RESOURCE_EXHAUSTED";
    case LIVEDIFF_INTERNAL:
      return "LIVEDIFF_INTERNAL";
  }
  return "?";
}

}  // extern "C"
