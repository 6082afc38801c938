#include "livediff/streams/stream.h"

namespace livediff::detail {

std::int64_t stream_ops::find_insert(std::string_view dom_id) const {
  auto it = inserts_.find(hash_bytes(dom_id));
  if (it == inserts_.end()) return -1;
  const op& o = ops_[it->second];
  return o.live && o.dom_id == dom_id ? it->second : -1;
}

std::size_t stream_ops::insert(std::string dom_id, const insert_options& options) {
  if (std::int64_t old = find_insert(dom_id); old >= 0) {
    ops_[static_cast<std::size_t>(old)].live = false;
    --live_;
  }
  const std::uint64_t h = hash_bytes(dom_id);
  const auto index = static_cast<std::uint32_t>(ops_.size());
  ops_.push_back({std::move(dom_id), options, true, true});
  inserts_[h] = index;
  ++live_;
  return index;
}

void stream_ops::remove(std::string dom_id) {
  if (std::int64_t old = find_insert(dom_id); old >= 0) {
    ops_[static_cast<std::size_t>(old)].live = false;
    --live_;
    inserts_.erase(hash_bytes(dom_id));
  }
  // Still sent: the client may show the item from an earlier render. Deletes go out before
  // inserts, so a later insert of the same id in this render still lands.
  ops_.push_back({std::move(dom_id), {}, false, true});
  ++live_;
}

void stream_ops::reset() {
  ops_.clear();
  inserts_.clear();
  live_ = 0;
  reset_ = true;
}

void stream_ops::clear() {
  ops_.clear();
  inserts_.clear();
  live_ = 0;
  reset_ = false;
  // A burst of a million inserts must not pin its buffers for the life of the view.
  if (ops_.capacity() > 256) ops_.shrink_to_fit();
  if (inserts_.capacity() > 256) inserts_ = {};
}

std::size_t stream_ops::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + ops_.capacity() * sizeof(op);
  for (const op& o : ops_) {
    if (o.dom_id.capacity() > 15) bytes += o.dom_id.capacity() + 1;
  }
  return bytes + inserts_.capacity() * (sizeof(std::uint64_t) + sizeof(std::uint32_t) + 1);
}

}  // namespace livediff::detail
