// ViewSocket and ViewRenderContext: the Socket and RenderContext a view (cid 0) or one of its
// live components (cid > 0) is handed, both backed by the view's SessionCore.
#ifndef LIVEDIFF_VIEWS_SRC_VIEW_SOCKET_H
#define LIVEDIFF_VIEWS_SRC_VIEW_SOCKET_H

#include <cstdint>

#include "livediff/views/view.h"

namespace livediff::detail {

class SessionCore;

class ViewSocket final : public Socket {
 public:
  ViewSocket(SessionCore& s, std::int32_t cid) : s_(s), cid_(cid) {}
  bool connected() const override;
  const std::string& uri() const override;
  void push_patch(std::string to, bool replace) override;
  void push_navigate(std::string to, bool replace) override;
  void redirect(std::string to) override;
  void put_flash(std::string kind, std::string message) override;
  void clear_flash() override;
  const Params& flash() const override;
  void set_page_title(std::string title) override;
  void push_event(std::string name, std::string payload_json) override;
  void reply(std::string json) override;
  std::string_view event_json() const override;
  std::uint64_t send_after(std::chrono::milliseconds delay, Message message) override;
  void cancel_timer(std::uint64_t id) override;
  void subscribe(std::string topic) override;
  void unsubscribe(std::string_view topic) override;
  void broadcast(std::string topic, std::string event, std::any payload) override;
  void broadcast_from(std::string topic, std::string event, std::any payload) override;
  std::int32_t myself() const override { return cid_; }
  void send_parent(Message message) override;

 protected:
  void start_async_erased(std::string name, absl::AnyInvocable<std::any()> work,
                          absl::AnyInvocable<void(AsyncResult&)> on_done) override;

 private:
  SessionCore& s_;
  std::int32_t cid_;
};

class ViewRenderContext final : public RenderContext {
 public:
  ViewRenderContext(SessionCore& s, std::int32_t cid) : s_(s), cid_(cid) {}
  NodeRef root(const Statics& statics) override;
  bool connected() const override;
  const Params& flash() const override;
  bool full_render() const override;
  std::int32_t myself() const override { return cid_; }

 protected:
  std::int32_t component_for(std::type_index type, std::string_view id,
                             absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                             absl::FunctionRef<void(LiveComponent&, Socket&)> update) override;
  void nested_view(NodeRef node, std::size_t slot, const NestedView& nested,
                   const ViewFactory& factory) override;

 private:
  SessionCore& s_;
  std::int32_t cid_;
};

}  // namespace livediff::detail

#endif  // LIVEDIFF_VIEWS_SRC_VIEW_SOCKET_H
