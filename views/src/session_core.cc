#include "session_core.h"

#include "livediff/core/json.h"
#include "livediff/views/url.h"

namespace livediff::detail {
namespace {
using steady = std::chrono::steady_clock;
}  // namespace

SessionCore::SessionCore(Runtime& runtime, std::string view_name, ViewFactory factory,
                         std::shared_ptr<SessionOutput> output)
    : runtime_(runtime),
      name_(std::move(view_name)),
      factory_(std::move(factory)),
      output_(std::move(output)),
      strand_(boost::asio::make_strand(runtime.io)) {}

SessionCore::~SessionCore() {
  if (status_ != Status::ended) end("shutdown");
}

template <class F>
bool SessionCore::guarded(TelemetryEvent::Kind what, std::string_view event_name, F&& f) {
  const auto start = steady::now();
  try {
    f();
  } catch (const std::exception& e) {
    crash(e.what());
    return false;
  } catch (...) {
    crash("unknown exception");
    return false;
  }
  report(what, event_name, steady::now() - start, 0);
  return true;
}

void SessionCore::report(TelemetryEvent::Kind what, std::string_view event_name, steady::duration d,
                         std::size_t bytes) {
  if (runtime_.telemetry == nullptr) return;
  runtime_.telemetry->on_event({what, name_, event_name,
                                std::chrono::duration_cast<std::chrono::nanoseconds>(d), bytes,
                                connected_});
}

void SessionCore::crash(std::string_view reason) {
  if (status_ == Status::ended) return;
  report(TelemetryEvent::Kind::crash, reason, {}, 0);
  if (runtime_.log) runtime_.log("view " + name_ + " crashed: " + std::string(reason));
  end(std::string("crash: ") + std::string(reason));
  if (output_) output_->closed(true);
}

void SessionCore::end(std::string_view reason) {
  if (status_ == Status::ended) return;
  status_ = Status::ended;
  timers_.clear();
  if (runtime_.pubsub != nullptr) {
    std::shared_ptr<LiveSession> self = self_.lock();
    for (const std::string& t : topics_) runtime_.pubsub->unsubscribe(t, self.get());
  }
  topics_.clear();
  if (view_) {
    try {
      view_->terminate(reason);
    } catch (...) {
      // Already ending; nothing else to stop.
    }
  }
  components_.clear();
  children_.clear();
}

absl::StatusOr<Params> SessionCore::params_of(std::string_view url) const {
  if (params_for_) return params_for_(url);
  absl::StatusOr<Url> parsed = parse_url(url);
  if (!parsed.ok()) return parsed.status();
  return decode_form(parsed->query);
}

bool SessionCore::apply_patch() {
  if (effects_.nav.what != Navigation::Kind::patch) return true;
  uri_ = effects_.nav.to;
  return guarded(TelemetryEvent::Kind::handle_params, {}, [&] {
    // A URL the view made itself that does not parse is the view's bug.
    absl::StatusOr<Params> p = params_of(uri_);
    if (!p.ok())
      throw std::invalid_argument("push_patch to " + uri_ + ": " + p.status().ToString());
    view_->handle_params(*p, uri_, view_socket_);
  });
}

void SessionCore::push_changes() {
  if (status_ != Status::joined) return;
  if (effects_.nav.leaves()) {
    output_->push(effects_.nav.what == Navigation::Kind::redirect ? "redirect" : "live_redirect",
                  effects_.navigation_json());
    effects_.nav = {};
    return;
  }
  const bool patched = effects_.nav.what == Navigation::Kind::patch;
  const std::string patch = patched ? effects_.navigation_json() : std::string();
  if (!apply_patch()) return;
  effects_.nav = {};
  std::optional<std::string> diff = render_diff();
  if (!diff) return;
  if (patched) output_->push("live_patch", patch);
  if (*diff != "{}") output_->push("diff", std::move(*diff));
}

void SessionCore::reply_with_changes(const std::string& ref) {
  if (effects_.nav.leaves()) {
    std::string response = effects_.leave_response();
    effects_.nav = {};
    output_->reply(ref, true, std::move(response));
    return;
  }
  const bool patched = effects_.nav.what == Navigation::Kind::patch;
  const std::string patch = patched ? effects_.navigation_json() : std::string();
  if (!apply_patch()) return;
  effects_.nav = {};
  std::optional<std::string> diff = render_diff();
  if (!diff) return;
  std::string response;
  JsonWriter w(response);
  w.begin_object();
  if (*diff != "{}") w.key("diff").raw(*diff);
  if (patched) w.key("live_patch").raw(patch);
  w.end_object();
  output_->reply(ref, true, std::move(response));
}

void SessionCore::on_join(const std::string& ref, JoinRequest request) {
  if (status_ != Status::idle) {
    output_->reply(ref, false, wire::reason("already joined"));
    return;
  }
  connected_ = true;
  uri_ = request.url;
  view_id_ = request.view_id;
  nested_ = request.nested;
  parent_ = request.parent;
  params_for_ = std::move(request.params_for);
  effects_.flash = std::move(request.flash);
  try {
    view_ = factory_();
  } catch (const std::exception& e) {
    output_->reply(ref, false, wire::reason("unauthorized"));
    crash(e.what());
    return;
  }
  status_ = Status::joined;
  if (!guarded(TelemetryEvent::Kind::mount, {},
               [&] { view_->mount(request.params, request.session, view_socket_); }))
    return;
  if (effects_.nav.leaves()) {
    output_->reply(ref, false, effects_.leave_response());
    end("redirect");
    return;
  }
  effects_.nav = {};
  if (!nested_ && !guarded(TelemetryEvent::Kind::handle_params, {}, [&] {
        view_->handle_params(request.params, uri_, view_socket_);
      }))
    return;
  std::string patch;
  if (effects_.nav.what == Navigation::Kind::patch) {
    patch = effects_.navigation_json();
    if (!apply_patch()) return;
  } else if (effects_.nav.leaves()) {
    output_->reply(ref, false, effects_.leave_response());
    end("redirect");
    return;
  }
  effects_.nav = {};
  diff_state_.clear();
  std::optional<std::string> rendered = render_diff();
  if (!rendered) return;
  std::string response;
  JsonWriter w(response);
  w.begin_object()
      .key("rendered")
      .raw(*rendered)
      .member("liveview_version", runtime_.liveview_version);
  if (!patch.empty()) w.key("live_patch").raw(patch);
  w.end_object();
  output_->reply(ref, true, std::move(response));
}

void SessionCore::on_push(const std::string& ref, const wire::Payload& payload) {
  if (status_ != Status::joined) {
    output_->reply(ref, false, wire::reason("not joined"));
    return;
  }
  if (const auto* event = std::get_if<wire::EventPayload>(&payload)) {
    on_event(ref, *event);
  } else if (const auto* patch = std::get_if<wire::LivePatchPayload>(&payload)) {
    on_live_patch(ref, *patch);
  } else if (const auto* cids = std::get_if<wire::CidsPayload>(&payload)) {
    if (cids->destroyed) {
      on_cids_destroyed(ref, *cids);
    } else {
      output_->reply(ref, true, "{}");
    }
  } else {
    output_->reply(ref, false, wire::reason("unknown event"));
  }
}

void SessionCore::on_event(const std::string& ref, const wire::EventPayload& event) {
  event_json_ = event.value_json;
  LiveComponent* component = nullptr;
  if (event.cid != 0) {
    ComponentSet::Entry* e = components_.find(event.cid);
    if (e == nullptr) {
      // The component went away while the event was in flight, as LiveView tolerates.
      output_->reply(ref, true, "{}");
      return;
    }
    component = e->instance.get();
  }
  bool unhandled = false;
  std::string unhandled_reason;
  const bool ok = guarded(TelemetryEvent::Kind::handle_event, event.event, [&] {
    try {
      if (component != nullptr) {
        ViewSocket socket(*this, event.cid);
        components_.find(event.cid)->dirty = true;
        component->handle_event(event.event, event.value, socket);
      } else {
        view_->handle_event(event.event, event.value, view_socket_);
      }
    } catch (const unhandled_event& e) {
      unhandled = true;
      unhandled_reason = e.what();
    }
  });
  if (!ok) return;
  if (unhandled) {
    output_->reply(ref, false, wire::reason(unhandled_reason));
    return;
  }
  reply_with_changes(ref);
}

void SessionCore::on_live_patch(const std::string& ref, const wire::LivePatchPayload& patch) {
  if (nested_) {
    output_->reply(ref, false, wire::reason("a nested view has no URL"));
    return;
  }
  absl::StatusOr<Params> p = params_of(patch.url);
  if (!p.ok()) {
    output_->reply(ref, false, wire::reason(std::string(p.status().message())));
    return;
  }
  uri_ = patch.url;
  if (!guarded(TelemetryEvent::Kind::handle_params, {},
               [&] { view_->handle_params(*p, uri_, view_socket_); }))
    return;
  reply_with_changes(ref);
}

void SessionCore::on_cids_destroyed(const std::string& ref, const wire::CidsPayload& cids) {
  std::string response;
  JsonWriter w(response);
  w.begin_object().key("cids").begin_array();
  for (std::int32_t cid : cids.cids) {
    // A component rendered again since the client decided to drop it stays.
    if (!components_.remove_unless_rendered(cid, pass_)) continue;
    diff_state_.forget_component(cid);
    w.number(std::int64_t{cid});
  }
  w.end_array().end_object();
  output_->reply(ref, true, std::move(response));
}

void SessionCore::on_info(const Message& message) {
  if (status_ != Status::joined) return;
  if (!guarded(TelemetryEvent::Kind::handle_info, message.event,
               [&] { view_->handle_info(message, view_socket_); }))
    return;
  push_changes();
}

void SessionCore::on_async(const std::string& async_name, AsyncResult& result,
                           absl::AnyInvocable<void(AsyncResult&)>& on_done) {
  if (status_ != Status::joined) return;
  if (!guarded(TelemetryEvent::Kind::handle_async, async_name, [&] {
        if (on_done) {
          on_done(result);
        } else {
          view_->handle_async(async_name, result, view_socket_);
        }
      })) {
    return;
  }
  push_changes();
}

std::size_t SessionCore::memory_bytes() const {
  return sizeof(*this) + diff_state_.memory_bytes() + uri_.capacity() + name_.capacity()
         + event_json_.capacity() + components_.memory_bytes();
}

}  // namespace livediff::detail
