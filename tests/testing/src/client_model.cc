#include "livediff/testing/client_model.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/container/node_hash_map.h>
#include <absl/strings/str_cat.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "livediff/core/detail/json_tree.h"

namespace livediff {
namespace {

using rapidjson::Value;
using allocator = rapidjson::Document::AllocatorType;

// Thrown inside the model where the JavaScript client would throw; caught at the API boundary.
struct client_error {
  std::string message;
};

[[noreturn]] void fail(std::string message) {
  throw client_error{std::move(message)};
}

Value* find(Value& obj, std::string_view key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(Value(rapidjson::StringRef(key.data(), key.size())));
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

void set(Value& obj, std::string_view key, Value&& v, allocator& a) {
  if (Value* existing = find(obj, key)) {
    *existing = std::move(v);
  } else {
    obj.AddMember(Value(key.data(), static_cast<rapidjson::SizeType>(key.size()), a), v, a);
  }
}

void remove(Value& obj, std::string_view key) {
  if (obj.IsObject()) obj.RemoveMember(Value(rapidjson::StringRef(key.data(), key.size())));
}

std::string index_key(std::int64_t i) {
  return std::to_string(i);
}

bool is_object(const Value* v) {
  return v != nullptr && v->IsObject();
}

// isCid in utils.ts: a number, or a string of decimal digits.
bool is_cid(const Value& v) {
  if (v.IsNumber()) return true;
  if (!v.IsString() || v.GetStringLength() == 0) return false;
  std::string_view s(v.GetString(), v.GetStringLength());
  if (s.size() > 1 && s[0] == '0') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t as_int(const Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsNumber()) {
    const double d = v.GetDouble();
    if (!(d > -9e18 && d < 9e18)) fail("a number out of range");
    return static_cast<std::int64_t>(d);
  }
  if (v.IsString()) {
    std::int64_t out = 0;
    std::from_chars(v.GetString(), v.GetString() + v.GetStringLength(), out);
    return out;
  }
  fail("expected a number");
}

bool truthy(const Value* v) {
  if (v == nullptr || v->IsNull()) return false;
  if (v->IsBool()) return v->GetBool();
  if (v->IsNumber()) return v->GetDouble() != 0;
  if (v->IsString()) return v->GetStringLength() > 0;
  return true;
}

// One child of a stream container. The DOM keeps elements, not trees; keeping the entry's tree
// (statics resolved) lets live components inside it show their later renders, as the browser
// patches them in place.
struct stream_item {
  std::string id;
  Value entry;
  Value statics;
};

// The children of one stream container, as the DOM keeps them.
struct stream_children {
  std::vector<stream_item> items;
  absl::flat_hash_set<std::string> ids;

  auto find(std::string_view id) {
    // Debian's Abseil has its own string_view, which heterogeneous lookup needs.
    if (!ids.contains(absl::string_view(id.data(), id.size()))) return items.end();
    return std::find_if(items.begin(), items.end(),
                        [&](const stream_item& it) { return it.id == id; });
  }
  void clear() {
    items.clear();
    ids.clear();
  }
  void erase(std::vector<stream_item>::iterator first, std::vector<stream_item>::iterator last) {
    for (auto it = first; it != last; ++it) ids.erase(it->id);
    items.erase(first, last);
  }
};

// Diffs nest a few levels per template level; a page whose templates nest a hundred deep is
// still far below this.
constexpr int kMaxDiffDepth = 512;

}  // namespace

struct ClientModel::state {
  rapidjson::Document doc;  // owns the allocator of every value below
  Value rendered{rapidjson::kObjectType};
  // What the browser keeps in each stream container, by stream ref.
  absl::flat_hash_map<std::string, stream_children> streams;
  // Components whose shared statics are being resolved.
  absl::flat_hash_set<std::string> resolving_;

  allocator& a() { return doc.GetAllocator(); }

  // ---- merging: a port of rendered.js ----

  void merge_diff(Value& diff) {
    Value newc;
    if (Value* c = find(diff, "c")) {
      newc = std::move(*c);
      remove(diff, "c");
    }
    mutable_merge(rendered, diff);
    if (!is_object(find(rendered, "c"))) set(rendered, "c", Value(rapidjson::kObjectType), a());
    if (newc.IsObject()) {
      Value& oldc = *find(rendered, "c");
      absl::node_hash_map<std::string, Value> cache;
      std::vector<std::string> cids;
      for (auto& m : newc.GetObject())
        cids.emplace_back(m.name.GetString(), m.name.GetStringLength());
      for (const std::string& cid : cids) find_component(cid, newc, oldc, cache);
      for (const std::string& cid : cids) {
        Value copy(cache[cid], a());
        set(oldc, cid, std::move(copy), a());
      }
    }
  }

  void mutable_merge(Value& target, Value& source) {
    if (find(source, "s") != nullptr) {
      target = std::move(source);
    } else {
      do_mutable_merge(target, source);
    }
  }

  void do_mutable_merge(Value& target, Value& source) {
    if (!target.IsObject()) fail("merge into a non-object");
    if (!source.IsObject()) fail("merge of a non-object");
    if (find(source, "k") != nullptr) {
      merge_keyed(target, source);
      return;
    }
    for (auto& m : source.GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      Value* tv = find(target, key);
      if (m.value.IsObject() && find(m.value, "s") == nullptr && is_object(tv)) {
        do_mutable_merge(*tv, m.value);
      } else {
        Value v(m.value, a());
        set(target, key, std::move(v), a());
      }
    }
  }

  void merge_keyed(Value& target, Value& source) {
    Value& sk = *find(source, "k");
    Value* tk = find(target, "k");
    if (!sk.IsObject() || !is_object(tk)) fail("keyed diff for a node that is not keyed");
    Value cloned;
    bool have_clone = truthy(find(sk, "km"));
    if (have_clone) cloned.CopyFrom(target, a());
    for (auto& m : sk.GetObject()) {
      std::string_view i(m.name.GetString(), m.name.GetStringLength());
      if (i == "kc" || i == "km") continue;
      Value& entry = m.value;
      if (entry.IsArray() || entry.IsNumber()) {
        if (!have_clone) fail("an entry moved without \"km\": the client reads an undefined clone");
        const Value& idx = entry.IsArray() ? entry[0] : entry;
        Value* old = find(*find(cloned, "k"), index_key(as_int(idx)));
        Value copy;
        if (old != nullptr) copy.CopyFrom(*old, a());
        set(*tk, i, std::move(copy), a());
        if (entry.IsArray()) {
          if (entry.Size() != 2) fail("a moved entry is [old_index, diff]");
          do_mutable_merge(*find(*tk, i), entry[1]);
        }
      } else if (entry.IsObject()) {
        if (!is_object(find(*tk, i))) set(*tk, i, Value(rapidjson::kObjectType), a());
        do_mutable_merge(*find(*tk, i), entry);
      }
    }
    Value* skc = find(sk, "kc");
    if (skc == nullptr || !skc->IsNumber()) fail("keyed diff without \"kc\"");
    std::int64_t new_count = as_int(*skc);
    Value* tkc = find(*tk, "kc");
    std::int64_t old_count = tkc != nullptr && tkc->IsNumber() ? as_int(*tkc) : 0;
    for (std::int64_t i = new_count; i < old_count; ++i) remove(*tk, index_key(i));
    set(*tk, "kc", Value(static_cast<std::int64_t>(new_count)), a());
    if (Value* st = find(source, "stream")) {
      Value copy(*st, a());
      set(target, "stream", std::move(copy), a());
    }
    if (Value* p = find(source, "p")) {
      Value copy(*p, a());
      set(target, "p", std::move(copy), a());
    }
  }

  const Value& find_component(const std::string& cid, Value& newc, Value& oldc,
                              absl::node_hash_map<std::string, Value>& cache) {
    if (auto it = cache.find(cid); it != cache.end()) return it->second;
    // A component sharing the statics of one that shares its own (`"s": cid` in a loop) would
    // recurse without end; the client's own merge would overflow its stack.
    if (!resolving_.insert(cid).second)
      fail(absl::StrCat("component ", cid, " shares statics in a cycle"));
    struct done_resolving {
      absl::flat_hash_set<std::string>& set;
      const std::string& cid;
      ~done_resolving() { set.erase(cid); }
    } guard{resolving_, cid};
    Value* cdiff = find(newc, cid);
    if (cdiff == nullptr) fail(absl::StrCat("no component ", cid, " in the diff"));
    if (!cdiff->IsObject()) fail(absl::StrCat("component ", cid, " is not an object"));
    Value* scid = find(*cdiff, "s");
    Value result;
    if (scid != nullptr && is_cid(*scid)) {
      std::int64_t ref = as_int(*scid);
      Value base;
      if (ref > 0) {
        base.CopyFrom(find_component(index_key(ref), newc, oldc, cache), a());
      } else {
        Value* old = find(oldc, index_key(-ref));
        if (old == nullptr)
          fail(absl::StrCat("component ", cid, " shares statics with unknown ", -ref));
        base.CopyFrom(*old, a());
      }
      Value statics;
      if (Value* s = find(base, "s")) statics.CopyFrom(*s, a());
      Value diff_copy(*cdiff, a());
      remove(diff_copy, "s");
      do_mutable_merge(base, diff_copy);
      set(base, "s", std::move(statics), a());
      result = std::move(base);
    } else if (scid != nullptr || find(oldc, cid) == nullptr) {
      result.CopyFrom(*cdiff, a());
    } else {
      result.CopyFrom(*find(oldc, cid), a());
      Value diff_copy(*cdiff, a());
      do_mutable_merge(result, diff_copy);
    }
    auto [it, inserted] = cache.try_emplace(cid);
    it->second = std::move(result);
    return it->second;
  }

  // ---- rendering: toString of rendered.js, plus the DOM's keeping of stream items ----

  void to_buffer(Value& node, const Value* templates, std::string& out, const std::string& view_id,
                 Value& components, int depth) {
    if (depth > 256) fail("render tree too deep");
    if (find(node, "k") != nullptr) {
      comprehension(node, templates, out, view_id, components, depth);
      return;
    }
    Value local_templates;
    if (Value* p = find(node, "p")) {
      local_templates = std::move(*p);
      remove(node, "p");
      templates = &local_templates;
    }
    resolve_statics(node, templates);
    dynamics(node, *find(node, "s"), templates, out, view_id, components, depth);
  }

  void resolve_statics(Value& node, const Value* templates) {
    Value* s = find(node, "s");
    if (s == nullptr) fail("a node without statics");
    if (s->IsNumber()) {
      if (templates == nullptr) fail("statics refer to a template, but there are none");
      const Value* t = find(const_cast<Value&>(*templates), index_key(as_int(*s)));
      if (t == nullptr) fail("statics refer to a missing template");
      Value copy(*t, a());
      *s = std::move(copy);
    }
    if (!s->IsArray() || s->Empty()) fail("statics are not an array of strings");
  }

  void dynamics(Value& node, const Value& statics, const Value* templates, std::string& out,
                const std::string& view_id, Value& components, int depth) {
    for (rapidjson::SizeType i = 0; i < statics.Size(); ++i) {
      if (!statics[i].IsString()) fail("statics are not strings");
      out.append(statics[i].GetString(), statics[i].GetStringLength());
      if (i + 1 == statics.Size()) break;
      Value* d = find(node, index_key(i));
      if (d == nullptr) {
        out.append("undefined");  // what the client writes for a missing dynamic
      } else if (d->IsNumber()) {
        component(as_int(*d), out, view_id, components, depth + 1);
      } else if (d->IsObject()) {
        to_buffer(*d, templates, out, view_id, components, depth + 1);
      } else if (d->IsString()) {
        out.append(d->GetString(), d->GetStringLength());
      } else if (d->IsNull()) {
        out.append("null");
      } else if (d->IsBool()) {
        out.append(d->GetBool() ? "true" : "false");
      } else {
        fail("a dynamic of an unexpected type");
      }
    }
  }

  void comprehension(Value& node, const Value* templates, std::string& out,
                     const std::string& view_id, Value& components, int depth) {
    Value own_templates;
    const Value* keyed_templates = templates;
    if (Value* p = find(node, "p")) {
      own_templates = std::move(*p);
      remove(node, "p");
      if (keyed_templates == nullptr) keyed_templates = &own_templates;
    }
    resolve_statics(node, templates);
    const Value& statics = *find(node, "s");
    Value& k = *find(node, "k");
    if (!k.IsObject()) fail("\"k\" is not an object");
    Value* kc = find(k, "kc");
    std::int64_t count = kc != nullptr && kc->IsNumber() ? as_int(*kc) : 0;
    if (count > static_cast<std::int64_t>(k.MemberCount())) {
      fail(absl::StrCat("\"kc\" counts ", count, " entries of ", k.MemberCount()));
    }
    Value* stream = find(node, "stream");
    std::vector<stream_item> items;
    // One pass over the members: looking each index up by name would be quadratic.
    std::vector<Value*> entries(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)),
                                nullptr);
    for (auto& m : k.GetObject()) {
      std::int64_t i = -1;
      std::from_chars(m.name.GetString(), m.name.GetString() + m.name.GetStringLength(), i);
      if (i >= 0 && i < count) entries[static_cast<std::size_t>(i)] = &m.value;
    }
    for (std::int64_t i = 0; i < count; ++i) {
      Value* entry = entries[static_cast<std::size_t>(i)];
      if (entry == nullptr) fail(absl::StrCat("keyed entry ", i, " is missing"));
      std::string html;
      dynamics(*entry, statics, keyed_templates, stream != nullptr ? html : out, view_id,
               components, depth + 1);
      if (stream != nullptr) {
        items.push_back({dom_id(html), Value(*entry, a()), Value(statics, a())});
      }
    }
    std::string ref;
    if (stream != nullptr) {
      if (!stream->IsArray() || stream->Size() < 3 || !(*stream)[0].IsString()) {
        fail("a stream is [ref, inserts, deletes, reset?]");
      }
      ref.assign((*stream)[0].GetString(), (*stream)[0].GetStringLength());
      apply_stream(*stream, items, streams[ref]);
    } else if (Value* kept_ref = find(node, "_ref"); kept_ref != nullptr && kept_ref->IsString()) {
      ref.assign(kept_ref->GetString(), kept_ref->GetStringLength());
    } else {
      return;
    }
    for (stream_item& item : streams[ref].items) {
      dynamics(item.entry, item.statics, nullptr, out, view_id, components, depth + 1);
    }
    if (stream == nullptr) return;
    if (count > 0 || (*stream)[2].Size() > 0 || stream->Size() > 3) {
      Value empty(rapidjson::kObjectType);
      empty.AddMember("kc", 0, a());
      k = std::move(empty);
      // The container keeps its children after the client drops the stream from its tree.
      set(node, "_ref", Value(ref.data(), static_cast<rapidjson::SizeType>(ref.size()), a()), a());
      remove(node, "stream");  // last: removal moves members, so references die here
    }
  }

  static std::string dom_id(std::string_view html) {
    std::size_t end = html.find('>');
    std::string_view tag = html.substr(0, end);
    std::size_t at = tag.find(" id=\"");
    if (at == std::string_view::npos) return {};
    at += 5;
    return std::string(tag.substr(at, tag.find('"', at) - at));
  }

  // The DOM side of a stream: dom_patch.ts keeps children by id, resets, deletes, inserts at a
  // position (existing ids are updated in place) and prunes to the limit.
  static void apply_stream(const Value& stream, std::vector<stream_item>& items,
                           stream_children& kept) {
    const Value& inserts = stream[1];
    const Value& deletes = stream[2];
    if (!inserts.IsArray() || !deletes.IsArray()) fail("stream inserts and deletes are arrays");
    if (stream.Size() > 3) kept.clear();
    for (const Value& id : deletes.GetArray()) {
      if (!id.IsString()) fail("stream delete ids are strings");
      auto it = kept.find(std::string_view(id.GetString(), id.GetStringLength()));
      if (it != kept.items.end()) kept.erase(it, it + 1);
    }
    absl::flat_hash_map<std::string_view, const Value*> insert_by_id;
    for (const Value& ins : inserts.GetArray()) {
      if (!ins.IsArray() || ins.Size() < 4 || !ins[0].IsString()) {
        fail("a stream insert is [dom_id, at, limit, update_only]");
      }
      insert_by_id[std::string_view(ins[0].GetString(), ins[0].GetStringLength())] = &ins;
    }
    // Elements shown before this patch that a limit prunes during it are gone for good: morphdom
    // already matched them, so a later update of the same id in this patch does not bring them
    // back.
    absl::flat_hash_set<std::string> existed;
    for (const stream_item& it : kept.items) existed.insert(it.id);
    absl::flat_hash_set<std::string> pruned;
    auto prune = [&](std::vector<stream_item>::iterator first,
                     std::vector<stream_item>::iterator last) {
      for (auto it = first; it != last; ++it) {
        if (existed.contains(it->id)) pruned.insert(it->id);
      }
      kept.erase(first, last);
    };
    for (stream_item& item : items) {
      if (pruned.contains(item.id)) continue;
      auto found = insert_by_id.find(item.id);
      const Value* insert = found == insert_by_id.end() ? nullptr : found->second;
      std::int64_t at = insert != nullptr && (*insert)[1].IsNumber() ? as_int((*insert)[1]) : -1;
      bool update_only = insert != nullptr && (*insert)[3].IsBool() && (*insert)[3].GetBool();
      auto existing = kept.find(item.id);
      if (existing != kept.items.end()) {
        // Updated where it is; only new elements are placed and trigger the limit.
        existing->entry = std::move(item.entry);
        existing->statics = std::move(item.statics);
        continue;
      }
      if (update_only) continue;
      kept.ids.insert(item.id);
      if (at < 0 || at >= static_cast<std::int64_t>(kept.items.size())) {
        kept.items.push_back(std::move(item));
      } else {
        kept.items.insert(kept.items.begin() + at, std::move(item));
      }
      if (insert != nullptr && (*insert)[2].IsNumber()) {
        std::int64_t limit = as_int((*insert)[2]);
        auto n = static_cast<std::int64_t>(kept.items.size());
        if (limit >= 0 && n > limit) {
          prune(kept.items.begin() + limit, kept.items.end());
        } else if (limit < 0 && n > -limit) {
          prune(kept.items.begin(), kept.items.begin() + (n + limit));
        }
      }
    }
  }

  void component(std::int64_t cid, std::string& out, const std::string& view_id, Value& components,
                 int depth) {
    Value* c = find(components, index_key(cid));
    if (c == nullptr) fail(absl::StrCat("no component for CID ", cid));
    std::size_t start = out.size();
    to_buffer(*c, nullptr, out, view_id, components, depth);
    if (!truthy(find(*c, "r"))) return;  // the client adds its attributes to roots only
    std::string_view html = std::string_view(out).substr(start);
    std::size_t i = html.find_first_not_of(" \n\t\r");
    if (i == std::string_view::npos || html[i] != '<') fail("malformed html " + std::string(html));
    std::size_t name_end = html.find_first_of(" \n\t\r/>", i + 1);
    if (name_end == std::string_view::npos) fail("malformed html " + std::string(html));
    out.insert(start + name_end,
               absl::StrCat(" data-phx-component=\"", cid, "\" data-phx-view=\"", view_id, "\""));
  }
};

ClientModel::ClientModel(std::string view_id) : view_id_(std::move(view_id)) {}
ClientModel::~ClientModel() = default;
ClientModel::ClientModel(ClientModel&&) noexcept = default;
ClientModel& ClientModel::operator=(ClientModel&&) noexcept = default;

absl::Status ClientModel::join(std::string_view rendered_json) {
  state_ = std::make_unique<state>();
  return apply(rendered_json, true);
}

absl::Status ClientModel::merge(std::string_view diff_json) {
  if (state_ == nullptr) return absl::FailedPreconditionError("merge before join");
  return apply(diff_json, false);
}

absl::Status ClientModel::apply(std::string_view json, bool join) {
  state& st = *state_;
  rapidjson::Document parsed(&st.a());
  // Merging and copying a diff recurse into it: its depth is bounded before anything else.
  absl::Status why;
  auto generate = [&](rapidjson::Document& handler) {
    rapidjson::MemoryStream in(json.data(), json.size());
    detail::LimitedJsonHandler<rapidjson::Document> limited(handler, kMaxDiffDepth);
    rapidjson::ParseResult r =
        rapidjson::Reader().Parse<rapidjson::kParseIterativeFlag>(in, limited);
    if (r) return true;
    why = !limited.why().ok()
              ? limited.why()
              : absl::InvalidArgumentError(absl::StrCat(
                  "diff is not JSON: ", rapidjson::GetParseError_En(r.Code()), " at ", r.Offset()));
    return false;
  };
  parsed.Populate(generate);
  if (!why.ok()) return why;
  if (!parsed.IsObject()) return absl::InvalidArgumentError("diff is not a JSON object");
  try {
    Value diff(parsed, st.a());
    // Rendered.extract: reply, events and title are not part of the tree.
    if (Value* t = find(diff, "t"); t != nullptr && t->IsString()) {
      title_.assign(t->GetString(), t->GetStringLength());
    }
    remove(diff, "r");
    remove(diff, "e");
    remove(diff, "t");
    if (join) st.rendered = Value(rapidjson::kObjectType);
    st.merge_diff(diff);
    std::string html;
    // Held apart while rendering: removing "p" from the root moves its other members.
    Value components(std::move(*find(st.rendered, "c")));
    remove(st.rendered, "c");
    st.to_buffer(st.rendered, nullptr, html, view_id_, components, 0);
    st.rendered.AddMember("c", components, st.a());
    html_ = std::move(html);
  } catch (const client_error& e) {
    state_.reset();
    return absl::InvalidArgumentError(e.message);
  }
  return absl::OkStatus();
}

void ClientModel::prune_components(std::span<const std::int32_t> cids) {
  if (state_ == nullptr) return;
  Value* c = find(state_->rendered, "c");
  if (c == nullptr) return;
  for (std::int32_t cid : cids) remove(*c, index_key(cid));
}

}  // namespace livediff
