#include "components.h"

namespace livediff::detail {

std::int32_t ComponentSet::find_or_create(std::type_index type, std::string_view id,
                                          absl::FunctionRef<std::unique_ptr<LiveComponent>()> make,
                                          bool& created) {
  auto key = std::make_pair(type, std::string(id));
  if (auto it = ids_.find(key); it != ids_.end()) {
    created = false;
    return it->second;
  }
  const std::int32_t cid = next_cid_++;
  entries_.emplace(cid, Entry{type, key.second, make(), 0});
  ids_.emplace(std::move(key), cid);
  created = true;
  return cid;
}

ComponentSet::Entry* ComponentSet::find(std::int32_t cid) {
  auto it = entries_.find(cid);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<std::int32_t> ComponentSet::dirty_not_rendered(std::uint64_t pass) const {
  std::vector<std::int32_t> out;
  for (const auto& [cid, e] : entries_) {
    if (e.dirty && e.rendered_pass != pass) out.push_back(cid);
  }
  return out;
}

bool ComponentSet::remove_unless_rendered(std::int32_t cid, std::uint64_t pass) {
  auto it = entries_.find(cid);
  if (it == entries_.end() || it->second.rendered_pass == pass) return false;
  ids_.erase(std::make_pair(it->second.type, it->second.id));
  entries_.erase(it);
  return true;
}

void ComponentSet::clear() {
  entries_.clear();
  ids_.clear();
}

std::size_t ComponentSet::memory_bytes() const {
  return entries_.capacity() * sizeof(std::pair<std::int32_t, Entry>);
}

}  // namespace livediff::detail
