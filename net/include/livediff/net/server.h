// Server: the HTTP + WebSocket endpoint (Boost.Beast) serving live views to the browser client.
#ifndef LIVEDIFF_NET_SERVER_H
#define LIVEDIFF_NET_SERVER_H

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <absl/status/status.h>

#include "livediff/net/channel.h"
#include "livediff/net/router.h"
#include "livediff/net/static_assets.h"
#include "livediff/views/params.h"
#include "livediff/views/pubsub.h"

namespace livediff::net {
namespace detail {
struct ServerState;
class Listener;
}  // namespace detail

/// Everything a server can be told. Each limit's default says what it protects.
struct ServerConfig {
  std::string address = "127.0.0.1";
  unsigned short port = 4000;  ///< 0 picks a free port (see Server::port)
  int threads = 2;
  /// Signs session and CSRF tokens; at least 32 bytes. Empty: a random key per process (tokens
  /// of an earlier run are refused as forged, and the client reloads).
  std::string secret_key;
  std::chrono::seconds token_max_age{std::chrono::hours(24 * 14)};
  /// Origins allowed to open the WebSocket (`https://example.com`); empty: the request's host.
  std::vector<std::string> allowed_origins;
  /// Files served under /assets/, read into memory when the server is made (later changes to
  /// the folder are not seen); defaults to the client bundle built with the project.
  std::filesystem::path assets_dir;
  /// Caps on what the assets folder may hold in memory.
  AssetLimits asset_limits;
  /// Header bytes of a request: real browsers send a few KB, megabytes are an attack.
  std::size_t http_header_limit = 16 * 1024;
  /// Request bodies: only small form posts are expected.
  std::size_t http_body_limit = 64 * 1024;
  /// One WebSocket message: events carry form data, not files.
  std::size_t ws_message_limit = 1024 * 1024;
  /// Bytes queued for a client that reads too slowly; beyond it the socket is closed and the
  /// client reconnects, instead of the server buffering without bound.
  std::size_t outbound_queue_limit = 8 * 1024 * 1024;
  /// Connections open at once (HTTP and WebSocket). Each holds a file descriptor and about
  /// 10 KB: the cap keeps memory bounded and leaves descriptors for everything else; it is
  /// lowered to the process's descriptor limit less a reserve. Connections beyond it are closed
  /// as soon as they are accepted.
  std::size_t max_connections = 10000;
  /// No message from the client (it sends a heartbeat every 30 s) for this long closes its
  /// socket, as Phoenix does; answered pings do not count.
  std::chrono::milliseconds heartbeat_timeout{60000};
  /// No traffic at all, pings answered included, for this long closes the socket (a peer that
  /// vanished without closing TCP).
  std::chrono::seconds idle_timeout{60};
  /// Time to read a request's headers.
  std::chrono::seconds http_timeout{30};
  bool permessage_deflate = false;
  ChannelLimits channel;
  /// Session data for a request (e.g. from an auth cookie); it is signed into the page.
  std::function<Params(const HttpRequest&, std::string_view cookie_header)> session_for;
  /// Where problems with clients are reported (once per kind per connection). Default: stderr.
  std::function<void(std::string_view)> log;
  std::string liveview_version = "1.2.12";
  /// Serves GET /__livediff/views/<view id>: the server's full render of a joined view, to
  /// compare with a browser's DOM in end-to-end tests. Never enable it in production.
  bool debug_routes = false;
};

/// Serves a Router: dead renders inside the layout, /assets/, and the live socket at
/// /live/websocket. Runs its own threads; views run on strands of the same io_context.
class Server {
 public:
  Server(ServerConfig config, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts the threads.
  absl::Status start();
  unsigned short port() const;
  /// Stops accepting, tells every socket to go away (clients reconnect, possibly elsewhere),
  /// waits up to `grace` for them, then stops.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(2));
  /// Blocks until the server stopped.
  void wait();

  PubSub& pubsub();
  Runtime& runtime();
  const TokenSigner& tokens() const;
  /// WebSocket connections open now.
  std::size_t open_sockets() const;
  /// Connections (HTTP and WebSocket) open now.
  std::size_t open_connections() const;

 private:
  std::unique_ptr<detail::ServerState> state_;
  std::shared_ptr<detail::Listener> listener_;
  std::vector<std::thread> threads_;
};

}  // namespace livediff::net

#endif  // LIVEDIFF_NET_SERVER_H
