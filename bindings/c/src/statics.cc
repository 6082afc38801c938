// livediff_statics and livediff_fields: the immutable objects a host makes once and shares.
#include <algorithm>

#include "abi.h"

using livediff::c_abi::fail;
using livediff::c_abi::guard;
using livediff::c_abi::object;
using livediff::c_abi::tag;

extern "C" {

LIVEDIFF_API livediff_status livediff_statics_new(const livediff_str* parts, size_t count,
                                                  livediff_statics** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    if (count == 0) fail(LIVEDIFF_INVALID_ARGUMENT, "statics need at least one part");
    if (count > LIVEDIFF_MAX_PARTS) {
      fail(LIVEDIFF_RESOURCE_EXHAUSTED, "statics have more than LIVEDIFF_MAX_PARTS parts");
    }
    if (parts == nullptr) fail(LIVEDIFF_INVALID_ARGUMENT, "parts is NULL");
    std::vector<std::string> owned;
    owned.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      owned.emplace_back(livediff::c_abi::utf8(parts[i].data, parts[i].size, "a statics part"));
    }
    auto handle = std::make_unique<livediff_statics>();
    handle->statics = livediff::Statics::make(std::move(owned));
    *out = handle.release();
  });
}

LIVEDIFF_API void livediff_statics_free(livediff_statics* statics) {
  if (statics == nullptr || statics->tag_ != tag::statics) return;
  statics->tag_ = tag::dead;
  delete statics;
}

LIVEDIFF_API size_t livediff_statics_dynamic_count(const livediff_statics* statics) {
  if (statics == nullptr || statics->tag_ != tag::statics) return 0;
  return statics->statics->dynamic_count();
}

LIVEDIFF_API uint64_t livediff_statics_fingerprint(const livediff_statics* statics) {
  if (statics == nullptr || statics->tag_ != tag::statics) return 0;
  return statics->statics->fingerprint();
}

LIVEDIFF_API livediff_status livediff_fields_new(const livediff_field* fields, size_t count,
                                                 livediff_fields** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    if (fields == nullptr && count != 0) fail(LIVEDIFF_INVALID_ARGUMENT, "fields is NULL");
    if (count > LIVEDIFF_MAX_PARTS) {
      fail(LIVEDIFF_RESOURCE_EXHAUSTED, "more fields than LIVEDIFF_MAX_PARTS");
    }
    auto handle = std::make_unique<livediff_fields>();
    handle->fields.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const livediff_field& f = fields[i];
      if (f.kind > LIVEDIFF_FIELD_ATTR) {
        fail(LIVEDIFF_INVALID_ARGUMENT, "field " + std::to_string(i) + " has an unknown kind");
      }
      if (f.slot >= LIVEDIFF_MAX_PARTS) {
        fail(LIVEDIFF_OUT_OF_RANGE,
             "field " + std::to_string(i) + " names slot " + std::to_string(f.slot));
      }
      std::string name;
      if (f.kind == LIVEDIFF_FIELD_ATTR) {
        name = livediff::c_abi::attr_name(f.name.data, f.name.size);
      }
      handle->max_slot = std::max(handle->max_slot, f.slot);
      handle->name_bytes = std::max(handle->name_bytes, name.size());
      handle->fields.push_back({f.slot, static_cast<livediff_field_kind>(f.kind), std::move(name)});
    }
    *out = handle.release();
  });
}

LIVEDIFF_API void livediff_fields_free(livediff_fields* fields) {
  if (fields == nullptr || fields->tag_ != tag::fields) return;
  fields->tag_ = tag::dead;
  delete fields;
}

}  // extern "C"
