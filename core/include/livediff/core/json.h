// JSON output: the string encoder the diff uses, and the one writer of every other piece of
// JSON the library sends (frames, replies, token claims).
#ifndef LIVEDIFF_CORE_JSON_H
#define LIVEDIFF_CORE_JSON_H

#include <cstdint>
#include <string>
#include <string_view>

namespace livediff {

/// Appends `s` as a JSON string literal (quotes included). Well-formed UTF-8 passes through;
/// a byte that is not part of a well-formed sequence becomes U+FFFD, so the output is always
/// valid UTF-8 (a WebSocket text frame with invalid UTF-8 makes the browser drop the socket).
void append_json_string(std::string& out, std::string_view s);

/// Writes JSON into a string, placing commas and escaping every string and key with
/// `append_json_string`, so what it writes is valid JSON and valid UTF-8 by construction.
/// A structural mistake (an `end_object` without its `begin_object`, a value where a key is
/// due) is a bug in the caller and fails LIVEDIFF_ASSERT.
/// Lifetime: appends to `out`, which must outlive the writer.
class JsonWriter {
 public:
  /// Containers the writer can nest: more than any frame it writes needs.
  static constexpr int kMaxDepth = 64;

  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The key of the next member of the current object.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view value);
  JsonWriter& number(std::int64_t value);
  /// A finite double as its shortest round-trip text; NaN and infinities become null.
  JsonWriter& number(double value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  /// A value that is already JSON produced by this library (a diff from `Differ`, a value this
  /// writer wrote): copied as it is.
  JsonWriter& raw(std::string_view json);

  /// `key(name).string(value)`.
  JsonWriter& member(std::string_view name, std::string_view value) {
    return key(name).string(value);
  }

  /// Whether every container begun has ended.
  bool complete() const { return depth_ == 0 && wrote_; }

 private:
  void before_value();
  void open(char c);
  void close(char c, bool object);

  std::string& out_;
  std::uint64_t has_items_ = 0;  // bit d: the container at depth d has a value already
  std::uint64_t is_object_ = 0;  // bit d: the container at depth d is an object
  int depth_ = 0;
  bool after_key_ = false;
  bool wrote_ = false;
};

}  // namespace livediff

#endif  // LIVEDIFF_CORE_JSON_H
