// The one checked JSON reader of client input: size first, then an iterative parse at most
// wire::kMaxDepth deep in which every string must be UTF-8; and a writer of parsed values that
// walks them without recursion.
#ifndef LIVEDIFF_VIEWS_SRC_CHECKED_JSON_H
#define LIVEDIFF_VIEWS_SRC_CHECKED_JSON_H

#include <optional>
#include <string>
#include <string_view>

#include <absl/status/status.h>
#include <rapidjson/document.h>

#include "livediff/core/json.h"

namespace livediff::detail {

/// Parses `text` into `doc`: kResourceExhausted over `max_bytes` or too deep, kInvalidArgument
/// for malformed JSON or a string that is not UTF-8.
absl::Status parse_checked(std::string_view text, std::size_t max_bytes, rapidjson::Document& doc);

/// The JSON text of `value`, written without recursion.
std::string to_json(const rapidjson::Value& value);

/// The member `name` of `obj` when `obj` is an object that has it, else nullptr.
const rapidjson::Value* member(const rapidjson::Value& obj, const char* name);
/// The string `v`, if it is one.
std::optional<std::string_view> string_of(const rapidjson::Value& v);
/// A value as Params text: strings as they are, booleans as words, null as empty, the rest as
/// JSON.
std::string text_of(const rapidjson::Value& v);

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_CHECKED_JSON_H
