// json_buffer: the diff encoder's output, a growable byte buffer written through a pointer.
#ifndef LIVEDIFF_CORE_SRC_JSON_BUFFER_H
#define LIVEDIFF_CORE_SRC_JSON_BUFFER_H

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace livediff::detail {

/// Like the std::string it replaces, but room is made once for a whole piece and written
/// through a pointer: no terminator and no capacity check per byte, and a worst-case
/// reservation costs capacity only (std::string would have to fill it). Kept across diffs.
class json_buffer {
 public:
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  char back() const { return data_[size_ - 1]; }
  std::string_view view() const { return {data_.get(), size_}; }
  /// Drops what was written after `n` (a piece that turned out empty).
  void resize(std::size_t n) { size_ = n < size_ ? n : size_; }

  /// Room for `n` more bytes: write them at the pointer returned, then `commit` the end.
  char* tail(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_.get() + size_;
  }
  void commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

  void operator+=(char c) {
    *tail(1) = c;
    ++size_;
  }
  void operator+=(std::string_view s) { append(s); }
  void append(std::string_view s) {
    std::memcpy(tail(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void append(const char* begin, const char* end) {
    append(std::string_view(begin, static_cast<std::size_t>(end - begin)));
  }

 private:
  void grow(std::size_t n) {
    std::size_t capacity = capacity_ < 256 ? 256 : capacity_ * 2;
    while (capacity - size_ < n) capacity *= 2;
    auto data = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends `s` as a JSON string literal, as `append_json_string` does for a std::string.
void append_json_string(json_buffer& out, std::string_view s);

}  // namespace livediff::detail

#endif  // LIVEDIFF_CORE_SRC_JSON_BUFFER_H
