// livediff_client: the model of the browser client, for hosts' tests.
#include "abi.h"

using livediff::c_abi::fail;
using livediff::c_abi::guard;
using livediff::c_abi::object;
using livediff::c_abi::tag;

namespace {

void check_status(const absl::Status& s) {
  if (!s.ok()) fail(LIVEDIFF_INVALID_ARGUMENT, std::string(s.message()));
}

}  // namespace

extern "C" {

LIVEDIFF_API livediff_status livediff_client_new(const char* view_id, size_t view_id_size,
                                                 livediff_client** out) {
  return guard([&] {
    livediff::c_abi::require_out(out, "out");
    *out = nullptr;
    const std::string_view id = livediff::c_abi::utf8(view_id, view_id_size, "view_id");
    for (char c : id) {
      if (c == '"' || c == '&' || c == '<') fail(LIVEDIFF_INVALID_ARGUMENT, "view_id has markup");
    }
    *out = new livediff_client(std::string(id));
  });
}

LIVEDIFF_API void livediff_client_free(livediff_client* client) {
  if (client == nullptr || client->tag_ != tag::client) return;
  client->tag_ = tag::dead;
  delete client;
}

LIVEDIFF_API livediff_status livediff_client_join(livediff_client* client, const char* json,
                                                  size_t size) {
  return guard([&] {
    livediff_client& c = object(client, tag::client, "client");
    const std::string_view j = livediff::c_abi::utf8(json, size, "the JSON");
    check_status(c.model.join(j));
  });
}

LIVEDIFF_API livediff_status livediff_client_merge(livediff_client* client, const char* json,
                                                   size_t size) {
  return guard([&] {
    livediff_client& c = object(client, tag::client, "client");
    const std::string_view j = livediff::c_abi::utf8(json, size, "the JSON");
    check_status(c.model.merge(j));
  });
}

LIVEDIFF_API livediff_status livediff_client_html(const livediff_client* client, const char** out,
                                                  size_t* out_size) {
  return guard([&] {
    const livediff_client& c = object(client, tag::client, "client");
    livediff::c_abi::require_out(out, "out");
    livediff::c_abi::require_out(out_size, "out_size");
    *out = c.model.html().c_str();
    *out_size = c.model.html().size();
  });
}

LIVEDIFF_API livediff_status livediff_client_title(const livediff_client* client, const char** out,
                                                   size_t* out_size) {
  return guard([&] {
    const livediff_client& c = object(client, tag::client, "client");
    livediff::c_abi::require_out(out, "out");
    livediff::c_abi::require_out(out_size, "out_size");
    *out = c.model.title().c_str();
    *out_size = c.model.title().size();
  });
}

LIVEDIFF_API livediff_status livediff_client_prune(livediff_client* client, const int32_t* cids,
                                                   size_t count) {
  return guard([&] {
    livediff_client& c = object(client, tag::client, "client");
    if (cids == nullptr && count != 0) fail(LIVEDIFF_INVALID_ARGUMENT, "cids is NULL");
    if (count > LIVEDIFF_MAX_NODES) fail(LIVEDIFF_RESOURCE_EXHAUSTED, "too many cids");
    c.model.prune_components(std::span<const std::int32_t>(cids, count));
  });
}

}  // extern "C"
