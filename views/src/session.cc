#include "livediff/views/session.h"

#include <chrono>
#include <map>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "livediff/core/diff.h"
#include "livediff/core/escape.h"
#include "livediff/core/html.h"
#include "livediff/core/json.h"

namespace livediff {
namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

// Render trees and differ output are needed only while a render runs, so each thread keeps one
// set for all the sessions it runs: an idle view holds just its diff state.
struct render_scratch {
  Rendered rendered;
  Differ differ;
};
render_scratch& scratch() {
  thread_local render_scratch s;
  return s;
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// phx-value-* objects, hook payloads: values become strings, nested values their JSON text.
void flatten(const rapidjson::Value& v, Params& out) {
  if (!v.IsObject()) {
    if (v.IsString()) {
      out["value"] = std::string(v.GetString(), v.GetStringLength());
    } else if (!v.IsNull()) {
      out["value"] = to_json(v);
    }
    return;
  }
  for (const auto& m : v.GetObject()) {
    std::string key(m.name.GetString(), m.name.GetStringLength());
    if (m.value.IsString()) {
      out[key] = std::string(m.value.GetString(), m.value.GetStringLength());
    } else if (m.value.IsBool()) {
      out[key] = m.value.GetBool() ? "true" : "false";
    } else if (m.value.IsNull()) {
      out[key] = "";
    } else {
      out[key] = to_json(m.value);
    }
  }
}

constexpr std::size_t kMaxPayload = 1 << 20;

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 32) return false;
  for (char c : tag) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

// The container of a nested view, with the attributes the client joins it by. The dead
// render's token is empty, as LiveView's: the client joins a nested view only once its parent
// is connected, with the token of the parent's connected render.
std::string nested_container(const NestedView& nested, std::string_view parent_id,
                             std::string_view token, std::string_view inner) {
  std::string out = "<" + nested.tag + " id=\"";
  append_escaped_html(out, nested.id);
  out += "\"";
  if (!nested.class_name.empty()) {
    out += " class=\"";
    append_escaped_html(out, nested.class_name);
    out += '"';
  }
  out += " data-phx-session=\"";
  append_escaped_html(out, token);
  out += "\" data-phx-static=\"\" data-phx-parent-id=\"";
  append_escaped_html(out, parent_id);
  out += "\">";
  out += inner;
  out += "</" + nested.tag + ">";
  return out;
}

}  // namespace

struct LiveSession::state {
  struct child_entry {
    NestedJoin join;
    std::string token;
  };
  struct component_entry {
    std::type_index type;
    std::string id;
    std::unique_ptr<LiveComponent> instance;
    std::uint64_t rendered_pass = 0;
    bool dirty = false;  // handled an event: renders even when its parent does not place it
  };
  enum class status { idle, joined, ended };
  struct navigation {
    enum class kind { none, patch, navigate, redirect } what = kind::none;
    std::string to;
    bool replace = false;
  };

  // Implements Socket for the view (cid 0) and for each component.
  class socket_impl final : public Socket {
   public:
    socket_impl(state& s, std::int32_t cid) : s_(s), cid_(cid) {}
    bool connected() const override { return s_.connected; }
    const std::string& uri() const override { return s_.uri; }
    void push_patch(std::string to, bool replace) override {
      if (s_.nested) {
        throw std::logic_error("push_patch from the nested view " + s_.name
                               + ": only a view mounted at a route can patch the URL");
      }
      s_.nav = {navigation::kind::patch, std::move(to), replace};
    }
    void push_navigate(std::string to, bool replace) override {
      s_.nav = {navigation::kind::navigate, std::move(to), replace};
    }
    void redirect(std::string to) override { s_.nav = {navigation::kind::redirect, std::move(to)}; }
    void put_flash(std::string kind, std::string message) override {
      s_.flash.insert_or_assign(std::move(kind), std::move(message));
    }
    void clear_flash() override { s_.flash.clear(); }
    const Params& flash() const override { return s_.flash; }
    void set_page_title(std::string title) override { s_.title = std::move(title); }
    void push_event(std::string name, std::string payload_json) override {
      s_.events.emplace_back(std::move(name), std::move(payload_json));
    }
    void reply(std::string json) override { s_.hook_reply = std::move(json); }
    std::string_view event_json() const override { return s_.event_json; }
    std::uint64_t send_after(std::chrono::milliseconds delay, Message message) override {
      return s_.send_after(delay, std::move(message));
    }
    void cancel_timer(std::uint64_t id) override { s_.timers.erase(id); }
    void subscribe(std::string topic) override { s_.subscribe(std::move(topic)); }
    void unsubscribe(std::string_view topic) override { s_.unsubscribe(topic); }
    void broadcast(std::string topic, std::string event, std::any payload) override {
      s_.broadcast(std::move(topic), std::move(event), std::move(payload), false);
    }
    void broadcast_from(std::string topic, std::string event, std::any payload) override {
      s_.broadcast(std::move(topic), std::move(event), std::move(payload), true);
    }
    std::int32_t myself() const override { return cid_; }
    void send_parent(Message message) override {
      if (cid_ == 0 && s_.nested) {
        if (auto parent = s_.parent.lock())
          parent->deliver(std::make_shared<const Message>(std::move(message)));
        return;
      }
      s_.send_after(std::chrono::milliseconds(0), std::move(message));
    }

   protected:
    void start_async_erased(std::string name, absl::AnyInvocable<std::any()> work,
                            absl::AnyInvocable<void(AsyncResult&)> on_done) override {
      s_.start_async(std::move(name), std::move(work), std::move(on_done));
    }

   private:
    state& s_;
    std::int32_t cid_;
  };

  class render_context final : public RenderContext {
   public:
    render_context(state& s, std::int32_t cid, const Statics* statics_check = nullptr)
        : s_(s), cid_(cid) {
      (void)statics_check;
    }
    NodeRef root(const Statics& statics) override {
      Rendered& r = s_.rendered();
      return cid_ == 0 ? r.root(statics) : r.component(cid_, statics);
    }
    bool connected() const override { return s_.connected; }
    const Params& flash() const override { return s_.flash; }
    bool full_render() const override { return s_.diff_state.empty(); }
    std::int32_t myself() const override { return cid_; }

   protected:
    std::int32_t component_for(std::type_index type, std::string_view id,
                               absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                               absl::FunctionRef<void(LiveComponent&, Socket&)> update) override {
      return s_.component_for(type, id, make, update);
    }
    void nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                     const ViewFactory& factory) override {
      s_.nested_view(node, slot, nested, factory);
    }

   private:
    state& s_;
    std::int32_t cid_;
  };

  state(Runtime& rt, std::string view_name, ViewFactory f, std::shared_ptr<SessionOutput> o)
      : runtime(rt),
        name(std::move(view_name)),
        factory(std::move(f)),
        output(std::move(o)),
        strand(asio::make_strand(rt.io)) {}

  Runtime& runtime;
  std::string name;
  ViewFactory factory;
  std::shared_ptr<SessionOutput> output;
  asio::strand<asio::io_context::executor_type> strand;
  std::weak_ptr<LiveSession> self;

  std::unique_ptr<View> view;
  status st = status::idle;
  bool connected = true;
  std::string uri;
  std::function<Params(std::string_view)> params_for;
  Params flash;
  std::optional<std::string> title;
  std::vector<std::pair<std::string, std::string>> events;
  std::optional<std::string> hook_reply;
  std::string event_json;
  navigation nav;

  DiffState diff_state;
  std::uint64_t pass = 0;
  std::map<std::pair<std::type_index, std::string>, std::int32_t, std::less<>> component_ids;
  absl::flat_hash_map<std::int32_t, component_entry> components;
  std::int32_t next_cid = 1;
  absl::flat_hash_map<std::uint64_t, std::unique_ptr<asio::steady_timer>> timers;
  std::uint64_t next_timer = 1;
  std::vector<std::string> topics;

  std::string view_id;
  bool nested = false;
  std::weak_ptr<Mailbox> parent;
  // The dead render of a nested view runs inside its parent's render, which holds the
  // thread's scratch tree: it renders into a tree of its own.
  Rendered* own_rendered = nullptr;
  // Nested views placed since the join; read by the transport when the client joins them.
  mutable absl::Mutex children_mu;
  absl::flat_hash_map<std::string, child_entry> children ABSL_GUARDED_BY(children_mu);

  socket_impl view_socket{*this, 0};

  Rendered& rendered() { return own_rendered != nullptr ? *own_rendered : scratch().rendered; }

  // ---- telemetry and the crash boundary ----

  template <class F>
  bool guarded(telemetry_event::kind what, std::string_view event_name, F&& f) {
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

  void report(telemetry_event::kind what, std::string_view event_name, steady::duration d,
              std::size_t bytes) {
    if (runtime.telemetry == nullptr) return;
    runtime.telemetry->on_event({what, name, event_name,
                                 std::chrono::duration_cast<std::chrono::nanoseconds>(d), bytes,
                                 connected});
  }

  void crash(std::string_view reason) {
    if (st == status::ended) return;
    report(telemetry_event::kind::crash, reason, {}, 0);
    if (runtime.log) runtime.log("view " + name + " crashed: " + std::string(reason));
    end(std::string("crash: ") + std::string(reason));
    if (output) output->closed(true);
  }

  void end(std::string_view reason) {
    if (st == status::ended) return;
    st = status::ended;
    timers.clear();
    if (runtime.pubsub != nullptr) {
      for (const std::string& t : topics) runtime.pubsub->unsubscribe(t, self.lock().get());
    }
    topics.clear();
    if (view) {
      try {
        view->terminate(reason);
      } catch (...) {
        // Already ending; nothing else to stop.
      }
    }
    components.clear();
    component_ids.clear();
    absl::MutexLock lock(&children_mu);
    children.clear();
  }

  // ---- services for sockets ----

  std::uint64_t send_after(std::chrono::milliseconds delay, Message message) {
    const std::uint64_t id = next_timer++;
    auto timer = std::make_unique<asio::steady_timer>(strand, delay);
    auto msg = std::make_shared<const Message>(std::move(message));
    timer->async_wait([weak = self, id, msg](boost::system::error_code ec) {
      if (ec) return;
      if (auto session = weak.lock()) {
        state& s = *session->s_;
        s.timers.erase(id);
        s.on_info(*msg);
      }
    });
    timers[id] = std::move(timer);
    return id;
  }

  void subscribe(std::string topic) {
    if (runtime.pubsub == nullptr) return;
    runtime.pubsub->subscribe(topic, self);
    if (std::find(topics.begin(), topics.end(), topic) == topics.end())
      topics.push_back(std::move(topic));
  }

  void unsubscribe(std::string_view topic) {
    if (runtime.pubsub == nullptr) return;
    runtime.pubsub->unsubscribe(topic, self.lock().get());
    std::erase(topics, topic);
  }

  void broadcast(std::string topic, std::string event, std::any payload, bool from) {
    if (runtime.pubsub == nullptr) return;
    auto msg = std::make_shared<const Message>(
        Message{std::move(topic), std::move(event), std::move(payload)});
    std::shared_ptr<LiveSession> me = self.lock();
    runtime.pubsub->broadcast(std::move(msg), from ? me.get() : nullptr);
  }

  void start_async(std::string async_name, absl::AnyInvocable<std::any()> work,
                   absl::AnyInvocable<void(AsyncResult&)> on_done) {
    auto job = [weak = self, strand_ex = strand, async_name = std::move(async_name),
                work = std::move(work), on_done = std::move(on_done)]() mutable {
      auto result = std::make_shared<AsyncResult>();
      try {
        result->value = work();
        result->ok = true;
      } catch (const std::exception& e) {
        result->error = e.what();
      } catch (...) {
        result->error = "unknown exception";
      }
      asio::post(strand_ex, [weak, async_name = std::move(async_name), result,
                             on_done = std::move(on_done)]() mutable {
        if (auto session = weak.lock()) session->s_->on_async(async_name, *result, on_done);
      });
    };
    if (runtime.async_pool != nullptr) {
      asio::post(*runtime.async_pool, std::move(job));
    } else {
      asio::post(runtime.io, std::move(job));
    }
  }

  std::int32_t component_for(std::type_index type, std::string_view id,
                             absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                             absl::FunctionRef<void(LiveComponent&, Socket&)> update) {
    auto key = std::make_pair(type, std::string(id));
    auto it = component_ids.find(key);
    std::int32_t cid;
    if (it == component_ids.end()) {
      cid = next_cid++;
      component_ids.emplace(key, cid);
      component_entry& e =
          components.emplace(cid, component_entry{type, std::string(id), make(), 0}).first->second;
      socket_impl socket(*this, cid);
      e.instance->mount(socket);
    } else {
      cid = it->second;
    }
    component_entry& e = components.at(cid);
    if (e.rendered_pass == pass) return cid;  // placed twice in one render: rendered once
    socket_impl socket(*this, cid);
    update(*e.instance, socket);
    render_component(cid, e);
    return cid;
  }

  void nested_view(NodeRef node, std::size_t slot, const NestedView& nv, const ViewFactory& make) {
    if (nv.id.empty()) throw render_error("live_render needs the nested view's id");
    if (!valid_tag(nv.tag))
      throw render_error("live_render: \"" + nv.tag + "\" is not a container tag name");
    const std::string child_name = nv.name.empty() ? nv.id : nv.name;
    if (!connected) {
      JoinRequest request;  // no URL: only the view at the route owns it
      request.session = nv.session;
      request.view_id = nv.id;
      request.nested = true;
      Rendered tree;
      DeadRender dead = dead_render_in(runtime, child_name, make, request, &tree);
      // A nested view that redirects on mount redirects the whole page, as in LiveView.
      if (dead.redirect && nav.what == navigation::kind::none)
        nav = {navigation::kind::redirect, *dead.redirect};
      node.html(slot, nested_container(nv, view_id, {}, dead.html));
      return;
    }
    std::string token;
    {
      absl::MutexLock lock(&children_mu);
      child_entry& child = children[nv.id];
      // Signed once per id: the container stays byte-identical across renders, so it costs
      // nothing in later diffs. A later render's session does not remount a joined view (the
      // client keeps the token it joined with), as in LiveView.
      if (child.token.empty() || child.join.name != child_name) {
        std::string claims = "{\"v\":";
        append_json_string(claims, child_name);
        claims += ",\"id\":";
        append_json_string(claims, nv.id);
        claims += ",\"p\":";
        append_json_string(claims, view_id);
        claims += '}';
        child.token = runtime.sign_token ? runtime.sign_token(claims) : claims;
        child.join = NestedJoin{child_name, make, nv.session};
      }
      token = child.token;
    }
    node.html(slot, nested_container(nv, view_id, token, {}));
  }

  static DeadRender dead_render_in(Runtime& runtime, std::string_view view_name,
                                   const ViewFactory& factory, const JoinRequest& request,
                                   Rendered* tree);

  void render_component(std::int32_t cid, component_entry& e) {
    e.rendered_pass = pass;
    e.dirty = false;
    render_context ctx(*this, cid);
    e.instance->render(ctx);
  }

  // ---- rendering ----

  // Renders the view and its components and returns the diff (or the full render when the
  // client holds nothing). Top-level title, pushed events and hook reply ride along.
  std::optional<std::string> render_diff() {
    const auto start = steady::now();
    ++pass;
    std::string extras;
    std::string diff;
    try {
      render_context ctx(*this, 0);
      view->render(ctx);
      // Components whose state changed but whose parent did not place them this time (inside
      // a stream item, say) still send their new render.
      std::vector<std::int32_t> dirty;
      for (const auto& [cid, e] : components) {
        if (e.dirty && e.rendered_pass != pass) dirty.push_back(cid);
      }
      for (std::int32_t cid : dirty) render_component(cid, components.at(cid));
      if (title) {
        extras += "\"t\":";
        append_json_string(extras, *title);
        title.reset();
      }
      if (!events.empty()) {
        if (!extras.empty()) extras += ',';
        extras += "\"e\":[";
        for (std::size_t i = 0; i < events.size(); ++i) {
          if (i > 0) extras += ',';
          extras += '[';
          append_json_string(extras, events[i].first);
          extras += ',';
          extras += events[i].second;
          extras += ']';
        }
        extras += ']';
        events.clear();
      }
      if (hook_reply) {
        if (!extras.empty()) extras += ',';
        extras += "\"r\":";
        extras += *hook_reply;
        hook_reply.reset();
      }
      diff = std::string(scratch().differ.diff(scratch().rendered, diff_state, extras));
      view->rendered();
    } catch (const std::exception& e) {
      crash(e.what());
      return std::nullopt;
    } catch (...) {
      crash("unknown exception in render");
      return std::nullopt;
    }
    report(telemetry_event::kind::render, {}, steady::now() - start, diff.size());
    return diff;
  }

  std::string navigation_json() const {
    std::string out = "{\"to\":" + json_string(nav.to);
    if (nav.what != navigation::kind::redirect) {
      out += nav.replace ? ",\"kind\":\"replace\"" : ",\"kind\":\"push\"";
    }
    // The flash travels with live navigation: the client hands it to the next join.
    if (nav.what == navigation::kind::navigate && !flash.empty()) {
      out += ",\"flash\":{";
      bool first = true;
      for (const auto& [k, v] : flash) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, k);
        out += ':';
        append_json_string(out, v);
      }
      out += '}';
    }
    return out + "}";
  }

  // After a callback: handle a live patch in place (handle_params runs before rendering).
  bool apply_patch() {
    if (nav.what != navigation::kind::patch) return true;
    uri = nav.to;
    Params p = params_for ? params_for(nav.to) : parse_query(split_url(nav.to).query);
    return guarded(telemetry_event::kind::handle_params, {},
                   [&] { view->handle_params(p, uri, view_socket); });
  }

  // Sends what a server-initiated callback produced: navigation and the diff.
  void push_changes() {
    if (st != status::joined) return;
    if (nav.what == navigation::kind::redirect || nav.what == navigation::kind::navigate) {
      output->push(nav.what == navigation::kind::redirect ? "redirect" : "live_redirect",
                   navigation_json());
      nav = {};
      return;
    }
    const bool patched = nav.what == navigation::kind::patch;
    const std::string patch = patched ? navigation_json() : std::string();
    if (!apply_patch()) return;
    nav = {};
    std::optional<std::string> diff = render_diff();
    if (!diff) return;
    if (patched) output->push("live_patch", patch);
    if (*diff != "{}") output->push("diff", std::move(*diff));
  }

  // ---- entry points, on the strand ----

  void on_join(const std::string& ref, JoinRequest request) {
    if (st != status::idle) {
      output->reply(ref, false, R"({"reason":"already joined"})");
      return;
    }
    connected = true;
    uri = request.url;
    view_id = request.view_id;
    nested = request.nested;
    parent = request.parent;
    params_for = std::move(request.params_for);
    flash = std::move(request.flash);
    try {
      view = factory();
    } catch (const std::exception& e) {
      output->reply(ref, false, R"({"reason":"unauthorized"})");
      crash(e.what());
      return;
    }
    st = status::joined;
    if (!guarded(telemetry_event::kind::mount, {},
                 [&] { view->mount(request.params, request.session, view_socket); }))
      return;
    if (nav.what == navigation::kind::redirect || nav.what == navigation::kind::navigate) {
      const char* key = nav.what == navigation::kind::redirect ? "redirect" : "live_redirect";
      output->reply(ref, false, std::string("{\"") + key + "\":" + navigation_json() + "}");
      end("redirect");
      return;
    }
    nav = {};
    if (!nested && !guarded(telemetry_event::kind::handle_params, {}, [&] {
          view->handle_params(request.params, uri, view_socket);
        }))
      return;
    std::string patch;
    if (nav.what == navigation::kind::patch) {
      patch = navigation_json();
      if (!apply_patch()) return;
    } else if (nav.what != navigation::kind::none) {
      const char* key = nav.what == navigation::kind::redirect ? "redirect" : "live_redirect";
      output->reply(ref, false, std::string("{\"") + key + "\":" + navigation_json() + "}");
      end("redirect");
      return;
    }
    nav = {};
    diff_state.clear();
    std::optional<std::string> rendered = render_diff();
    if (!rendered) return;
    std::string response = "{\"rendered\":" + *rendered;
    response += ",\"liveview_version\":" + json_string(runtime.liveview_version);
    if (!patch.empty()) response += ",\"live_patch\":" + patch;
    response += '}';
    output->reply(ref, true, std::move(response));
  }

  void on_push(const std::string& ref, const std::string& event, const std::string& payload_json) {
    if (st != status::joined) {
      output->reply(ref, false, R"({"reason":"not joined"})");
      return;
    }
    if (payload_json.size() > kMaxPayload) {
      output->reply(ref, false, R"({"reason":"payload too large"})");
      return;
    }
    rapidjson::Document payload;
    payload.Parse<rapidjson::kParseIterativeFlag>(payload_json.data(), payload_json.size());
    if (payload.HasParseError() || !payload.IsObject()) {
      output->reply(ref, false, R"({"reason":"malformed payload"})");
      return;
    }
    if (event == "event") {
      on_event(ref, payload);
    } else if (event == "live_patch") {
      on_live_patch(ref, payload);
    } else if (event == "cids_will_destroy") {
      output->reply(ref, true, "{}");
    } else if (event == "cids_destroyed") {
      on_cids_destroyed(ref, payload);
    } else {
      output->reply(ref, false, R"({"reason":"unknown event"})");
    }
  }

  void on_event(const std::string& ref, const rapidjson::Value& payload) {
    auto type = payload.FindMember("type");
    auto event_member = payload.FindMember("event");
    if (type == payload.MemberEnd() || !type->value.IsString()
        || event_member == payload.MemberEnd() || !event_member->value.IsString()) {
      output->reply(ref, false, R"({"reason":"event needs a type and a name"})");
      return;
    }
    const std::string event_name(event_member->value.GetString(),
                                 event_member->value.GetStringLength());
    const std::string_view kind(type->value.GetString(), type->value.GetStringLength());
    Params value;
    event_json = "null";
    if (auto v = payload.FindMember("value"); v != payload.MemberEnd()) {
      event_json = to_json(v->value);
      if (kind == "form") {
        if (v->value.IsString())
          parse_query(std::string_view(v->value.GetString(), v->value.GetStringLength()), value);
      } else {
        flatten(v->value, value);
      }
    }
    if (kind == "form") {
      if (auto meta = payload.FindMember("meta");
          meta != payload.MemberEnd() && meta->value.IsObject()) {
        auto target = meta->value.FindMember("_target");
        if (target != meta->value.MemberEnd() && target->value.IsString()) {
          value["_target"] =
              std::string(target->value.GetString(), target->value.GetStringLength());
        }
      }
    }
    std::int32_t cid = 0;
    if (auto c = payload.FindMember("cid"); c != payload.MemberEnd() && c->value.IsInt()) {
      cid = c->value.GetInt();
    }
    LiveComponent* component = nullptr;
    if (cid != 0) {
      auto it = components.find(cid);
      if (it == components.end()) {
        // The component went away while the event was in flight, as LiveView tolerates.
        output->reply(ref, true, "{}");
        return;
      }
      component = it->second.instance.get();
    }
    bool unhandled = false;
    std::string unhandled_reason;
    const bool ok = guarded(telemetry_event::kind::handle_event, event_name, [&] {
      try {
        if (component != nullptr) {
          socket_impl socket(*this, cid);
          components.at(cid).dirty = true;
          component->handle_event(event_name, value, socket);
        } else {
          view->handle_event(event_name, value, view_socket);
        }
      } catch (const unhandled_event& e) {
        unhandled = true;
        unhandled_reason = e.what();
      }
    });
    if (!ok) return;
    if (unhandled) {
      output->reply(ref, false, "{\"reason\":" + json_string(unhandled_reason) + "}");
      return;
    }
    reply_with_changes(ref);
  }

  // The reply to a client push: navigation, and the diff of what the callback changed.
  void reply_with_changes(const std::string& ref) {
    if (nav.what == navigation::kind::redirect || nav.what == navigation::kind::navigate) {
      const char* key = nav.what == navigation::kind::redirect ? "redirect" : "live_redirect";
      std::string response = std::string("{\"") + key + "\":" + navigation_json() + "}";
      nav = {};
      output->reply(ref, true, std::move(response));
      return;
    }
    const bool patched = nav.what == navigation::kind::patch;
    const std::string patch = patched ? navigation_json() : std::string();
    if (!apply_patch()) return;
    nav = {};
    std::optional<std::string> diff = render_diff();
    if (!diff) return;
    std::string response = "{";
    if (*diff != "{}") response += "\"diff\":" + *diff;
    if (patched) {
      if (response.size() > 1) response += ',';
      response += "\"live_patch\":" + patch;
    }
    response += '}';
    output->reply(ref, true, std::move(response));
  }

  void on_live_patch(const std::string& ref, const rapidjson::Value& payload) {
    auto url = payload.FindMember("url");
    if (url == payload.MemberEnd() || !url->value.IsString()) {
      output->reply(ref, false, R"({"reason":"live_patch needs a url"})");
      return;
    }
    uri.assign(url->value.GetString(), url->value.GetStringLength());
    Params p = params_for ? params_for(uri) : parse_query(split_url(uri).query);
    if (!guarded(telemetry_event::kind::handle_params, {},
                 [&] { view->handle_params(p, uri, view_socket); }))
      return;
    reply_with_changes(ref);
  }

  void on_cids_destroyed(const std::string& ref, const rapidjson::Value& payload) {
    auto cids = payload.FindMember("cids");
    if (cids == payload.MemberEnd() || !cids->value.IsArray()) {
      output->reply(ref, false, R"({"reason":"cids_destroyed needs cids"})");
      return;
    }
    std::string removed;
    for (const auto& c : cids->value.GetArray()) {
      if (!c.IsInt()) continue;
      auto it = components.find(c.GetInt());
      // A component rendered again since the client decided to drop it stays.
      if (it == components.end() || it->second.rendered_pass == pass) continue;
      component_ids.erase(std::make_pair(it->second.type, it->second.id));
      components.erase(it);
      diff_state.forget_component(c.GetInt());
      if (!removed.empty()) removed += ',';
      removed += std::to_string(c.GetInt());
    }
    output->reply(ref, true, "{\"cids\":[" + removed + "]}");
  }

  void on_info(const Message& message) {
    if (st != status::joined) return;
    if (!guarded(telemetry_event::kind::handle_info, message.event,
                 [&] { view->handle_info(message, view_socket); }))
      return;
    push_changes();
  }

  void on_async(const std::string& async_name, AsyncResult& result,
                absl::AnyInvocable<void(AsyncResult&)>& on_done) {
    if (st != status::joined) return;
    if (!guarded(telemetry_event::kind::handle_async, async_name, [&] {
          if (on_done) {
            on_done(result);
          } else {
            view->handle_async(async_name, result, view_socket);
          }
        })) {
      return;
    }
    push_changes();
  }
};

LiveSession::LiveSession(std::unique_ptr<state> s) : s_(std::move(s)) {}

LiveSession::~LiveSession() {
  if (s_->st != state::status::ended) s_->end("shutdown");
}

std::shared_ptr<LiveSession> LiveSession::create(Runtime& runtime, std::string view_name,
                                                 ViewFactory factory,
                                                 std::shared_ptr<SessionOutput> output) {
  auto s =
      std::make_unique<state>(runtime, std::move(view_name), std::move(factory), std::move(output));
  std::shared_ptr<LiveSession> session(new LiveSession(std::move(s)));
  session->s_->self = session;
  return session;
}

void LiveSession::join(std::string ref, JoinRequest request) {
  asio::post(s_->strand, [self = shared_from_this(), ref = std::move(ref),
                          request = std::move(request)]() mutable {
    self->s_->on_join(ref, std::move(request));
  });
}

void LiveSession::client_push(std::string ref, std::string event, std::string payload_json) {
  asio::post(s_->strand,
             [self = shared_from_this(), ref = std::move(ref), event = std::move(event),
              payload = std::move(payload_json)] { self->s_->on_push(ref, event, payload); });
}

void LiveSession::deliver(MessagePtr message) {
  asio::post(s_->strand, [weak = weak_from_this(), message = std::move(message)] {
    if (auto self = weak.lock()) self->s_->on_info(*message);
  });
}

void LiveSession::leave(std::string reason) {
  asio::post(s_->strand,
             [self = shared_from_this(), reason = std::move(reason)] { self->s_->end(reason); });
}

std::size_t LiveSession::memory_bytes() const {
  return sizeof(*this) + sizeof(state) + s_->diff_state.memory_bytes() + s_->uri.capacity()
         + s_->name.capacity() + s_->event_json.capacity()
         + s_->components.capacity() * sizeof(std::pair<std::int32_t, state::component_entry>);
}

const Params& LiveSession::flash() const {
  return s_->flash;
}

void LiveSession::snapshot(std::function<void(std::string html)> done) {
  asio::post(s_->strand, [self = shared_from_this(), done = std::move(done)] {
    state& s = *self->s_;
    std::string html;
    if (s.st == state::status::joined) {
      // A render into a fresh state: full, and leaves the client's diff state alone.
      DiffState saved = std::move(s.diff_state);
      s.diff_state = DiffState();
      try {
        ++s.pass;
        state::render_context ctx(s, 0);
        s.view->render(ctx);
        (void)render_html(scratch().rendered, html, {.view_id = "__VIEW__"});
      } catch (...) {
        html.clear();
      }
      s.diff_state = std::move(saved);
    }
    done(std::move(html));
  });
}

std::optional<NestedJoin> LiveSession::nested(std::string_view id) const {
  absl::MutexLock lock(&s_->children_mu);
  auto it = s_->children.find(std::string(id));
  if (it == s_->children.end()) return std::nullopt;
  return it->second.join;
}

DeadRender dead_render(Runtime& runtime, std::string_view view_name, const ViewFactory& factory,
                       const JoinRequest& request) {
  return LiveSession::state::dead_render_in(runtime, view_name, factory, request, nullptr);
}

DeadRender LiveSession::state::dead_render_in(Runtime& runtime, std::string_view view_name,
                                              const ViewFactory& factory,
                                              const JoinRequest& request, Rendered* tree) {
  LiveSession::state s(runtime, std::string(view_name), factory, nullptr);
  s.connected = false;
  s.uri = request.url;
  s.view_id = request.view_id;
  s.nested = request.nested;
  s.own_rendered = tree;
  s.view = factory();
  s.st = LiveSession::state::status::joined;
  DeadRender out;
  const auto start = steady::now();
  s.view->mount(request.params, request.session, s.view_socket);
  s.report(telemetry_event::kind::mount, {}, steady::now() - start, 0);
  auto nav_target = [&]() -> std::optional<std::string> {
    if (s.nav.what == LiveSession::state::navigation::kind::none) return std::nullopt;
    return s.nav.to;
  };
  if (auto to = nav_target()) {
    out.redirect = *to;
    return out;
  }
  if (!request.nested) s.view->handle_params(request.params, s.uri, s.view_socket);
  if (auto to = nav_target()) {
    out.redirect = *to;
    return out;
  }
  ++s.pass;
  LiveSession::state::render_context ctx(s, 0);
  s.view->render(ctx);
  if (auto to = nav_target()) {  // a nested view redirected
    out.redirect = *to;
    return out;
  }
  absl::Status status = render_html(s.rendered(), out.html);
  if (!status.ok()) throw std::runtime_error(std::string(status.message()));
  out.title = s.title.value_or("");
  out.flash = s.flash;
  s.st = LiveSession::state::status::ended;
  s.view->terminate("dead render");
  return out;
}

}  // namespace livediff
