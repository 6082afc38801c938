// LimitedJsonHandler: a RapidJSON SAX handler wrapper that refuses nesting beyond a limit and
// strings that are not UTF-8, for parsers of untrusted JSON. Header-only and free of RapidJSON
// itself, so that it adds no dependency to the headers that include it.
#ifndef LIVEDIFF_CORE_DETAIL_JSON_LIMITS_H
#define LIVEDIFF_CORE_DETAIL_JSON_LIMITS_H

#include <cstdint>
#include <string>
#include <string_view>

#include <absl/status/status.h>

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

}  // namespace livediff::detail

#endif  // LIVEDIFF_CORE_DETAIL_JSON_LIMITS_H
