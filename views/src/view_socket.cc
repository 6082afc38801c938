#include "view_socket.h"

#include "livediff/views/wire.h"

#include "session_core.h"

namespace livediff::detail {

bool ViewSocket::connected() const {
  return s_.connected_;
}
const std::string& ViewSocket::uri() const {
  return s_.uri_;
}

void ViewSocket::push_patch(std::string to, bool replace) {
  if (s_.nested_) {
    throw std::logic_error("push_patch from the nested view " + s_.name_
                           + ": only a view mounted at a route can patch the URL");
  }
  s_.effects_.nav = {Navigation::Kind::patch, std::move(to), replace};
}
void ViewSocket::push_navigate(std::string to, bool replace) {
  s_.effects_.nav = {Navigation::Kind::navigate, std::move(to), replace};
}
void ViewSocket::redirect(std::string to) {
  s_.effects_.nav = {Navigation::Kind::redirect, std::move(to)};
}

void ViewSocket::put_flash(std::string kind, std::string message) {
  s_.effects_.flash.insert_or_assign(std::move(kind), std::move(message));
}
void ViewSocket::clear_flash() {
  s_.effects_.flash.clear();
}
const Params& ViewSocket::flash() const {
  return s_.effects_.flash;
}
void ViewSocket::set_page_title(std::string title) {
  s_.effects_.set_title(std::move(title));
}

// The application's JSON goes on the wire only once it parses: invalid JSON here is the view's
// bug and crashes it with the reason, instead of breaking the client.
void ViewSocket::push_event(std::string name, std::string payload_json) {
  absl::StatusOr<std::string> json = wire::normalize_json(payload_json);
  if (!json.ok())
    throw std::invalid_argument("push_event " + name + ": " + json.status().ToString());
  s_.effects_.push_event(std::move(name), *std::move(json));
}
void ViewSocket::reply(std::string json) {
  absl::StatusOr<std::string> normalized = wire::normalize_json(json);
  if (!normalized.ok()) throw std::invalid_argument("reply: " + normalized.status().ToString());
  s_.effects_.set_hook_reply(*std::move(normalized));
}
std::string_view ViewSocket::event_json() const {
  return s_.event_json_;
}

std::uint64_t ViewSocket::send_after(std::chrono::milliseconds delay, Message message) {
  return s_.send_after(delay, std::move(message));
}
void ViewSocket::cancel_timer(std::uint64_t id) {
  s_.cancel_timer(id);
}
void ViewSocket::subscribe(std::string topic) {
  s_.subscribe(std::move(topic));
}
void ViewSocket::unsubscribe(std::string_view topic) {
  s_.unsubscribe(topic);
}
void ViewSocket::broadcast(std::string topic, std::string event, std::any payload) {
  s_.broadcast(std::move(topic), std::move(event), std::move(payload), false);
}
void ViewSocket::broadcast_from(std::string topic, std::string event, std::any payload) {
  s_.broadcast(std::move(topic), std::move(event), std::move(payload), true);
}

void ViewSocket::send_parent(Message message) {
  // A nested view's parent is another view; a component's is the view it is in.
  if (cid_ == 0 && s_.nested_) {
    s_.send_parent(std::move(message));
    return;
  }
  s_.send_after(std::chrono::milliseconds(0), std::move(message));
}

void ViewSocket::start_async_erased(std::string name, absl::AnyInvocable<std::any()> work,
                                    absl::AnyInvocable<void(AsyncResult&)> on_done) {
  s_.start_async(std::move(name), std::move(work), std::move(on_done));
}

}  // namespace livediff::detail
