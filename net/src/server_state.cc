#include "server_state.h"

#include <iostream>

#include "websocket_session.h"

namespace livediff::net::detail {
namespace {

ServerConfig with_defaults(ServerConfig c) {
  if (!c.log) {
    c.log = [](std::string_view what) { std::cerr << "livediff: " << what << "\n"; };
  }
  if (c.assets_dir.empty()) c.assets_dir = default_assets_dir();
  return c;
}

}  // namespace

ServerState::ServerState(ServerConfig c, Router r)
    : config(with_defaults(std::move(c))),
      router(std::move(r)),
      ioc(config.threads),
      tokens(config.secret_key.empty() ? random_token(48) : config.secret_key),
      runtime{ioc, &async_pool, &pubsub, nullptr, config.liveview_version, config.log, {}},
      env{runtime, router, tokens, config.token_max_age, config.channel, config.log, nullptr},
      assets(StaticAssets::load(config.assets_dir, config.asset_limits, config.log)),
      log(config.log) {
  runtime.sign_token = [this](std::string_view claims) { return tokens.sign(claims); };
  if (config.debug_routes) {
    env.on_join = [this](const std::string& id, std::weak_ptr<LiveSession> session) {
      absl::MutexLock lock(&views_mu_);
      absl::erase_if(views_, [](const auto& kv) { return kv.second.expired(); });
      views_[id] = std::move(session);
    };
  }
}

void ServerState::add_socket(const std::shared_ptr<WebSocketSession>& s) {
  absl::MutexLock lock(&mu_);
  if (sockets_.size() >= prune_at_) {
    std::erase_if(sockets_, [](const auto& w) { return w.expired(); });
    prune_at_ = std::max<std::size_t>(1024, sockets_.size() * 2);
  }
  sockets_.push_back(s);
}

std::vector<std::shared_ptr<WebSocketSession>> ServerState::open_sockets() {
  std::vector<std::shared_ptr<WebSocketSession>> out;
  absl::MutexLock lock(&mu_);
  for (auto& w : sockets_) {
    if (auto p = w.lock()) out.push_back(std::move(p));
  }
  return out;
}

std::size_t ServerState::open_socket_count() {
  absl::MutexLock lock(&mu_);
  std::size_t n = 0;
  for (const auto& w : sockets_) n += w.expired() ? 0 : 1;
  return n;
}

std::shared_ptr<LiveSession> ServerState::find_view(const std::string& id) {
  absl::MutexLock lock(&views_mu_);
  auto it = views_.find(id);
  return it == views_.end() ? nullptr : it->second.lock();
}

}  // namespace livediff::net::detail
