// Parsed JSON trees from untrusted input: a SAX handler wrapper that refuses nesting beyond a
// limit and strings that are not UTF-8, and a writer of a parsed tree that needs no recursion.
// Templates over RapidJSON's types without including RapidJSON, so that they add no dependency
// to the headers that include them.
#ifndef LIVEDIFF_CORE_DETAIL_JSON_TREE_H
#define LIVEDIFF_CORE_DETAIL_JSON_TREE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>

#include "livediff/core/json.h"
#include "livediff/core/utf8.h"

namespace livediff::detail {

/// Forwards every SAX event to `Handler` (a rapidjson::Document, say). RapidJSON turns a lone
/// `\udc00` escape into bytes that are not UTF-8, so strings are checked after decoding.
template <class Handler>
class LimitedJsonHandler {
 public:
  LimitedJsonHandler(Handler& h, int max_depth) : h_(h), max_depth_(max_depth) {}

  bool Null() { return h_.Null(); }
  bool Bool(bool b) { return h_.Bool(b); }
  bool Int(int i) { return h_.Int(i); }
  bool Uint(unsigned u) { return h_.Uint(u); }
  bool Int64(std::int64_t i) { return h_.Int64(i); }
  bool Uint64(std::uint64_t u) { return h_.Uint64(u); }
  bool Double(double d) { return h_.Double(d); }
  bool RawNumber(const char* s, unsigned n, bool copy) { return h_.RawNumber(s, n, copy); }
  bool String(const char* s, unsigned n, bool copy) { return utf8(s, n) && h_.String(s, n, copy); }
  bool Key(const char* s, unsigned n, bool copy) { return utf8(s, n) && h_.Key(s, n, copy); }
  bool StartObject() { return deeper() && h_.StartObject(); }
  bool EndObject(unsigned n) {
    --depth_;
    return h_.EndObject(n);
  }
  bool StartArray() { return deeper() && h_.StartArray(); }
  bool EndArray(unsigned n) {
    --depth_;
    return h_.EndArray(n);
  }

  /// Why the parse stopped, when this handler stopped it.
  const absl::Status& why() const { return why_; }

 private:
  bool deeper() {
    if (++depth_ <= max_depth_) return true;
    why_ = absl::ResourceExhaustedError("JSON nested deeper than " + std::to_string(max_depth_)
                                        + " levels");
    return false;
  }
  bool utf8(const char* s, unsigned n) {
    if (is_valid_utf8(std::string_view(s, n))) return true;
    why_ = absl::InvalidArgumentError("a JSON string is not UTF-8");
    return false;
  }

  Handler& h_;
  int max_depth_;
  int depth_ = 0;
  absl::Status why_;
};

/// Writes a parsed value (a rapidjson::Value) with `out`, walking it with an explicit stack.
template <class Value>
void write_json_value(const Value& root, JsonWriter& out) {
  struct Level {
    const Value* container;
    unsigned next;
  };
  std::vector<Level> stack;
  const Value* v = &root;
  for (;;) {
    if (v != nullptr) {
      if (v->IsNull()) {
        out.null();
      } else if (v->IsBool()) {
        out.boolean(v->GetBool());
      } else if (v->IsString()) {
        out.string(std::string_view(v->GetString(), v->GetStringLength()));
      } else if (v->IsInt64()) {
        out.number(static_cast<std::int64_t>(v->GetInt64()));
      } else if (v->IsUint64()) {
        out.raw(std::to_string(v->GetUint64()));
      } else if (v->IsNumber()) {
        out.number(v->GetDouble());
      } else if (v->IsObject()) {
        out.begin_object();
        stack.push_back({v, 0});
      } else {
        out.begin_array();
        stack.push_back({v, 0});
      }
    }
    v = nullptr;
    if (stack.empty()) return;
    Level& top = stack.back();
    if (top.container->IsObject()) {
      if (top.next == top.container->MemberCount()) {
        out.end_object();
        stack.pop_back();
        continue;
      }
      const auto& m = *(top.container->MemberBegin() + top.next++);
      out.key(std::string_view(m.name.GetString(), m.name.GetStringLength()));
      v = &m.value;
    } else {
      if (top.next == top.container->Size()) {
        out.end_array();
        stack.pop_back();
        continue;
      }
      v = &(*top.container)[top.next++];
    }
  }
}

/// The JSON text of a parsed value.
template <class Value>
std::string json_text(const Value& value) {
  std::string out;
  JsonWriter w(out);
  write_json_value(value, w);
  return out;
}

}  // namespace livediff::detail

#endif  // LIVEDIFF_CORE_DETAIL_JSON_TREE_H
