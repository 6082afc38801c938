// Assign<T> and AsyncValue<T>: view state that knows whether it changed since the last render.
#ifndef LIVEDIFF_VIEWS_ASSIGN_H
#define LIVEDIFF_VIEWS_ASSIGN_H

#include <optional>
#include <string>
#include <utility>

namespace livediff {

/// A value of a view's state with change tracking: assigning marks it changed, rendering reads
/// `changed()` to skip work (`NodeRef::unchanged`) and the session clears the marks after each
/// render of a client that holds the previous one.
template <class T>
class Assign {
 public:
  Assign() = default;
  explicit Assign(T value) : value_(std::move(value)) {}

  Assign& operator=(T value) {
    value_ = std::move(value);
    changed_ = true;
    return *this;
  }
  /// Changes the value in place and marks it changed: `count.update([](int& c) { ++c; })`.
  template <class F>
  void update(F&& f) {
    f(value_);
    changed_ = true;
  }
  const T& operator*() const { return value_; }
  const T* operator->() const { return &value_; }
  const T& get() const { return value_; }
  bool changed() const { return changed_; }
  void mark_changed() { changed_ = true; }
  void clear_changed() { changed_ = false; }

 private:
  T value_{};
  bool changed_ = true;
};

/// The result of `assign_async`: loading until the work finishes, then ok with a value or
/// failed with a reason.
template <class T>
struct AsyncValue {
  enum class state { idle, loading, ok, failed };
  state status = state::idle;
  std::optional<T> value;
  std::string error;

  bool loading() const { return status == state::loading; }
  bool ok() const { return status == state::ok; }
  bool failed() const { return status == state::failed; }
};

}  // namespace livediff

#endif  // LIVEDIFF_VIEWS_ASSIGN_H
