#include "livediff/views/wire.h"

#include <limits>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "livediff/core/json.h"
#include "livediff/core/utf8.h"
#include "livediff/views/url.h"

#include "checked_json.h"

namespace livediff::wire {
namespace {

using detail::member;
using detail::string_of;
using detail::text_of;
using rapidjson::Value;

// The string members of an object; other members are not ours to read (a flash, a session).
Params strings_of(const Value* obj) {
  Params out;
  if (obj == nullptr || !obj->IsObject()) return out;
  for (const auto& m : obj->GetObject()) {
    if (auto s = string_of(m.value)) out.emplace(*string_of(m.name), std::string(*s));
  }
  return out;
}

// Every member of an object as Params text.
void texts_of(const Value& obj, Params& out) {
  for (const auto& m : obj.GetObject())
    out.insert_or_assign(std::string(*string_of(m.name)), text_of(m.value));
}

absl::StatusOr<JoinPayload> join_payload(const Value& p) {
  JoinPayload out;
  const Value* url = member(p, "url");
  const Value* redirect = member(p, "redirect");
  out.navigation = url == nullptr && redirect != nullptr;
  // A nested view joins without a URL: only the view at the route owns it.
  const Value* target = out.navigation ? redirect : url;
  if (target != nullptr && !target->IsNull()) {
    if (!target->IsString()) return absl::InvalidArgumentError("a join's url is a string");
    out.url = *string_of(*target);
  }
  if (const Value* s = member(p, "session"); s != nullptr && s->IsString()) {
    out.session = *string_of(*s);
  }
  if (const Value* s = member(p, "static"); s != nullptr && s->IsString()) {
    out.static_token = *string_of(*s);
  }
  if (const Value* params = member(p, "params"); params != nullptr && params->IsObject()) {
    texts_of(*params, out.params);
  }
  out.flash = strings_of(member(p, "flash"));
  return out;
}

absl::StatusOr<EventPayload> event_payload(const Value& p) {
  EventPayload out;
  const Value* type = member(p, "type");
  const Value* event = member(p, "event");
  if (type == nullptr || event == nullptr || !type->IsString() || !event->IsString()) {
    return absl::InvalidArgumentError("event needs a type and a name");
  }
  out.type = *string_of(*type);
  out.event = *string_of(*event);
  if (const Value* cid = member(p, "cid"); cid != nullptr && !cid->IsNull()) {
    if (!cid->IsInt() || cid->GetInt() < 0) {
      return absl::InvalidArgumentError("cid must be a component id");
    }
    out.cid = cid->GetInt();
  }
  const Value* value = member(p, "value");
  if (value != nullptr) out.value_json = detail::to_json(*value);
  if (out.type == "form") {
    if (value != nullptr && value->IsString()) {
      if (absl::Status s = decode_form(*string_of(*value), out.value); !s.ok()) return s;
    } else if (value != nullptr && !value->IsNull()) {
      return absl::InvalidArgumentError("a form event's value is its URL-encoded data");
    }
    if (const Value* target = member(p, "meta"); target != nullptr) {
      if (const Value* t = member(*target, "_target"); t != nullptr && t->IsString()) {
        out.value.insert_or_assign("_target", std::string(*string_of(*t)));
      }
    }
  } else if (value != nullptr) {
    if (value->IsObject()) {
      texts_of(*value, out.value);
    } else if (!value->IsNull()) {
      out.value.emplace("value", text_of(*value));
    }
  }
  return out;
}

absl::StatusOr<CidsPayload> cids_payload(const Value& p, bool destroyed) {
  const Value* cids = member(p, "cids");
  if (cids == nullptr || !cids->IsArray()) return absl::InvalidArgumentError("needs cids");
  CidsPayload out;
  out.destroyed = destroyed;
  for (const auto& c : cids->GetArray()) {
    if (!c.IsInt() || c.GetInt() <= 0) return absl::InvalidArgumentError("cids are positive");
    out.cids.push_back(c.GetInt());
  }
  return out;
}

// The payload of `event`; monostate for events whose payload the server does not read.
absl::StatusOr<Payload> payload_of(std::string_view event, const Value& p) {
  if (event == "phx_join") return join_payload(p);
  if (event == "event") return event_payload(p);
  if (event == "live_patch") {
    const Value* url = member(p, "url");
    if (url == nullptr || !url->IsString()) {
      return absl::InvalidArgumentError("live_patch needs a url");
    }
    return LivePatchPayload{std::string(*string_of(*url))};
  }
  if (event == "cids_will_destroy") return cids_payload(p, false);
  if (event == "cids_destroyed") return cids_payload(p, true);
  return Payload{};
}

// Reads only `[join_ref, ref, topic, event,` of a frame whose whole did not parse, so that a
// frame refused for its payload (too deep, not UTF-8) still gets an error reply to its ref.
class EnvelopeReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, EnvelopeReader> {
 public:
  bool StartArray() {
    if (depth_++ != 0) return fail();
    return true;
  }
  bool Null() { return part(std::nullopt); }
  bool String(const char* s, rapidjson::SizeType n, bool) { return part(std::string_view(s, n)); }
  // Anything else: a payload (the fifth element) ends the envelope; elsewhere it is not one.
  bool Default() { return depth_ == 1 && index_ == 4 ? done() : fail(); }
  bool StartObject() { return Default(); }
  bool EndArray(rapidjson::SizeType) { return fail(); }

  std::optional<Frame> frame() const {
    if (!complete_) return std::nullopt;
    Frame f;
    f.join_ref = parts_[0];
    f.ref = parts_[1];
    f.topic = parts_[2];
    f.event = parts_[3];
    return f;
  }

 private:
  bool part(std::optional<std::string_view> v) {
    if (depth_ != 1) return fail();
    if (index_ == 4) return done();
    if (!v && index_ >= 2) return fail();  // topic and event are strings
    if (v && !is_valid_utf8(*v)) return fail();
    parts_[index_++] = v ? std::string(*v) : std::string();
    return true;
  }
  bool done() {
    complete_ = true;
    return false;  // stop reading: the rest is the payload
  }
  bool fail() { return false; }

  int depth_ = 0;
  int index_ = 0;
  std::string parts_[4];
  bool complete_ = false;
};

std::optional<Frame> envelope_of(std::string_view text) {
  rapidjson::MemoryStream in(text.data(), text.size());
  EnvelopeReader reader;
  rapidjson::Reader().Parse<rapidjson::kParseIterativeFlag>(in, reader);
  return reader.frame();
}

}  // namespace

absl::StatusOr<Frame> parse_frame(std::string_view text) {
  rapidjson::Document doc;
  if (absl::Status s = detail::parse_checked(text, kMaxFrameBytes, doc); !s.ok()) {
    if (text.size() <= kMaxFrameBytes) {
      if (std::optional<Frame> f = envelope_of(text)) {
        f->payload_status = std::move(s);
        return *std::move(f);
      }
    }
    return s;
  }
  if (!doc.IsArray() || doc.Size() != 5) {
    return absl::InvalidArgumentError("not a [join_ref, ref, topic, event, payload] array");
  }
  const Value& jr = doc[0];
  const Value& rf = doc[1];
  if (!(jr.IsString() || jr.IsNull()) || !(rf.IsString() || rf.IsNull()) || !doc[2].IsString()
      || !doc[3].IsString()) {
    return absl::InvalidArgumentError("refs, topic and event must be strings");
  }
  Frame out;
  out.join_ref = string_of(jr).value_or("");
  out.ref = string_of(rf).value_or("");
  out.topic = *string_of(doc[2]);
  out.event = *string_of(doc[3]);
  const Value& payload = doc[4];
  if (!payload.IsObject()) {
    out.payload_status = absl::InvalidArgumentError("malformed payload");
    return out;
  }
  absl::StatusOr<Payload> p = payload_of(out.event, payload);
  if (p.ok()) {
    out.payload = *std::move(p);
  } else {
    out.payload_status = p.status();
  }
  return out;
}

std::string write_claims(const Claims& claims) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().member("v", claims.view).member("id", claims.id);
  if (!claims.parent.empty()) w.member("p", claims.parent);
  if (!claims.session.empty()) {
    w.key("s").begin_object();
    for (const auto& [k, v] : claims.session) w.member(k, v);
    w.end_object();
  }
  w.end_object();
  return out;
}

absl::StatusOr<Claims> parse_claims(std::string_view json) {
  rapidjson::Document doc;
  if (absl::Status s = detail::parse_checked(json, kMaxFrameBytes, doc); !s.ok()) return s;
  const Value* view = member(doc, "v");
  const Value* id = member(doc, "id");
  if (view == nullptr || id == nullptr || !view->IsString() || !id->IsString()) {
    return absl::InvalidArgumentError("claims need a view and an id");
  }
  Claims out;
  out.view = *string_of(*view);
  out.id = *string_of(*id);
  if (const Value* parent = member(doc, "p")) {
    if (!parent->IsString() || parent->GetStringLength() == 0) {
      return absl::InvalidArgumentError("a parent is a view id");
    }
    out.parent = *string_of(*parent);
  }
  out.session = strings_of(member(doc, "s"));
  return out;
}

absl::StatusOr<std::string> normalize_json(std::string_view json) {
  rapidjson::Document doc;
  if (absl::Status s = detail::parse_checked(json, kMaxFrameBytes, doc); !s.ok()) return s;
  return detail::to_json(doc);
}

std::string frame(std::string_view join_ref, std::string_view ref, std::string_view topic,
                  std::string_view event, std::string_view payload_json) {
  std::string out;
  out.reserve(payload_json.size() + topic.size() + event.size() + 32);
  JsonWriter w(out);
  w.begin_array();
  join_ref.empty() ? w.null() : w.string(join_ref);
  ref.empty() ? w.null() : w.string(ref);
  w.string(topic).string(event).raw(payload_json).end_array();
  return out;
}

std::string reply_payload(bool ok, std::string_view response_json) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .member("status", ok ? "ok" : "error")
      .key("response")
      .raw(response_json)
      .end_object();
  return out;
}

std::string reason(std::string_view text) {
  std::string out;
  JsonWriter(out).begin_object().member("reason", text).end_object();
  return out;
}

}  // namespace livediff::wire
