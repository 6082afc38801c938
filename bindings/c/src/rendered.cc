// livediff_rendered: render trees, their roots and components, and the dynamics of a node.
#include <cmath>

#include "livediff/core/html.h"

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

const livediff_statics& statics_arg(const livediff_statics* statics) {
  return object(statics, tag::statics, "statics");
}

// The node behind `node`, with `slot` checked, ready to be set.
std::uint32_t settable(livediff_rendered& t, livediff_node node, uint32_t slot) {
  const std::uint32_t index = livediff::c_abi::node_index(t, node);
  livediff::c_abi::check_slot(t, index, slot);
  return index;
}

std::uint16_t child_depth(const livediff_rendered& t, std::uint32_t index) {
  const std::uint16_t depth = t.nodes[index].depth + 1;
  if (depth > LIVEDIFF_MAX_DEPTH) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "nodes nested deeper than LIVEDIFF_MAX_DEPTH");
  }
  return depth;
}

}  // namespace

extern "C" {

LIVEDIFF_API livediff_status livediff_rendered_new(livediff_rendered** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    *out = new livediff_rendered();
  });
}

LIVEDIFF_API void livediff_rendered_free(livediff_rendered* tree) {
  if (tree == nullptr || tree->tag_ != tag::rendered) return;
  tree->tag_ = tag::dead;
  delete tree;
}

LIVEDIFF_API void livediff_rendered_clear(livediff_rendered* tree) {
  if (tree == nullptr || tree->tag_ != tag::rendered) return;
  tree->tree.clear();
  // Stale handles stay stale: the next render has another generation.
  if (++tree->generation == 0) tree->generation = 1;
  tree->broken = false;
  tree->has_unchanged = false;
  tree->kept.clear();
  tree->last_kept = nullptr;
  tree->node_refs.clear();
  tree->nodes.clear();
  tree->list_refs.clear();
  tree->lists.clear();
  tree->component_refs.clear();
  tree->components.clear();
  tree->bytes = 0;
  tree->dynamics = 0;
}

LIVEDIFF_API livediff_status livediff_rendered_root(livediff_rendered* tree,
                                                    const livediff_statics* statics,
                                                    livediff_node* root_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_statics& s = statics_arg(statics);
    livediff::c_abi::require_out(root_out, "root_out");
    livediff_rendered_clear(tree);
    build_scope scope(t);
    livediff::NodeRef root = t.tree.root(livediff::c_abi::keep(t, s));
    *root_out = livediff::c_abi::add_node(t, root, 0, 0);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_rendered_component(livediff_rendered* tree, int32_t cid,
                                                         const livediff_statics* statics,
                                                         livediff_node* node_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_statics& s = statics_arg(statics);
    livediff::c_abi::require_out(node_out, "node_out");
    if (!t.tree.has_root()) fail(LIVEDIFF_FAILED_PRECONDITION, "a component needs a root first");
    if (cid < 1) fail(LIVEDIFF_OUT_OF_RANGE, "component ids start at 1");
    if (t.components.contains(cid)) {
      fail(LIVEDIFF_FAILED_PRECONDITION,
           "component " + std::to_string(cid) + " is already rendered in this render");
    }
    if (!s.statics->single_root()) {
      fail(LIVEDIFF_INVALID_ARGUMENT,
           "a live component's statics must form a single element with every dynamic inside");
    }
    livediff::c_abi::check_growth(t, 1, s.statics->dynamic_count());
    t.components.reserve(t.components.size() + 1);
    build_scope scope(t);
    livediff::NodeRef node = t.tree.component(cid, livediff::c_abi::keep(t, s));
    t.components.insert(cid);
    *node_out = livediff::c_abi::add_node(t, node, 0, cid);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_text(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* text, size_t size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    const std::string_view value = livediff::c_abi::utf8(text, size, "text");
    livediff::c_abi::spend_bytes(t, std::uint64_t{size} * 6);
    build_scope scope(t);
    t.node_refs[index].text(slot, value);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_int(livediff_rendered* tree, livediff_node node,
                                                   uint32_t slot, int64_t value) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    livediff::c_abi::spend_bytes(t, 24);
    build_scope scope(t);
    t.node_refs[index].text(slot, value);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_double(livediff_rendered* tree, livediff_node node,
                                                      uint32_t slot, double value) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    if (!std::isfinite(value)) fail(LIVEDIFF_INVALID_ARGUMENT, "the double is not finite");
    livediff::c_abi::spend_bytes(t, 40);
    build_scope scope(t);
    t.node_refs[index].text(slot, value);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_html(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* html, size_t size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    const std::string_view value = livediff::c_abi::utf8(html, size, "html");
    livediff::c_abi::spend_bytes(t, size);
    build_scope scope(t);
    t.node_refs[index].html(slot, value);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_attr(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const char* name,
                                                    size_t name_size, const char* value,
                                                    size_t value_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    const std::string_view n = livediff::c_abi::attr_name(name, name_size);
    const std::string_view v = livediff::c_abi::utf8(value, value_size, "the attribute value");
    livediff::c_abi::spend_bytes(t, std::uint64_t{value_size} * 6 + name_size + 4);
    build_scope scope(t);
    t.node_refs[index].attr(slot, n, v);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_unchanged(livediff_rendered* tree,
                                                         livediff_node node, uint32_t slot) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    t.node_refs[index].unchanged(slot);
    t.has_unchanged = true;
  });
}

LIVEDIFF_API livediff_status livediff_node_set_component(livediff_rendered* tree,
                                                         livediff_node node, uint32_t slot,
                                                         int32_t cid) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    if (cid < 1) fail(LIVEDIFF_OUT_OF_RANGE, "component ids start at 1");
    const livediff::c_abi::node_info& info = t.nodes[index];
    t.component_refs.push_back({info.owner, cid, info.depth, index, slot});
    t.node_refs[index].component(slot, cid);
  });
}

LIVEDIFF_API livediff_status livediff_node_add_node(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const livediff_statics* statics,
                                                    livediff_node* child_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    const livediff_statics& s = statics_arg(statics);
    livediff::c_abi::require_out(child_out, "child_out");
    const std::uint16_t depth = child_depth(t, index);
    livediff::c_abi::check_growth(t, 1, s.statics->dynamic_count());
    const std::int32_t owner = t.nodes[index].owner;
    build_scope scope(t);
    livediff::NodeRef child = t.node_refs[index].node(slot, livediff::c_abi::keep(t, s));
    *child_out = livediff::c_abi::add_node(t, child, depth, owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_add_list(livediff_rendered* tree, livediff_node node,
                                                    uint32_t slot, const livediff_statics* statics,
                                                    livediff_list* list_out) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const std::uint32_t index = settable(t, node, slot);
    const livediff_statics& s = statics_arg(statics);
    livediff::c_abi::require_out(list_out, "list_out");
    const std::uint16_t depth = child_depth(t, index);
    if (t.lists.size() >= LIVEDIFF_MAX_NODES) {
      fail(LIVEDIFF_RESOURCE_EXHAUSTED, "more lists than LIVEDIFF_MAX_NODES");
    }
    const std::int32_t owner = t.nodes[index].owner;
    build_scope scope(t);
    livediff::ComprehensionRef list =
        t.node_refs[index].comprehension(slot, livediff::c_abi::keep(t, s));
    *list_out = livediff::c_abi::add_list(t, list, depth, owner);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_values(livediff_rendered* tree, livediff_node node,
                                                      const livediff_fields* fields,
                                                      const livediff_str* values, size_t count) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_fields& f = object(fields, tag::fields, "fields");
    const std::uint32_t index = livediff::c_abi::node_index(t, node);
    if (count != f.fields.size()) {
      fail(LIVEDIFF_INVALID_ARGUMENT,
           std::to_string(count) + " values for " + std::to_string(f.fields.size()) + " fields");
    }
    if (count == 0) return;
    livediff::c_abi::check_slot(t, index, f.max_slot);
    if (values == nullptr) fail(LIVEDIFF_INVALID_ARGUMENT, "values is NULL");
    std::uint64_t total = 0;
    for (size_t i = 0; i < count; ++i) {
      livediff::c_abi::utf8(values[i].data, values[i].size, "a value");
      total += values[i].size;
    }
    livediff::c_abi::spend_bytes(t, livediff::c_abi::fields_budget(f, total, 1));
    build_scope scope(t);
    livediff::NodeRef& n = t.node_refs[index];
    for (size_t i = 0; i < count; ++i) {
      const livediff_fields::field& field = f.fields[i];
      const std::string_view v = values[i].size == 0
                                     ? std::string_view()
                                     : std::string_view(values[i].data, values[i].size);
      switch (field.kind) {
        case LIVEDIFF_FIELD_TEXT:
          n.text(field.slot, v);
          break;
        case LIVEDIFF_FIELD_HTML:
          n.html(field.slot, v);
          break;
        case LIVEDIFF_FIELD_ATTR:
          n.attr(field.slot, field.name, v);
          break;
      }
    }
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_node_set_packed(livediff_rendered* tree, livediff_node node,
                                                      const livediff_fields* fields,
                                                      const char* packed, size_t packed_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    const livediff_fields& f = object(fields, tag::fields, "fields");
    const std::uint32_t index = livediff::c_abi::node_index(t, node);
    if (!f.fields.empty()) livediff::c_abi::check_slot(t, index, f.max_slot);
    livediff::c_abi::packed_reader values(livediff::c_abi::bytes(packed, packed_size, "packed"),
                                          f.fields.size(), "the values");
    livediff::c_abi::spend_bytes(t, livediff::c_abi::fields_budget(f, packed_size, 1));
    build_scope scope(t);
    livediff::c_abi::set_fields(t, index, f, values);
    scope.done();
  });
}

LIVEDIFF_API livediff_status livediff_rendered_html(livediff_rendered* tree, const char* view_id,
                                                    size_t view_id_size, const char** out,
                                                    size_t* out_size) {
  return guard([&] {
    livediff_rendered& t = tree_arg(tree);
    livediff::c_abi::require_out(out, "out");
    livediff::c_abi::require_out(out_size, "out_size");
    const std::string_view id = livediff::c_abi::utf8(view_id, view_id_size, "view_id");
    for (char c : id) {
      if (c == '"' || c == '&' || c == '<') fail(LIVEDIFF_INVALID_ARGUMENT, "view_id has markup");
    }
    if (!t.tree.has_root()) fail(LIVEDIFF_FAILED_PRECONDITION, "nothing rendered");
    if (t.broken) fail(LIVEDIFF_FAILED_PRECONDITION, "the render failed half-way");
    // The HTML renderer follows component references recursively: refuse cycles and chains
    // deeper than the limit before it does.
    livediff::c_abi::check_component_nesting(t);
    t.html.clear();
    absl::Status s = livediff::render_html(t.tree, t.html, {.view_id = id});
    if (!s.ok()) fail(LIVEDIFF_FAILED_PRECONDITION, std::string(s.message()));
    *out = t.html.c_str();
    *out_size = t.html.size();
  });
}

}  // extern "C"
