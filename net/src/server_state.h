// ServerState: what the listener, the sessions and the page controller of one Server share.
// Made once by Server and outliving every connection.
#ifndef LIVEDIFF_NET_SRC_SERVER_STATE_H
#define LIVEDIFF_NET_SRC_SERVER_STATE_H

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "livediff/net/channel.h"
#include "livediff/net/server.h"
#include "livediff/net/static_assets.h"
#include "livediff/net/token.h"

#include "log_limiter.h"

namespace livediff::net::detail {

class WebSocketSession;

/// Counts a connection from accept to close; moved from the HTTP session to the WebSocket
/// session on upgrade.
class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  explicit ConnectionSlot(std::atomic<std::size_t>& open) : open_(&open) { ++*open_; }
  ConnectionSlot(ConnectionSlot&& other) noexcept : open_(std::exchange(other.open_, nullptr)) {}
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept {
    std::swap(open_, other.open_);
    return *this;
  }
  ~ConnectionSlot() {
    if (open_ != nullptr) --*open_;
  }

 private:
  std::atomic<std::size_t>* open_ = nullptr;
};

struct ServerState {
  ServerState(ServerConfig c, Router r);

  ServerConfig config;
  Router router;
  boost::asio::io_context ioc;
  boost::asio::thread_pool async_pool{1};
  LocalPubSub pubsub;
  TokenSigner tokens;
  Runtime runtime;
  ChannelEnvironment env;
  StaticAssets assets;
  LogLimiter log;  // problems that many clients can cause at once
  std::atomic<std::size_t> open_connections{0};
  std::atomic<bool> stopping{false};

  /// The WebSocket sessions, for shutdown. Dropping closed ones only when the list doubles
  /// keeps an accept O(1) amortized.
  void add_socket(const std::shared_ptr<WebSocketSession>& s);
  std::vector<std::shared_ptr<WebSocketSession>> open_sockets();
  std::size_t open_socket_count();

  /// Joined views by id, for the debug route (only with config.debug_routes).
  std::shared_ptr<LiveSession> find_view(const std::string& id);

 private:
  absl::Mutex mu_;
  std::vector<std::weak_ptr<WebSocketSession>> sockets_ ABSL_GUARDED_BY(mu_);
  std::size_t prune_at_ ABSL_GUARDED_BY(mu_) = 1024;
  absl::Mutex views_mu_;
  absl::flat_hash_map<std::string, std::weak_ptr<LiveSession>> views_ ABSL_GUARDED_BY(views_mu_);
};

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_SERVER_STATE_H
