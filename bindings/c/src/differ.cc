// livediff_differ and livediff_state: diffs of a render against what one client holds.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "abi.h"

using livediff::c_abi::fail;
using livediff::c_abi::guard;
using livediff::c_abi::object;
using livediff::c_abi::shape_verdict;
using livediff::c_abi::tag;

namespace {

// Extra members must be JSON object members that the client reads beside the tree, not
// members of the tree itself.
void check_extra(std::string_view extra, std::string& scratch) {
  if (extra.empty()) return;
  if (extra.size() > LIVEDIFF_MAX_RENDER_BYTES) {
    fail(LIVEDIFF_RESOURCE_EXHAUSTED, "extra members over LIVEDIFF_MAX_RENDER_BYTES");
  }
  scratch.assign("{");
  scratch.append(extra);
  scratch.append("}");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(scratch.data(),
                                                                                    scratch.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    fail(LIVEDIFF_INVALID_ARGUMENT,
         std::string("extra is not JSON object members: ")
             + (doc.HasParseError() ? rapidjson::GetParseError_En(doc.GetParseError()) : ""));
  }
  for (const auto& m : doc.GetObject()) {
    const std::string_view key(m.name.GetString(), m.name.GetStringLength());
    const bool digits =
        !key.empty() && key.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits || key == "s" || key == "p" || key == "c") {
      fail(LIVEDIFF_INVALID_ARGUMENT,
           "extra member \"" + std::string(key) + "\" is a member of the tree");
    }
  }
}

// The checks of a render that any diff of it needs.
void check_render(const livediff_rendered& t) {
  if (!t.tree.has_root()) fail(LIVEDIFF_FAILED_PRECONDITION, "nothing rendered");
  if (t.broken) {
    fail(LIVEDIFF_FAILED_PRECONDITION,
         "a call failed half-way through this render: start it again from the root");
  }
  livediff::c_abi::check_component_nesting(t);
}

}  // namespace

extern "C" {

LIVEDIFF_API livediff_status livediff_differ_new(livediff_differ** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    *out = new livediff_differ();
  });
}

LIVEDIFF_API void livediff_differ_free(livediff_differ* differ) {
  if (differ == nullptr || differ->tag_ != tag::differ) return;
  differ->tag_ = tag::dead;
  delete differ;
}

LIVEDIFF_API livediff_status livediff_state_new(livediff_state** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    *out = new livediff_state();
  });
}

LIVEDIFF_API void livediff_state_free(livediff_state* state) {
  if (state == nullptr || state->tag_ != tag::state) return;
  state->tag_ = tag::dead;
  delete state;
}

LIVEDIFF_API void livediff_state_clear(livediff_state* state) {
  if (state == nullptr || state->tag_ != tag::state) return;
  state->state.clear();
  state->shape.clear();
}

LIVEDIFF_API livediff_status livediff_state_forget_component(livediff_state* state, int32_t cid,
                                                             int* was_held) {
  return guard([&] {
    livediff_state& s = object(state, tag::state, "state");
    const bool held = s.state.forget_component(cid);
    s.shape.forget(cid);
    if (was_held != nullptr) *was_held = held ? 1 : 0;
  });
}

LIVEDIFF_API livediff_status livediff_state_copy(const livediff_state* src, livediff_state* dst) {
  return guard([&] {
    const livediff_state& from = object(src, tag::state, "src");
    livediff_state& to = object(dst, tag::state, "dst");
    if (&from == &to) return;
    to.state = from.state;
    to.shape = from.shape;
  });
}

LIVEDIFF_API size_t livediff_state_memory(const livediff_state* state) {
  if (state == nullptr || state->tag_ != tag::state) return 0;
  return sizeof(*state) + state->state.memory_bytes() + state->shape.memory_bytes();
}

LIVEDIFF_API livediff_status livediff_differ_diff(livediff_differ* differ,
                                                  const livediff_rendered* tree,
                                                  livediff_state* state, const char* extra,
                                                  size_t extra_size, const char** out,
                                                  size_t* out_size) {
  return guard([&] {
    livediff_differ& d = object(differ, tag::differ, "differ");
    const livediff_rendered& t = object(tree, tag::rendered, "tree");
    livediff_state& s = object(state, tag::state, "state");
    livediff::c_abi::require_out(out, "out");
    livediff::c_abi::require_out(out_size, "out_size");
    const std::string_view ex = livediff::c_abi::utf8(extra, extra_size, "extra");
    check_render(t);
    check_extra(ex, d.extra);

    shape_verdict v = s.shape.check(t.tree, d.scratch);
    if (v.verdict == shape_verdict::kind::refuse) fail(LIVEDIFF_FAILED_PRECONDITION, v.why);
    try {
      const std::string_view diff = d.differ.diff(t.tree, s.state, ex);
      s.shape.commit(d.scratch);
      *out = diff.data();
      *out_size = diff.size();
    } catch (...) {
      // Half-updated: forget the client, whose next join gets a full render.
      s.state.clear();
      s.shape.clear();
      throw;
    }
  });
}

LIVEDIFF_API livediff_status livediff_differ_full(livediff_differ* differ,
                                                  const livediff_rendered* tree, const char** out,
                                                  size_t* out_size) {
  return guard([&] {
    livediff_differ& d = object(differ, tag::differ, "differ");
    const livediff_rendered& t = object(tree, tag::rendered, "tree");
    livediff::c_abi::require_out(out, "out");
    livediff::c_abi::require_out(out_size, "out_size");
    check_render(t);
    // What a client that holds nothing can take: no unchanged marks, every component rendered.
    const livediff::c_abi::ClientShape nothing;
    const shape_verdict v = nothing.check(t.tree, d.scratch);
    if (v.verdict != shape_verdict::kind::ok) fail(LIVEDIFF_FAILED_PRECONDITION, v.why);
    const std::string_view full = d.differ.full(t.tree);
    *out = full.data();
    *out_size = full.size();
  });
}

}  // extern "C"
