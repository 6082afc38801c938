#include "livediff/testing/live_view_test.h"

#include <deque>
#include <thread>

#include <rapidjson/document.h>

#include "livediff/core/detail/json_tree.h"
#include "livediff/core/json.h"
#include "livediff/views/url.h"
#include "livediff/views/wire.h"

namespace livediff {
namespace {

std::string to_json(const rapidjson::Value& v) {
  return detail::json_text(v);
}

std::string form_encode(const Params& form) {
  return encode_form(form);
}

std::string params_json(const Params& p) {
  std::string out = "{";
  for (const auto& [k, v] : p) {
    if (out.size() > 1) out += ',';
    append_json_string(out, k);
    out += ':';
    append_json_string(out, v);
  }
  return out + "}";
}

// The value of attribute `name` in a start tag, unescaped for the few entities we render.
std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  std::string needle = " " + std::string(name) + "=\"";
  std::size_t at = tag.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  at += needle.size();
  std::size_t end = tag.find('"', at);
  std::string raw(tag.substr(at, end - at));
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw.compare(i, 5, "&amp;") == 0) {
      out += '&';
      i += 4;
    } else if (raw.compare(i, 6, "&quot;") == 0) {
      out += '"';
      i += 5;
    } else if (raw.compare(i, 5, "&#39;") == 0) {
      out += '\'';
      i += 4;
    } else if (raw.compare(i, 4, "&lt;") == 0) {
      out += '<';
      i += 3;
    } else if (raw.compare(i, 4, "&gt;") == 0) {
      out += '>';
      i += 3;
    } else
      out += raw[i];
  }
  return out;
}

}  // namespace

void TestEnvironment::settle() {
  for (int round = 0; round < 1000; ++round) {
    io.restart();
    if (io.poll() == 0) return;
  }
}

bool TestEnvironment::run_until(const std::function<bool()>& done,
                                std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    if (io.run_one_for(std::chrono::milliseconds(5)) == 0) std::this_thread::yield();
  }
  settle();
  return true;
}

class LiveViewTest::recorder final : public SessionOutput {
 public:
  struct output {
    enum class kind { reply, push, closed } what;
    std::string ref_or_event;
    bool ok = true;
    std::string json;
  };
  void reply(std::string_view ref, bool ok, std::string response_json) override {
    queue.push_back({output::kind::reply, std::string(ref), ok, std::move(response_json)});
  }
  void push(std::string_view event, std::string payload_json) override {
    queue.push_back({output::kind::push, std::string(event), true, std::move(payload_json)});
  }
  void closed(bool error) override { queue.push_back({output::kind::closed, {}, !error, {}}); }
  std::deque<output> queue;
};

LiveViewTest::LiveViewTest(TestEnvironment& env, DeadRender dead, std::string view_id)
    : env_(env),
      dead_(std::move(dead)),
      output_(std::make_shared<recorder>()),
      client_(std::move(view_id)) {}

LiveViewTest::~LiveViewTest() {
  if (session_ && !closed_) {
    session_->leave("test ended");
    env_.settle();
  }
}

absl::StatusOr<std::unique_ptr<LiveViewTest>> LiveViewTest::mount(TestEnvironment& env,
                                                                  ViewFactory factory,
                                                                  std::string url, Params params,
                                                                  Params session) {
  JoinRequest request;
  request.url = url;
  request.params = params;
  absl::StatusOr<Url> parsed = parse_url(url);
  if (!parsed.ok()) return parsed.status();
  if (absl::Status s = decode_form(parsed->query, request.params); !s.ok()) return s;
  request.session = session;
  request.view_id = "phx-view";
  Params path_params = params;
  request.params_for = [path_params](std::string_view u) -> absl::StatusOr<Params> {
    absl::StatusOr<Url> parsed_url = parse_url(u);
    if (!parsed_url.ok()) return parsed_url.status();
    Params p = path_params;
    if (absl::Status s = decode_form(parsed_url->query, p); !s.ok()) return s;
    return p;
  };
  DeadRender dead;
  try {
    dead = dead_render(env.runtime, "test", factory, request);
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("dead render threw: ") + e.what());
  }
  std::unique_ptr<LiveViewTest> lv(new LiveViewTest(env, std::move(dead), "phx-view"));
  if (lv->dead_.redirect) {
    lv->redirect_ = lv->dead_.redirect;
    return lv;
  }
  lv->session_ = LiveSession::create(env.runtime, "test", std::move(factory), lv->output_);
  lv->session_->join("join", std::move(request));
  env.settle();
  if (absl::Status s = lv->apply("", ""); !s.ok()) return s;
  if (lv->crashed_) return absl::InternalError("the view crashed on join");
  return lv;
}

absl::StatusOr<std::unique_ptr<LiveViewTest>> LiveViewTest::live_child(std::string_view id) {
  if (session_ == nullptr || closed_)
    return absl::FailedPreconditionError("the view is not joined");
  std::optional<NestedJoin> nested = session_->nested(id);
  if (!nested)
    return absl::NotFoundError("the view has not rendered a nested view " + std::string(id));
  JoinRequest request;
  request.session = std::move(nested->session);
  request.view_id = std::string(id);
  request.nested = true;
  request.parent = session_;
  std::unique_ptr<LiveViewTest> lv(new LiveViewTest(env_, DeadRender{}, std::string(id)));
  lv->session_ =
      LiveSession::create(env_.runtime, nested->name, std::move(nested->factory), lv->output_);
  lv->session_->join("join", std::move(request));
  env_.settle();
  if (absl::Status s = lv->apply("", ""); !s.ok()) return s;
  if (lv->crashed_) return absl::InternalError("the nested view crashed on join");
  (void)apply("", "");  // what the parent sent meanwhile (send_parent on mount, say)
  return lv;
}

absl::Status LiveViewTest::push(std::string event, std::string payload_json) {
  if (session_ == nullptr || closed_)
    return absl::FailedPreconditionError("the view is not joined");
  // Through the same decoder as a frame from a socket.
  const std::string ref = std::to_string(next_ref_++);
  std::string text = "[\"1\",";
  append_json_string(text, ref);
  text += ",\"lv:phx-view\",";
  append_json_string(text, event);
  text += "," + payload_json + "]";
  absl::StatusOr<wire::Frame> frame = wire::parse_frame(text);
  if (!frame.ok()) return frame.status();
  if (!frame->payload_status.ok()) {
    last_reply_ = wire::reason(std::string(frame->payload_status.message()));
    return absl::InvalidArgumentError("error reply: " + last_reply_);
  }
  session_->client_push(ref, std::move(frame->payload));
  env_.settle();
  return apply("", "");
}

// Merges everything the session sent since the last call, as the browser would.
absl::Status LiveViewTest::apply(std::string_view, std::string_view) {
  absl::Status result = absl::OkStatus();
  auto merge_diff = [&](const rapidjson::Value& diff, bool join) -> absl::Status {
    std::string json = to_json(diff);
    diffs_.push_back(json);
    if (auto e = diff.FindMember("e"); e != diff.MemberEnd() && e->value.IsArray()) {
      for (const auto& ev : e->value.GetArray()) {
        if (ev.IsArray() && ev.Size() >= 2 && ev[0].IsString()) {
          events_.emplace_back(std::string(ev[0].GetString(), ev[0].GetStringLength()),
                               to_json(ev[1]));
        }
      }
    }
    if (auto r = diff.FindMember("r"); r != diff.MemberEnd()) hook_reply_ = to_json(r->value);
    return join ? client_.join(json) : client_.merge(json);
  };
  auto navigation = [&](const rapidjson::Value& obj) {
    auto to = [](const rapidjson::Value& v) -> std::optional<std::string> {
      if (!v.IsObject()) return std::nullopt;
      auto t = v.FindMember("to");
      if (t == v.MemberEnd() || !t->value.IsString()) return std::nullopt;
      return std::string(t->value.GetString(), t->value.GetStringLength());
    };
    if (auto m = obj.FindMember("redirect"); m != obj.MemberEnd()) redirect_ = to(m->value);
    if (auto m = obj.FindMember("live_redirect"); m != obj.MemberEnd())
      live_redirect_ = to(m->value);
    if (auto m = obj.FindMember("live_patch"); m != obj.MemberEnd()) live_patch_ = to(m->value);
  };
  while (!output_->queue.empty()) {
    recorder::output out = std::move(output_->queue.front());
    output_->queue.pop_front();
    if (out.what == recorder::output::kind::closed) {
      closed_ = true;
      crashed_ = crashed_ || !out.ok;
      continue;
    }
    rapidjson::Document doc;
    doc.Parse(out.json.data(), out.json.size());
    if (doc.HasParseError())
      return absl::InternalError("the session sent invalid JSON: " + out.json);
    if (out.what == recorder::output::kind::reply) {
      last_reply_ = out.json;
      navigation(doc);
      if (!out.ok) {
        result = absl::InvalidArgumentError("error reply: " + out.json);
        continue;
      }
      if (auto r = doc.FindMember("rendered"); r != doc.MemberEnd()) {
        if (absl::Status s = merge_diff(r->value, true); !s.ok()) return s;
      }
      if (auto d = doc.FindMember("diff"); d != doc.MemberEnd()) {
        if (absl::Status s = merge_diff(d->value, false); !s.ok()) return s;
      }
    } else if (out.ref_or_event == "diff") {
      if (absl::Status s = merge_diff(doc, false); !s.ok()) return s;
    } else {
      rapidjson::Document wrapped;
      wrapped.SetObject();
      rapidjson::Value key(out.ref_or_event.c_str(), wrapped.GetAllocator());
      rapidjson::Value copy(doc, wrapped.GetAllocator());
      wrapped.AddMember(key, copy, wrapped.GetAllocator());
      navigation(wrapped);
    }
  }
  return result;
}

absl::Status LiveViewTest::click(std::string_view event, const Params& value, std::int32_t cid) {
  std::string payload = R"({"type":"click","event":)";
  append_json_string(payload, event);
  payload += ",\"value\":" + params_json(value);
  if (cid != 0) payload += ",\"cid\":" + std::to_string(cid);
  return push("event", payload + "}");
}

absl::Status LiveViewTest::click_element(std::string_view attribute_name, std::string_view value) {
  const std::string& page = html();
  std::string needle = " " + std::string(attribute_name) + "=\"" + std::string(value) + "\"";
  std::size_t at = page.find(needle);
  if (at == std::string::npos) return absl::NotFoundError("no element with" + needle);
  std::size_t start = page.rfind('<', at);
  std::size_t end = page.find('>', at);
  std::string_view tag = std::string_view(page).substr(start, end - start);
  std::optional<std::string> event = attribute(tag, "phx-click");
  if (!event) return absl::NotFoundError("the element has no phx-click");
  Params values;
  for (std::size_t p = tag.find(" phx-value-"); p != std::string_view::npos;
       p = tag.find(" phx-value-", p + 1)) {
    std::size_t eq = tag.find('=', p);
    std::string name(tag.substr(p + 11, eq - p - 11));
    if (auto v = attribute(tag, "phx-value-" + name)) values[name] = *v;
  }
  std::int32_t cid = 0;
  if (auto target = attribute(tag, "phx-target")) cid = std::atoi(target->c_str());
  return click(*event, values, cid);
}

absl::Status LiveViewTest::change(std::string_view event, const Params& form,
                                  std::string_view target, std::int32_t cid) {
  std::string payload = R"({"type":"form","event":)";
  append_json_string(payload, event);
  payload += ",\"value\":";
  append_json_string(payload, form_encode(form));
  payload += ",\"meta\":{\"_target\":";
  append_json_string(payload, target.empty() ? std::string_view("undefined") : target);
  payload += "},\"uploads\":{}";
  if (cid != 0) payload += ",\"cid\":" + std::to_string(cid);
  return push("event", payload + "}");
}

absl::Status LiveViewTest::submit(std::string_view event, const Params& form, std::int32_t cid) {
  std::string payload = R"({"type":"form","event":)";
  append_json_string(payload, event);
  payload += ",\"value\":";
  append_json_string(payload, form_encode(form));
  payload += ",\"meta\":{}";
  if (cid != 0) payload += ",\"cid\":" + std::to_string(cid);
  return push("event", payload + "}");
}

absl::Status LiveViewTest::hook(std::string_view event, std::string_view json_value) {
  std::string payload = R"({"type":"hook","event":)";
  append_json_string(payload, event);
  payload += ",\"value\":" + std::string(json_value) + "}";
  hook_reply_.reset();
  return push("event", payload);
}

absl::Status LiveViewTest::patch(std::string url) {
  std::string payload = "{\"url\":";
  append_json_string(payload, url);
  return push("live_patch", payload + "}");
}

void LiveViewTest::send_info(Message message) {
  if (session_ == nullptr) return;
  session_->deliver(std::make_shared<const Message>(std::move(message)));
  env_.settle();
  (void)apply("", "");
}

bool LiveViewTest::run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    (void)apply("", "");
    if (done()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    env_.io.restart();
    if (env_.io.run_one_for(std::chrono::milliseconds(5)) == 0) std::this_thread::yield();
  }
}

void LiveViewTest::leave() {
  if (session_ == nullptr || closed_) return;
  session_->leave();
  env_.settle();
  closed_ = true;
}

}  // namespace livediff
