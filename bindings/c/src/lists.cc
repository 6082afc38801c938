// Lists: keyed and positional entries one by one or many per call, and stream operations.
#include "abi.h"

using livediff::c_abi::build_scope;
using livediff::c_abi::fail;
using livediff::c_abi::guard;
using livediff::c_abi::object;
using livediff::c_abi::tag;

namespace {

livediff_rendered& tree_arg(livediff_rendered* tree) {
  return object(tree, tag::rendered, "tree");
}

// A list of the current render, with where its entries sit.
struct list_at {
  std::uint32_t index;
  std::uint16_t entry_depth;
  std::int32_t owner;
};

list_at list_of(const livediff_rendered& t, livediff_list list) {
  const std::uint32_t index = livediff::c_abi::list_index(t, list);
  const livediff::c_abi::list_info& info = t.lists[index];
  const auto depth = static_cast<std::uint16_t>(info.depth + 1);
  if (depth > LIVEDIFF_MAX_DEPTH) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "entries nested deeper than LIVEDIFF_MAX_DEPTH");
  }
  return {index, depth, info.owner};
}

const livediff::Rendered::comprehension_data& data(const livediff_rendered& t, std::uint32_t i) {
  return t.tree.comprehension(i);
}

void require_keyed(const livediff_rendered& t, std::uint32_t list) {
  if (data(t, list).is_stream) {
    fail(LIVEDIFF_FAILED_PRECONDITION, "the list is a stream: add items with stream_insert");
  }
}

void require_stream(const livediff_rendered& t, std::uint32_t list) {
  if (!data(t, list).is_stream) {
    fail(LIVEDIFF_FAILED_PRECONDITION, "the list is not a stream (livediff_list_set_stream)");
  }
}

// The client places an item at -1 (the end), 0 (the start) or before the k-th one; it drops an
// item inserted anywhere else.
void check_insert(int32_t at, uint32_t flags) {
  if (at < -1) fail(LIVEDIFF_OUT_OF_RANGE, "a stream insert's at is -1, 0 or a position");
  if (flags & ~(LIVEDIFF_INSERT_LIMIT | LIVEDIFF_INSERT_UPDATE_ONLY)) {
    fail(LIVEDIFF_INVALID_ARGUMENT, "unknown insert flags");
  }
}

std::size_t entry_dynamics(const livediff_rendered& t, std::uint32_t list) {
  return data(t, list).statics->dynamic_count();
}

// The checks every array call makes before it adds anything.
void check_rows(const livediff_rendered& t, std::uint32_t list, const livediff_fields& f,
                std::size_t count) {
  const std::size_t n_dyn = entry_dynamics(t, list);
  if (!f.fields.empty() && f.max_slot >= n_dyn) {
    fail(LIVEDIFF_OUT_OF_RANGE, "field slot " + std::to_string(f.max_slot) + " of statics with "
                                    + std::to_string(n_dyn) + " dynamics");
  }
  livediff::c_abi::check_growth(t, count, std::uint64_t{count} * n_dyn);
}

enum class key_kind { position, integer, string };

// Adds `count` entries keyed as given; `str_keys` holds the packed string keys.
void add_rows(livediff_rendered& t, const list_at& at, const livediff_fields& f, std::size_t count,
              key_kind kind, const int64_t* int_keys, livediff::c_abi::packed_reader* str_keys,
              const uint8_t* unchanged, std::string_view packed, livediff_node* out) {
  std::size_t rendered = count;
  if (unchanged != nullptr) {
    for (std::size_t i = 0; i < count; ++i) rendered -= unchanged[i] != 0 ? 1 : 0;
  }
  livediff::c_abi::packed_reader values(packed, rendered * f.fields.size(), "the values");
  livediff::c_abi::spend_bytes(t, livediff::c_abi::fields_budget(f, packed.size(), rendered));
  t.node_refs.reserve(t.node_refs.size() + count);
  t.nodes.reserve(t.nodes.size() + count);
  build_scope scope(t);
  livediff::ComprehensionRef& list = t.list_refs[at.index];
  for (std::size_t i = 0; i < count; ++i) {
    const bool same = unchanged != nullptr && unchanged[i] != 0;
    std::string_view skey;
    if (kind == key_kind::string) skey = str_keys->next();
    if (same) {
      switch (kind) {
        case key_kind::position:
          // An entry without a key is keyed by its position.
          list.unchanged_entry(static_cast<std::int64_t>(data(t, at.index).size));
          break;
        case key_kind::integer:
          list.unchanged_entry(int_keys[i]);
          break;
        case key_kind::string:
          list.unchanged_entry(skey);
          break;
      }
      livediff::c_abi::add_unchanged_node(t, at.entry_depth, at.owner);
      if (out != nullptr) out[i] = 0;
      continue;
    }
    livediff::NodeRef entry = kind == key_kind::position  ? list.entry()
                              : kind == key_kind::integer ? list.entry(int_keys[i])
                                                          : list.entry(skey);
    const livediff_node handle = livediff::c_abi::add_node(t, entry, at.entry_depth, at.owner);
    livediff::c_abi::set_fields(t, entry.index(), f, values);
    if (out != nullptr) out[i] = handle;
  }
  scope.done();
}

}  // namespace

extern "C" {

LIVEDIFF_API livediff_status livediff_list_add_entry(livediff_rendered* tree, livediff_list list,
                                                     livediff_node* entry_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    livediff::c_abi::require_out(entry_out, "entry_out");
    require_keyed(t, at.index);
    livediff::c_abi::check_growth(t, 1, entry_dynamics(t, at.index));
    build_scope scope(t);
    livediff::NodeRef entry = t.list_refs[at.index].entry();
    *entry_out = livediff::c_abi::add_node(t, entry, at.entry_depth, at.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_add_entry_int(livediff_rendered* tree,
                                                         livediff_list list, int64_t key,
                                                         livediff_node* entry_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    livediff::c_abi::require_out(entry_out, "entry_out");
    require_keyed(t, at.index);
    livediff::c_abi::check_growth(t, 1, entry_dynamics(t, at.index));
    build_scope scope(t);
    livediff::NodeRef entry = t.list_refs[at.index].entry(key);
    *entry_out = livediff::c_abi::add_node(t, entry, at.entry_depth, at.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_add_entry_str(livediff_rendered* tree,
                                                         livediff_list list, const char* key,
                                                         size_t key_size,
                                                         livediff_node* entry_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    livediff::c_abi::require_out(entry_out, "entry_out");
    const std::string_view k = livediff::c_abi::utf8(key, key_size, "the key");
    require_keyed(t, at.index);
    livediff::c_abi::check_growth(t, 1, entry_dynamics(t, at.index));
    build_scope scope(t);
    livediff::NodeRef entry = t.list_refs[at.index].entry(k);
    *entry_out = livediff::c_abi::add_node(t, entry, at.entry_depth, at.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_add_unchanged_int(livediff_rendered* tree,
                                                             livediff_list list, int64_t key) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    require_keyed(t, at.index);
    livediff::c_abi::check_growth(t, 1, 0);
    build_scope scope(t);
    t.list_refs[at.index].unchanged_entry(key);
    livediff::c_abi::add_unchanged_node(t, at.entry_depth, at.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_add_unchanged_str(livediff_rendered* tree,
                                                             livediff_list list, const char* key,
                                                             size_t key_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    const std::string_view k = livediff::c_abi::utf8(key, key_size, "the key");
    require_keyed(t, at.index);
    livediff::c_abi::check_growth(t, 1, 0);
    build_scope scope(t);
    t.list_refs[at.index].unchanged_entry(k);
    livediff::c_abi::add_unchanged_node(t, at.entry_depth, at.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_add_entries(livediff_rendered* tree, livediff_list list,
                                                       const livediff_fields* fields, size_t count,
                                                       const int64_t* keys,
                                                       const uint8_t* unchanged, const char* packed,
                                                       size_t packed_size,
                                                       livediff_node* entries_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_fields& f = object(fields, tag::fields, "fields");
    const list_at at = list_of(t, list);
    require_keyed(t, at.index);
    check_rows(t, at.index, f, count);
    const std::string_view p = livediff::c_abi::bytes(packed, packed_size, "packed");
    add_rows(t, at, f, count, keys == nullptr ? key_kind::position : key_kind::integer, keys,
             nullptr, unchanged, p, entries_out);
  });
}

LIVEDIFF_API livediff_status livediff_list_add_entries_str(
    livediff_rendered* tree, livediff_list list, const livediff_fields* fields, size_t count,
    const char* keys_packed, size_t keys_size, const uint8_t* unchanged, const char* packed,
    size_t packed_size, livediff_node* entries_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_fields& f = object(fields, tag::fields, "fields");
    const list_at at = list_of(t, list);
    require_keyed(t, at.index);
    check_rows(t, at.index, f, count);
    livediff::c_abi::packed_reader keys(livediff::c_abi::bytes(keys_packed, keys_size, "keys"),
                                        count, "the keys");
    const std::string_view p = livediff::c_abi::bytes(packed, packed_size, "packed");
    add_rows(t, at, f, count, key_kind::string, nullptr, &keys, unchanged, p, entries_out);
  });
}

LIVEDIFF_API livediff_status livediff_list_set_stream(livediff_rendered* tree, livediff_list list,
                                                      const char* ref, size_t ref_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at at = list_of(t, list);
    const std::string_view r = livediff::c_abi::utf8(ref, ref_size, "the stream ref");
    const livediff::Rendered::comprehension_data& c = data(t, at.index);
    if (c.is_stream) fail(LIVEDIFF_FAILED_PRECONDITION, "the list is a stream already");
    if (c.size != 0) fail(LIVEDIFF_FAILED_PRECONDITION, "only an empty list can become a stream");
    livediff::c_abi::spend_bytes(t, ref_size);
    build_scope scope(t);
    t.list_refs[at.index].stream(r);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_stream_insert(livediff_rendered* tree,
                                                         livediff_list list, const char* dom_id,
                                                         size_t dom_id_size, int32_t at,
                                                         int32_t limit, uint32_t flags,
                                                         livediff_node* item_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at l = list_of(t, list);
    livediff::c_abi::require_out(item_out, "item_out");
    const std::string_view id = livediff::c_abi::utf8(dom_id, dom_id_size, "the DOM id");
    require_stream(t, l.index);
    check_insert(at, flags);
    livediff::c_abi::check_growth(t, 1, entry_dynamics(t, l.index));
    livediff::c_abi::spend_bytes(t, dom_id_size);
    std::optional<std::int32_t> lim;
    if (flags & LIVEDIFF_INSERT_LIMIT) lim = limit;
    build_scope scope(t);
    livediff::NodeRef item =
        t.list_refs[l.index].stream_insert(id, at, lim, (flags & LIVEDIFF_INSERT_UPDATE_ONLY) != 0);
    *item_out = livediff::c_abi::add_node(t, item, l.entry_depth, l.owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_stream_insert_many(
    livediff_rendered* tree, livediff_list list, const livediff_fields* fields, size_t count,
    const char* dom_ids_packed, size_t dom_ids_size, int32_t at, int32_t limit, uint32_t flags,
    const char* packed, size_t packed_size, livediff_node* items_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_fields& f = object(fields, tag::fields, "fields");
    const list_at l = list_of(t, list);
    require_stream(t, l.index);
    check_insert(at, flags);
    check_rows(t, l.index, f, count);
    livediff::c_abi::packed_reader ids(
        livediff::c_abi::bytes(dom_ids_packed, dom_ids_size, "dom_ids"), count, "the DOM ids");
    livediff::c_abi::packed_reader values(livediff::c_abi::bytes(packed, packed_size, "packed"),
                                          count * f.fields.size(), "the values");
    livediff::c_abi::spend_bytes(
        t, dom_ids_size + livediff::c_abi::fields_budget(f, packed_size, count));
    std::optional<std::int32_t> lim;
    if (flags & LIVEDIFF_INSERT_LIMIT) lim = limit;
    const bool update_only = (flags & LIVEDIFF_INSERT_UPDATE_ONLY) != 0;
    t.node_refs.reserve(t.node_refs.size() + count);
    t.nodes.reserve(t.nodes.size() + count);
    build_scope scope(t);
    livediff::ComprehensionRef& stream = t.list_refs[l.index];
    for (size_t i = 0; i < count; ++i) {
      livediff::NodeRef item = stream.stream_insert(ids.next(), at, lim, update_only);
      const livediff_node handle = livediff::c_abi::add_node(t, item, l.entry_depth, l.owner);
      livediff::c_abi::set_fields(t, item.index(), f, values);
      if (items_out != nullptr) items_out[i] = handle;
    }
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_stream_delete(livediff_rendered* tree,
                                                         livediff_list list, const char* dom_id,
                                                         size_t dom_id_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at l = list_of(t, list);
    const std::string_view id = livediff::c_abi::utf8(dom_id, dom_id_size, "the DOM id");
    require_stream(t, l.index);
    livediff::c_abi::spend_bytes(t, dom_id_size);
    build_scope scope(t);
    t.list_refs[l.index].stream_delete(id);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_list_stream_reset(livediff_rendered* tree,
                                                        livediff_list list) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const list_at l = list_of(t, list);
    require_stream(t, l.index);
    t.list_refs[l.index].stream_reset();
  });
}

}  // extern "C"
