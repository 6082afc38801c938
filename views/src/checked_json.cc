#include "checked_json.h"

#include <vector>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "livediff/core/detail/json_limits.h"
#include "livediff/views/wire.h"

namespace livediff::detail {

using rapidjson::SizeType;

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

void write_value(const rapidjson::Value& root, JsonWriter& out) {
  struct level {
    const rapidjson::Value* container;
    SizeType next;
  };
  std::vector<level> stack;
  const rapidjson::Value* v = &root;
  for (;;) {
    if (v != nullptr) {
      switch (v->GetType()) {
        case rapidjson::kNullType:
          out.null();
          break;
        case rapidjson::kFalseType:
          out.boolean(false);
          break;
        case rapidjson::kTrueType:
          out.boolean(true);
          break;
        case rapidjson::kStringType:
          out.string(std::string_view(v->GetString(), v->GetStringLength()));
          break;
        case rapidjson::kNumberType:
          if (v->IsInt64()) {
            out.number(v->GetInt64());
          } else if (v->IsUint64()) {
            out.raw(std::to_string(v->GetUint64()));
          } else {
            out.number(v->GetDouble());
          }
          break;
        case rapidjson::kObjectType:
          out.begin_object();
          stack.push_back({v, 0});
          break;
        case rapidjson::kArrayType:
          out.begin_array();
          stack.push_back({v, 0});
          break;
      }
    }
    v = nullptr;
    if (stack.empty()) return;
    level& top = stack.back();
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

std::string to_json(const rapidjson::Value& value) {
  std::string out;
  JsonWriter w(out);
  write_value(value, w);
  return out;
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
