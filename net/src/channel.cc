#include "livediff/net/channel.h"

namespace livediff::net {
namespace {

enum log_kind : std::uint32_t {
  kLogMalformed = 1,
  kLogToken = 2,
  kLogTopic = 4,
  kLogRate = 8,
  kLogRoute = 16,
};

}  // namespace

// The SessionOutput of one joined topic: frames the session's output for the socket.
class ChannelConnection::topic_output final : public SessionOutput {
 public:
  topic_output(std::weak_ptr<ChannelConnection> conn, std::string topic, std::string join_ref)
      : conn_(std::move(conn)), topic_(std::move(topic)), join_ref_(std::move(join_ref)) {}

  void reply(std::string_view ref, bool ok, std::string response_json) override {
    if (auto c = conn_.lock()) c->reply(join_ref_, ref, topic_, ok, response_json);
  }
  void push(std::string_view event, std::string payload_json) override {
    if (auto c = conn_.lock()) c->send_(wire::frame(join_ref_, {}, topic_, event, payload_json));
  }
  void closed(bool error) override {
    auto c = conn_.lock();
    if (c == nullptr) return;
    c->drop_topic(topic_, session);
    c->send_(wire::frame(join_ref_, join_ref_, topic_, error ? "phx_error" : "phx_close", "{}"));
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
  send_(wire::frame(join_ref, ref, topic, "phx_reply", wire::reply_payload(ok, response)));
}

void ChannelConnection::refuse_join(std::string_view join_ref, std::string_view ref,
                                    std::string_view topic, std::string_view reason) {
  reply(join_ref, ref, topic, false, wire::reason(reason));
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
  absl::StatusOr<wire::Frame> parsed = wire::parse_frame(text);
  if (!parsed.ok()) {
    log_once("malformed frame: " + std::string(parsed.status().message()));
    return;
  }
  const wire::Frame& f = *parsed;
  if (!take_token()) {
    log_once("rate limit exceeded");
    if (++refused_ > env_.limits.flood_limit) {
      close_("flood");
      return;
    }
    if (!f.ref.empty()) reply(f.join_ref, f.ref, f.topic, false, wire::reason("rate limited"));
    return;
  }
  refused_ = 0;

  if (f.topic == "phoenix") {
    if (f.event == "heartbeat") {
      reply({}, f.ref, f.topic, true, "{}");
    } else {
      reply({}, f.ref, f.topic, false, wire::reason("unknown phoenix event"));
    }
    return;
  }
  if (!f.topic.starts_with("lv:")) {
    log_once("topic not served");
    reply(f.join_ref, f.ref, f.topic, false, wire::reason("unmatched topic"));
    return;
  }
  auto refuse_payload = [&] {
    log_once("malformed payload: " + std::string(f.payload_status.message()));
    reply(f.join_ref, f.ref, f.topic, false, wire::reason(std::string(f.payload_status.message())));
  };
  if (f.event == "phx_join") {
    if (!f.payload_status.ok()) {
      refuse_payload();
    } else {
      join(f, std::get<wire::JoinPayload>(f.payload));
    }
    return;
  }
  std::shared_ptr<LiveSession> session;
  {
    absl::MutexLock lock(&mu_);
    auto it = topics_.find(f.topic);
    if (it != topics_.end()) session = it->second.session;
    if (f.event == "phx_leave" && it != topics_.end()) topics_.erase(it);
  }
  if (session == nullptr) {
    log_once("topic not joined");
    reply(f.join_ref, f.ref, f.topic, false, wire::reason("unmatched topic"));
    return;
  }
  if (f.event == "phx_leave") {
    session->leave();
    end_children(f.topic);
    reply(f.join_ref, f.ref, f.topic, true, "{}");
    return;
  }
  if (!f.payload_status.ok()) {
    refuse_payload();
    return;
  }
  session->client_push(f.ref, std::move(parsed->payload));
}

void ChannelConnection::join(const wire::Frame& f, const wire::JoinPayload& payload) {
  auto refuse = [&](std::string_view reason) { refuse_join(f.join_ref, f.ref, f.topic, reason); };
  if (!csrf_ok_) {
    log_once("token refused: missing or wrong CSRF token");
    refuse("stale");
    return;
  }
  if (payload.session.empty()) {
    log_once("token missing");
    refuse("unauthorized");
    return;
  }
  absl::StatusOr<std::string> verified = env_.tokens.verify(payload.session, env_.token_max_age);
  if (!verified.ok()) {
    log_once("token refused: " + std::string(verified.status().message()));
    // An outdated token makes the client reload the page and get a fresh one.
    refuse(verified.status().code() == absl::StatusCode::kDeadlineExceeded ? "stale"
                                                                           : "unauthorized");
    return;
  }
  absl::StatusOr<wire::Claims> claims = wire::parse_claims(*verified);
  if (!claims.ok() || claims->id != std::string_view(f.topic).substr(3)) {
    log_once("token does not match the topic");
    refuse("unauthorized");
    return;
  }
  if (!claims->parent.empty()) {
    join_nested(f, payload, *claims);
    return;
  }
  absl::StatusOr<Url> url = parse_url(payload.url);
  std::optional<Router::LiveMatch> route;
  if (url.ok()) route = env_.router.match_live(*url);
  // A dead render's token names its view; live navigation may go to any live route.
  if (!route || (!payload.navigation && route->route->name != claims->view)) {
    log_once("route refused for the token");
    refuse("unauthorized");
    return;
  }
  JoinRequest request;
  request.url = payload.url;
  request.params = route->params;
  if (absl::Status s = decode_form(url->query, request.params); !s.ok()) {
    log_once("route refused: " + std::string(s.message()));
    refuse(std::string(s.message()));
    return;
  }
  request.session = claims->session;
  request.flash = payload.flash;
  // A live patch stays on the view's own route, as in LiveView.
  request.params_for = [&router = env_.router, route_name = route->route->name](
                           std::string_view u) -> absl::StatusOr<Params> {
    absl::StatusOr<Url> patched = parse_url(u);
    if (!patched.ok()) return patched.status();
    std::optional<Router::LiveMatch> m = router.match_live(*patched);
    if (!m || m->route->name != route_name) {
      return absl::InvalidArgumentError("cannot patch to a URL of another view");
    }
    Params out = std::move(m->params);
    if (absl::Status s = decode_form(patched->query, out); !s.ok()) return s;
    return out;
  };
  request.view_id = f.topic.substr(3);
  start(f.join_ref, f.ref, f.topic, {}, route->route->name, route->route->factory,
        std::move(request));
}

void ChannelConnection::join_nested(const wire::Frame& f, const wire::JoinPayload& payload,
                                    const wire::Claims& claims) {
  auto refuse = [&](std::string_view reason) { refuse_join(f.join_ref, f.ref, f.topic, reason); };
  std::string parent_topic = "lv:" + claims.parent;
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
  std::optional<NestedJoin> nested = parent->nested(std::string_view(f.topic).substr(3));
  if (!nested || nested->name != claims.view) {
    log_once("topic not rendered by its parent");
    refuse("not rendered by its parent");
    return;
  }
  JoinRequest request;
  request.session = std::move(nested->session);
  request.view_id = f.topic.substr(3);
  request.nested = true;
  request.parent = parent;
  request.flash = payload.flash;
  start(f.join_ref, f.ref, f.topic, std::move(parent_topic), nested->name,
        std::move(nested->factory), std::move(request));
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
    reply(join_ref, ref, topic, false, wire::reason("too many topics"));
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
