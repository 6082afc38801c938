#include "checked_json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "livediff/core/detail/json_tree.h"
#include "livediff/views/wire.h"

namespace livediff::detail {

absl::Status parse_checked(std::string_view text, std::size_t max_bytes, rapidjson::Document& doc) {
  if (text.size() > max_bytes) {
    return absl::ResourceExhaustedError("JSON of " + std::to_string(text.size())
                                        + " bytes, over the limit of " + std::to_string(max_bytes));
  }
  absl::Status status;
  auto generate = [&](rapidjson::Document& handler) {
    rapidjson::MemoryStream in(text.data(), text.size());
    LimitedJsonHandler<rapidjson::Document> limited(handler, wire::kMaxDepth);
    rapidjson::Reader reader;
    rapidjson::ParseResult r = reader.Parse<rapidjson::kParseIterativeFlag>(in, limited);
    if (r) return true;
    status = !limited.why().ok()
                 ? limited.why()
                 : absl::InvalidArgumentError(std::string("malformed JSON: ")
                                              + rapidjson::GetParseError_En(r.Code()) + " at "
                                              + std::to_string(r.Offset()));
    return false;
  };
  doc.Populate(generate);
  return status;
}

std::string to_json(const rapidjson::Value& value) {
  return json_text(value);
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> string_of(const rapidjson::Value& v) {
  if (!v.IsString()) return std::nullopt;
  return std::string_view(v.GetString(), v.GetStringLength());
}

std::string text_of(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsNull()) return {};
  return to_json(v);
}

}  // namespace livediff::detail
