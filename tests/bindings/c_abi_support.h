// Owners for the C ABI's objects and helpers to call it, for the C ABI's tests.
#ifndef LIVEDIFF_TESTS_BINDINGS_C_ABI_SUPPORT_H
#define LIVEDIFF_TESTS_BINDINGS_C_ABI_SUPPORT_H

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "livediff/livediff.h"

#define EXPECT_OK(expr) EXPECT_EQ((expr), LIVEDIFF_OK) << livediff_last_error()
#define ASSERT_OK(expr) ASSERT_EQ((expr), LIVEDIFF_OK) << livediff_last_error()

namespace livediff::c_test {

template <class T, void (*Free)(T*)>
class owner {
 public:
  owner() = default;
  explicit owner(T* p) : p_(p) {}
  ~owner() { Free(p_); }
  owner(const owner&) = delete;
  owner& operator=(const owner&) = delete;
  T* get() const { return p_; }

 protected:
  T* p_ = nullptr;
};

class Tree : public owner<livediff_rendered, livediff_rendered_free> {
 public:
  Tree() { EXPECT_EQ(livediff_rendered_new(&p_), LIVEDIFF_OK); }
};

class Differ : public owner<livediff_differ, livediff_differ_free> {
 public:
  Differ() { EXPECT_EQ(livediff_differ_new(&p_), LIVEDIFF_OK); }
};

class State : public owner<livediff_state, livediff_state_free> {
 public:
  State() { EXPECT_EQ(livediff_state_new(&p_), LIVEDIFF_OK); }
};

class Client : public owner<livediff_client, livediff_client_free> {
 public:
  Client() { EXPECT_EQ(livediff_client_new("phx-view", 8, &p_), LIVEDIFF_OK); }
};

class Statics : public owner<livediff_statics, livediff_statics_free> {
 public:
  Statics(std::initializer_list<std::string_view> parts) {
    std::vector<livediff_str> v;
    for (std::string_view s : parts) v.push_back({s.data(), s.size()});
    EXPECT_EQ(livediff_statics_new(v.data(), v.size(), &p_), LIVEDIFF_OK) << livediff_last_error();
  }
};

struct field_spec {
  uint32_t slot;
  livediff_field_kind kind;
  std::string_view name;
};

class Fields : public owner<livediff_fields, livediff_fields_free> {
 public:
  Fields(std::initializer_list<field_spec> fields) {
    std::vector<livediff_field> v;
    for (const field_spec& f : fields)
      v.push_back({f.slot, f.kind, {f.name.data(), f.name.size()}});
    EXPECT_EQ(livediff_fields_new(v.data(), v.size(), &p_), LIVEDIFF_OK) << livediff_last_error();
  }
};

struct DiffResult {
  livediff_status status;
  std::string json;
  std::string message;
};

inline DiffResult Diff(Differ& d, Tree& t, State& st, std::string_view extra = {}) {
  const char* out = nullptr;
  size_t size = 0;
  DiffResult r;
  r.status =
      livediff_differ_diff(d.get(), t.get(), st.get(), extra.data(), extra.size(), &out, &size);
  if (r.status == LIVEDIFF_OK) {
    r.json.assign(out, size);
  } else {
    r.message = livediff_last_error();
  }
  return r;
}

inline std::string Html(Tree& t, std::string_view view_id = {}) {
  const char* out = nullptr;
  size_t size = 0;
  livediff_status s = livediff_rendered_html(t.get(), view_id.data(), view_id.size(), &out, &size);
  if (s != LIVEDIFF_OK) return std::string("error: ") + livediff_last_error();
  return std::string(out, size);
}

inline std::string ClientHtml(Client& c) {
  const char* out = nullptr;
  size_t size = 0;
  if (livediff_client_html(c.get(), &out, &size) != LIVEDIFF_OK) return "error";
  return std::string(out, size);
}

}  // namespace livediff::c_test

#endif  // LIVEDIFF_TESTS_BINDINGS_C_ABI_SUPPORT_H
