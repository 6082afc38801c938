#include "livediff/net/channel.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "livediff/core/json.h"

namespace livediff::net {
namespace {

using rapidjson::Value;

constexpr std::size_t kMaxFrame = 8 << 20;

std::string to_json(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string_view string_of(const Value& v) {
  return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

const Value* member(const Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

// The string members of a JSON object (a session, a flash); other values are not ours.
void add_strings(const Value& obj, Params& out) {
  if (!obj.IsObject()) return;
  for (const auto& m : obj.GetObject()) {
    if (m.value.IsString()) out[std::string(string_of(m.name))] = std::string(string_of(m.value));
  }
}

enum log_kind : std::uint32_t {
  kLogMalformed = 1,
  kLogToken = 2,
  kLogTopic = 4,
  kLogRate = 8,
  kLogRoute = 16,
};

}  // namespace

std::string make_frame(std::string_view join_ref, std::string_view ref, std::string_view topic,
                       std::string_view event, std::string_view payload_json) {
  std::string out = "[";
  if (join_ref.empty()) {
    out += "null";
  } else {
    append_json_string(out, join_ref);
  }
  out += ',';
  if (ref.empty()) {
    out += "null";
  } else {
    append_json_string(out, ref);
  }
  out += ',';
  append_json_string(out, topic);
  out += ',';
  append_json_string(out, event);
  out += ',';
  out.append(payload_json);
  out += ']';
  return out;
}

// The SessionOutput of one joined topic: frames the session's output for the socket.
class ChannelConnection::topic_output final : public SessionOutput {
 public:
  topic_output(std::weak_ptr<ChannelConnection> conn, std::string topic, std::string join_ref)
      : conn_(std::move(conn)), topic_(std::move(topic)), join_ref_(std::move(join_ref)) {}

  void reply(std::string_view ref, bool ok, std::string response_json) override {
    if (auto c = conn_.lock()) c->reply(join_ref_, ref, topic_, ok, response_json);
  }
  void push(std::string_view event, std::string payload_json) override {
    if (auto c = conn_.lock()) c->send_(make_frame(join_ref_, {}, topic_, event, payload_json));
  }
  void closed(bool error) override {
    auto c = conn_.lock();
    if (c == nullptr) return;
    c->drop_topic(topic_, session);
    c->send_(make_frame(join_ref_, join_ref_, topic_, error ? "phx_error" : "phx_close", "{}"));
  }
  const LiveSession* session = nullptr;

 private:
  std::weak_ptr<ChannelConnection> conn_;
  std::string topic_;
  std::string join_ref_;
};

std::shared_ptr<ChannelConnection> ChannelConnection::create(ChannelEnvironment& env,
                                                             send_function send,
                                                             close_function close, bool csrf_ok) {
  return std::shared_ptr<ChannelConnection>(
      new ChannelConnection(env, std::move(send), std::move(close), csrf_ok));
}

ChannelConnection::ChannelConnection(ChannelEnvironment& env, send_function send,
                                     close_function close, bool csrf_ok)
    : env_(env),
      send_(std::move(send)),
      close_(std::move(close)),
      tokens_(env.limits.burst),
      refill_(std::chrono::steady_clock::now()),
      csrf_ok_(csrf_ok) {}

ChannelConnection::~ChannelConnection() {
  on_disconnect();
}

std::size_t ChannelConnection::joined_topics() const {
  absl::MutexLock lock(&mu_);
  return topics_.size();
}

void ChannelConnection::log_once(std::string_view what) {
  std::uint32_t kind = what.starts_with("malformed") ? kLogMalformed
                       : what.starts_with("token")   ? kLogToken
                       : what.starts_with("topic")   ? kLogTopic
                       : what.starts_with("rate")    ? kLogRate
                                                     : kLogRoute;
  if (logged_ & kind) return;
  logged_ |= kind;
  if (env_.log) env_.log(what);
}

bool ChannelConnection::take_token() {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - refill_).count();
  refill_ = now;
  tokens_ = std::min(env_.limits.burst, tokens_ + elapsed * env_.limits.messages_per_second);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void ChannelConnection::reply(std::string_view join_ref, std::string_view ref,
                              std::string_view topic, bool ok, std::string_view response) {
  std::string payload = ok ? R"({"status":"ok","response":)" : R"({"status":"error","response":)";
  payload.append(response);
  payload += '}';
  send_(make_frame(join_ref, ref, topic, "phx_reply", payload));
}

void ChannelConnection::refuse_join(std::string_view join_ref, std::string_view ref,
                                    std::string_view topic, std::string_view reason) {
  reply(join_ref, ref, topic, false, std::string(R"({"reason":")") + std::string(reason) + "\"}");
}

void ChannelConnection::drop_topic(const std::string& topic, const LiveSession* session) {
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end() || it->second.session.get() != session) return;
    topics_.erase(it);
  }
  end_children(topic);
}

void ChannelConnection::end_children(const std::string& topic) {
  std::vector<std::shared_ptr<LiveSession>> ended;
  {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> parents{topic};
    while (!parents.empty()) {
      const std::string parent = std::move(parents.back());
      parents.pop_back();
      for (auto it = topics_.begin(); it != topics_.end();) {
        if (it->second.parent_topic == parent) {
          parents.push_back(it->first);
          ended.push_back(std::move(it->second.session));
          topics_.erase(it++);
        } else {
          ++it;
        }
      }
    }
  }
  // The client drops the nested views of a parent that ended (it leaves them itself), so they
  // end without a frame.
  for (auto& session : ended) session->leave("parent ended");
}

void ChannelConnection::on_disconnect() {
  absl::flat_hash_map<std::string, joined> topics;
  {
    absl::MutexLock lock(&mu_);
    topics.swap(topics_);
  }
  for (auto& [topic, j] : topics) j.session->leave("disconnected");
}

void ChannelConnection::on_text(std::string_view text) {
  if (text.size() > kMaxFrame) {
    log_once("malformed frame: too large");
    return;
  }
  rapidjson::Document frame;
  frame.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (frame.HasParseError() || !frame.IsArray() || frame.Size() != 5) {
    log_once("malformed frame: not a [join_ref, ref, topic, event, payload] array");
    return;
  }
  const Value& jr = frame[0];
  const Value& rf = frame[1];
  if (!(jr.IsString() || jr.IsNull()) || !(rf.IsString() || rf.IsNull()) || !frame[2].IsString()
      || !frame[3].IsString()) {
    log_once("malformed frame: refs, topic and event must be strings");
    return;
  }
  const std::string join_ref(string_of(jr));
  const std::string ref(string_of(rf));
  const std::string topic(string_of(frame[2]));
  const std::string event(string_of(frame[3]));
  const Value& payload = frame[4];

  if (!take_token()) {
    log_once("rate limit exceeded");
    if (++refused_ > env_.limits.flood_limit) {
      close_("flood");
      return;
    }
    if (!ref.empty()) reply(join_ref, ref, topic, false, R"({"reason":"rate limited"})");
    return;
  }
  refused_ = 0;

  if (topic == "phoenix") {
    if (event == "heartbeat") {
      reply({}, ref, topic, true, "{}");
    } else {
      reply({}, ref, topic, false, R"({"reason":"unknown phoenix event"})");
    }
    return;
  }
  if (!topic.starts_with("lv:")) {
    log_once("topic not served");
    reply(join_ref, ref, topic, false, R"({"reason":"unmatched topic"})");
    return;
  }
  if (!payload.IsObject()) {
    log_once("malformed payload: not an object");
    reply(join_ref, ref, topic, false, R"({"reason":"malformed payload"})");
    return;
  }
  if (event == "phx_join") {
    join(join_ref, ref, topic, to_json(payload));
    return;
  }
  std::shared_ptr<LiveSession> session;
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(topic);
    if (it != topics_.end()) session = it->second.session;
    if (event == "phx_leave" && it != topics_.end()) topics_.erase(it);
  }
  if (session == nullptr) {
    log_once("topic not joined");
    reply(join_ref, ref, topic, false, R"({"reason":"unmatched topic"})");
    return;
  }
  if (event == "phx_leave") {
    session->leave();
    end_children(topic);
    reply(join_ref, ref, topic, true, "{}");
    return;
  }
  session->client_push(ref, event, to_json(payload));
}

void ChannelConnection::join(std::string_view join_ref, std::string_view ref,
                             std::string_view topic, const std::string& payload_json) {
  rapidjson::Document payload;
  payload.Parse(payload_json.data(), payload_json.size());
  auto refuse = [&](std::string_view reason) { refuse_join(join_ref, ref, topic, reason); };
  if (!csrf_ok_) {
    log_once("token refused: missing or wrong CSRF token");
    refuse("stale");
    return;
  }
  const Value* session_token = member(payload, "session");
  if (session_token == nullptr || !session_token->IsString()) {
    log_once("token missing");
    refuse("unauthorized");
    return;
  }
  absl::StatusOr<std::string> verified =
      env_.tokens.verify(string_of(*session_token), env_.token_max_age);
  if (!verified.ok()) {
    log_once("token refused: " + std::string(verified.status().message()));
    // An outdated token makes the client reload the page and get a fresh one.
    refuse(verified.status().code() == absl::StatusCode::kDeadlineExceeded ? "stale"
                                                                           : "unauthorized");
    return;
  }
  rapidjson::Document claims;
  claims.Parse(verified->data(), verified->size());
  const Value* view_name = member(claims, "v");
  const Value* view_id = member(claims, "id");
  const Value* session_data = member(claims, "s");
  if (view_name == nullptr || view_id == nullptr || !view_name->IsString() || !view_id->IsString()
      || string_of(*view_id) != topic.substr(3)) {
    log_once("token does not match the topic");
    refuse("unauthorized");
    return;
  }
  if (const Value* parent = member(claims, "p"); parent != nullptr) {
    if (!parent->IsString()) {
      log_once("token does not match the topic");
      refuse("unauthorized");
      return;
    }
    join_nested(join_ref, ref, topic, string_of(*parent), string_of(*view_name), payload);
    return;
  }
  const Value* url = member(payload, "url");
  const Value* redirect = member(payload, "redirect");
  const bool navigating = url == nullptr && redirect != nullptr;
  const Value* target = navigating ? redirect : url;
  if (target == nullptr || !target->IsString()) {
    refuse("unauthorized");
    return;
  }
  const std::string page_url(string_of(*target));
  url_parts parts = split_url(page_url);
  auto route = env_.router.match_live(parts.path);
  // A dead render's token names its view; live navigation may go to any live route.
  if (!route || (!navigating && route->route->name != string_of(*view_name))) {
    log_once("route refused for the token");
    refuse("unauthorized");
    return;
  }
  JoinRequest request;
  request.url = page_url;
  request.params = route->params;
  parse_query(parts.query, request.params);
  if (session_data != nullptr) add_strings(*session_data, request.session);
  if (const Value* flash = member(payload, "flash")) add_strings(*flash, request.flash);
  const Router& router = env_.router;
  request.params_for = [&router](std::string_view u) {
    url_parts p = split_url(u);
    Params out;
    if (auto m = router.match_live(p.path)) out = m->params;
    parse_query(p.query, out);
    return out;
  };

  request.view_id = std::string(topic.substr(3));
  start(join_ref, ref, topic, {}, route->route->name, route->route->factory, std::move(request));
}

void ChannelConnection::join_nested(std::string_view join_ref, std::string_view ref,
                                    std::string_view topic, std::string_view parent_id,
                                    std::string_view view_name, const rapidjson::Value& payload) {
  auto refuse = [&](std::string_view reason) { refuse_join(join_ref, ref, topic, reason); };
  std::string parent_topic = "lv:" + std::string(parent_id);
  std::shared_ptr<LiveSession> parent;
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(parent_topic);
    if (it != topics_.end()) parent = it->second.session;
  }
  // Not "unauthorized": that would make the client reload the page, while a nested view whose
  // parent is rejoining just tries again.
  if (parent == nullptr) {
    log_once("topic of the parent view not joined on this socket");
    refuse("parent not joined");
    return;
  }
  std::optional<NestedJoin> nested = parent->nested(topic.substr(3));
  if (!nested || nested->name != view_name) {
    log_once("topic not rendered by its parent");
    refuse("not rendered by its parent");
    return;
  }
  JoinRequest request;
  request.session = std::move(nested->session);
  request.view_id = std::string(topic.substr(3));
  request.nested = true;
  request.parent = parent;
  if (const Value* flash = member(payload, "flash")) add_strings(*flash, request.flash);
  start(join_ref, ref, topic, std::move(parent_topic), nested->name, std::move(nested->factory),
        std::move(request));
}

void ChannelConnection::start(std::string_view join_ref, std::string_view ref,
                              std::string_view topic, std::string parent_topic,
                              const std::string& view_name, ViewFactory factory,
                              JoinRequest request) {
  auto output =
      std::make_shared<topic_output>(weak_from_this(), std::string(topic), std::string(join_ref));
  auto session = LiveSession::create(env_.runtime, view_name, std::move(factory), output);
  output->session = session.get();
  std::shared_ptr<LiveSession> replaced;
  const std::string topic_key(topic);
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(topic_key);
    if (it == topics_.end() && topics_.size() >= env_.limits.max_topics) {
      session.reset();
    } else if (it != topics_.end()) {
      replaced = std::move(it->second.session);  // a rejoin replaces the old channel
      it->second = {session, std::move(parent_topic)};
    } else {
      topics_.emplace(topic_key, joined{session, std::move(parent_topic)});
    }
  }
  if (session == nullptr) {
    reply(join_ref, ref, topic, false, R"({"reason":"too many topics"})");
    return;
  }
  if (replaced) {
    replaced->leave("rejoined");
    end_children(topic_key);
  }
  if (env_.on_join) env_.on_join(topic_key.substr(3), session);
  session->join(std::string(ref), std::move(request));
}

}  // namespace livediff::net
