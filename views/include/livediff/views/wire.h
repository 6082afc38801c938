// The wire: every frame a live socket reads, decoded once into typed values, and the writers
// of what it sends back. Phoenix Channels V2 JSON frames carrying LiveView 1.2 payloads.
#ifndef LIVEDIFF_VIEWS_WIRE_H
#define LIVEDIFF_VIEWS_WIRE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "livediff/views/params.h"

namespace livediff::wire {

/// Nesting a client frame may have. The deepest frame the 1.2 client sends is a hook event
/// whose value is the application's own JSON (`[…, {"value": {…}}]`, three levels before it);
/// 64 leaves applications 60 levels while bounding the parser and everything that walks a
/// value afterwards.
inline constexpr int kMaxDepth = 64;
/// Bytes of one frame when the transport sets no lower limit: events carry form data, not
/// files (the WebSocket server's message limit, 1 MiB by default, applies first).
inline constexpr std::size_t kMaxFrameBytes = 8 * 1024 * 1024;

/// `phx_join` on an `lv:` topic.
struct JoinPayload {
  std::string
      url;  ///< the page's URL (`url`, or `redirect` for a live navigation); none for a nested view
  bool navigation = false;  ///< joined by live navigation (`redirect`)
  std::string session;      ///< the signed session token of the view's container
  std::string static_token;
  /// Connect params (`_csrf_token`, `_mounts`, the app's own): strings as they are, other
  /// values as their JSON text.
  Params params;
  Params flash;
};

/// `event`: a binding fired in the page.
struct EventPayload {
  std::string type;   ///< `click`, `form`, `keyup`, `hook`, …
  std::string event;  ///< the binding's event name
  /// `phx-value-*` and JS.push values, a hook's object, or the decoded form fields: strings
  /// as they are, booleans as `true`/`false`, null as empty, other values as their JSON text.
  /// A hook's value that is not an object is under `value`. A form's `meta._target` is under
  /// `_target`.
  Params value;
  /// The value as JSON (for hooks with structured payloads), written again from the parsed
  /// value: valid JSON and UTF-8 whatever the client sent.
  std::string value_json = "null";
  std::int32_t cid = 0;  ///< the live component targeted; 0 for the view
};

/// `live_patch`: the client followed a `<.link patch>` or went back in history.
struct LivePatchPayload {
  std::string url;
};

/// `cids_will_destroy` / `cids_destroyed`: live components left the page.
struct CidsPayload {
  std::vector<std::int32_t> cids;
  bool destroyed = false;  ///< `cids_destroyed`: gone from the DOM; else about to go
};

/// What a frame's payload says, by its event; monostate for events that carry nothing the
/// server reads (`heartbeat`, `phx_leave`) and for events it does not know.
using Payload =
    std::variant<std::monostate, JoinPayload, EventPayload, LivePatchPayload, CidsPayload>;

/// One client frame: `[join_ref, ref, topic, event, payload]`; a null ref is empty.
struct Frame {
  std::string join_ref;
  std::string ref;
  std::string topic;
  std::string event;
  Payload payload;
  /// Why the payload was refused when the envelope was fine: the frame gets an error reply
  /// with this reason, nothing else happens.
  absl::Status payload_status;
};

/// Parses a text frame, iteratively and at most kMaxDepth deep, checking that every string is
/// UTF-8. A frame whose envelope reads but whose payload is refused (malformed, too deep, not
/// UTF-8) comes back with `payload_status` set, to answer its ref. An error (kInvalidArgument,
/// kResourceExhausted) means there is no ref to reply to: the frame is dropped.
absl::StatusOr<Frame> parse_frame(std::string_view text);

/// What a session token says: the view, its container's id, the session data signed into the
/// page, and the parent's id for a nested view.
struct Claims {
  std::string view;
  std::string id;
  Params session;
  std::string parent;  ///< empty for a view at a route
};
std::string write_claims(const Claims& claims);
absl::StatusOr<Claims> parse_claims(std::string_view json);

/// `json` parsed with the limits of a frame and written again by the library's writer: what
/// application code hands over as JSON (pushed events, hook replies) reaches the wire as valid
/// JSON and valid UTF-8, or is refused.
absl::StatusOr<std::string> normalize_json(std::string_view json);

/// A V2 frame `[join_ref, ref, topic, event, payload]`; empty refs become null. `payload_json`
/// is JSON the library wrote.
std::string frame(std::string_view join_ref, std::string_view ref, std::string_view topic,
                  std::string_view event, std::string_view payload_json);
/// A `phx_reply` payload: `{"status":"ok"|"error","response":…}`.
std::string reply_payload(bool ok, std::string_view response_json);
/// `{"reason":"…"}`, the response of a refusal.
std::string reason(std::string_view text);

}  // namespace livediff::wire

#endif  // LIVEDIFF_VIEWS_WIRE_H
