// ChannelConnection: the Phoenix Channels (V2 JSON) protocol of one socket, over any transport.
#ifndef LIVEDIFF_NET_CHANNEL_H
#define LIVEDIFF_NET_CHANNEL_H

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

#include "livediff/net/router.h"
#include "livediff/net/token.h"
#include "livediff/views/session.h"
#include "livediff/views/wire.h"

namespace livediff::net {

/// Limits of one socket. Each default says what it protects.
struct ChannelLimits {
  /// Topics joined at once: a page has one main view and a few nested ones.
  std::size_t max_topics = 16;
  /// Sustained client messages per second; typing with phx-change stays far below it.
  double messages_per_second = 60;
  /// Messages allowed in a burst above the rate (a form paste, a fast double click).
  double burst = 120;
  /// Messages refused for the rate before the socket is closed as a flood.
  std::size_t flood_limit = 200;
};

/// What every connection shares. Not owned; must outlive the connections.
struct ChannelEnvironment {
  Runtime& runtime;
  const Router& router;
  const TokenSigner& tokens;
  std::chrono::seconds token_max_age{std::chrono::hours(24 * 14)};
  ChannelLimits limits;
  /// Logs a problem with a client (bad frame, bad token); called at most once per kind of
  /// problem per connection.
  std::function<void(std::string_view what)> log;
  /// Told of every view a socket joins (by view id), for debug tooling.
  std::function<void(const std::string& view_id, std::weak_ptr<LiveSession>)> on_join;
};

/// The channel protocol of one socket: heartbeats, joins of `lv:` topics (checking the signed
/// session token and routing the URL), events, leaves; each joined topic runs a LiveSession.
/// A nested view joins on the socket of its parent, which must have rendered it; it ends
/// when its parent ends.
/// A malformed frame or a bad request gets an error reply for its ref, or is dropped when it
/// has none; nothing else on the socket is affected.
///
/// Thread safety: `on_text` and `on_disconnect` are called serially by the transport; `send`
/// and `close` given to `create` must be callable from any thread.
class ChannelConnection : public std::enable_shared_from_this<ChannelConnection> {
 public:
  using send_function = std::function<void(std::string frame)>;
  using close_function = std::function<void(std::string_view reason)>;

  /// `csrf_ok`: whether the socket's connect params carried the page's CSRF token. Without it
  /// every join is refused as stale, which makes the client reload the page and get a fresh
  /// token (after a server restart with a new key, say) instead of retrying forever.
  static std::shared_ptr<ChannelConnection> create(ChannelEnvironment& env, send_function send,
                                                   close_function close, bool csrf_ok = true);
  ~ChannelConnection();

  void on_text(std::string_view frame);
  /// The socket went away: every view on it ends.
  void on_disconnect();
  std::size_t joined_topics() const;

 private:
  class topic_output;
  ChannelConnection(ChannelEnvironment& env, send_function send, close_function close,
                    bool csrf_ok);
  void reply(std::string_view join_ref, std::string_view ref, std::string_view topic, bool ok,
             std::string_view response);
  void join(const wire::Frame& frame, const wire::JoinPayload& payload);
  void log_once(std::string_view what);
  bool take_token();
  void drop_topic(const std::string& topic, const LiveSession* session);
  void refuse_join(std::string_view join_ref, std::string_view ref, std::string_view topic,
                   std::string_view reason);
  void join_nested(const wire::Frame& frame, const wire::JoinPayload& payload,
                   const wire::Claims& claims);
  void start(std::string_view join_ref, std::string_view ref, std::string_view topic,
             std::string parent_topic, const std::string& view_name, ViewFactory factory,
             JoinRequest request);
  // Ends the nested views of `topic` (and theirs): a nested view lives only with its parent.
  void end_children(const std::string& topic);

  struct joined {
    std::shared_ptr<LiveSession> session;
    std::string parent_topic;  // empty for a view mounted at a route
  };

  ChannelEnvironment& env_;
  send_function send_;
  close_function close_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, joined> topics_ ABSL_GUARDED_BY(mu_);
  double tokens_;
  std::chrono::steady_clock::time_point refill_;
  std::size_t refused_ = 0;
  std::uint32_t logged_ = 0;
  bool csrf_ok_;
};

}  // namespace livediff::net

#endif  // LIVEDIFF_NET_CHANNEL_H
