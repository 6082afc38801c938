// LiveSession: posts every call to the session's strand, where SessionCore runs it.
#include <boost/asio/post.hpp>

#include "session_core.h"

namespace livediff {

LiveSession::LiveSession(std::unique_ptr<detail::SessionCore> core) : core_(std::move(core)) {}

LiveSession::~LiveSession() = default;

std::shared_ptr<LiveSession> LiveSession::create(Runtime& runtime, std::string view_name,
                                                 ViewFactory factory,
                                                 std::shared_ptr<SessionOutput> output) {
  auto core = std::make_unique<detail::SessionCore>(runtime, std::move(view_name),
                                                    std::move(factory), std::move(output));
  std::shared_ptr<LiveSession> session(new LiveSession(std::move(core)));
  session->core_->set_self(session);
  return session;
}

void LiveSession::join(std::string ref, JoinRequest request) {
  boost::asio::post(core_->strand(), [self = shared_from_this(), ref = std::move(ref),
                                      request = std::move(request)]() mutable {
    self->core_->on_join(ref, std::move(request));
  });
}

void LiveSession::client_push(std::string ref, wire::Payload payload) {
  boost::asio::post(core_->strand(),
                    [self = shared_from_this(), ref = std::move(ref),
                     payload = std::move(payload)] { self->core_->on_push(ref, payload); });
}

void LiveSession::deliver(MessagePtr message) {
  boost::asio::post(core_->strand(), [weak = weak_from_this(), message = std::move(message)] {
    if (auto self = weak.lock()) self->core_->on_info(*message);
  });
}

void LiveSession::leave(std::string reason) {
  boost::asio::post(core_->strand(), [self = shared_from_this(), reason = std::move(reason)] {
    self->core_->end(reason);
  });
}

void LiveSession::snapshot(std::function<void(std::string html)> done) {
  boost::asio::post(core_->strand(), [self = shared_from_this(), done = std::move(done)] {
    done(self->core_->snapshot_html());
  });
}

std::optional<NestedJoin> LiveSession::nested(std::string_view id) const {
  return core_->nested(id);
}

std::size_t LiveSession::memory_bytes() const {
  return sizeof(*this) + core_->memory_bytes();
}

const Params& LiveSession::flash() const {
  return core_->flash();
}

DeadRender dead_render(Runtime& runtime, std::string_view view_name, const ViewFactory& factory,
                       const JoinRequest& request) {
  return detail::SessionCore::dead_render(runtime, view_name, factory, request, nullptr);
}

}  // namespace livediff
