#include "livediff/views/form.h"

namespace livediff {

Form::Form(const Params& params, std::string name) : name_(std::move(name)) {
  const std::string prefix = name_.empty() ? std::string() : name_ + "[";
  for (const auto& [key, value] : params) {
    std::string_view field = key;
    if (!prefix.empty()) {
      if (!field.starts_with(prefix) || !field.ends_with("]")) continue;
      field = field.substr(prefix.size(), field.size() - prefix.size() - 1);
    }
    if (field.starts_with("_unused_")) continue;
    values_.insert_or_assign(std::string(field), value);
  }
  for (const auto& [field, value] : values_) {
    used_[field] = params.find(input_name("_unused_" + field)) == params.end();
  }
}

std::string Form::input_name(std::string_view field) const {
  return name_.empty() ? std::string(field) : name_ + "[" + std::string(field) + "]";
}

std::string Form::input_id(std::string_view field) const {
  return name_.empty() ? std::string(field) : name_ + "_" + std::string(field);
}

std::string_view Form::value(std::string_view field) const {
  auto it = values_.find(field);
  return it == values_.end() ? std::string_view() : std::string_view(it->second);
}

void Form::set_value(std::string_view field, std::string value) {
  values_.insert_or_assign(std::string(field), std::move(value));
}

bool Form::used(std::string_view field) const {
  auto it = used_.find(field);
  return it != used_.end() && it->second;
}

void Form::add_error(std::string_view field, std::string message) {
  errors_[std::string(field)].push_back(std::move(message));
}

std::vector<std::string_view> Form::errors(std::string_view field) const {
  std::vector<std::string_view> out;
  if (!submitted_ && !used(field)) return out;
  auto it = errors_.find(field);
  if (it == errors_.end()) return out;
  for (const std::string& e : it->second) out.push_back(e);
  return out;
}

const std::vector<std::string>& Form::all_errors(std::string_view field) const {
  static const std::vector<std::string> kNone;
  auto it = errors_.find(field);
  return it == errors_.end() ? kNone : it->second;
}

}  // namespace livediff
