// GoogleTest matchers for absl::Status and absl::StatusOr (Abseil 20220623 ships none).
#ifndef LIVEDIFF_TESTING_STATUS_MATCHERS_H
#define LIVEDIFF_TESTING_STATUS_MATCHERS_H

#include <ostream>

#include <absl/status/status.h>
#include <absl/status/statusor.h>
#include <gmock/gmock.h>

namespace livediff::testing {

inline const absl::Status& status_of(const absl::Status& s) {
  return s;
}
template <typename T>
const absl::Status& status_of(const absl::StatusOr<T>& s) {
  return s.status();
}

/// EXPECT_THAT(f(), IsOk());
MATCHER(IsOk, "is OK") {
  const absl::Status& s = status_of(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

/// EXPECT_THAT(f(), StatusIs(absl::StatusCode::kInvalidArgument));
MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = status_of(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}

/// EXPECT_THAT(f(), StatusIs(absl::StatusCode::kInternal, HasSubstr("why")));
MATCHER_P2(StatusIs, code, message, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& s = status_of(arg);
  *result_listener << "status is " << s;
  return s.code() == code && ::testing::Matches(message)(std::string(s.message()));
}

}  // namespace livediff::testing

#define LIVEDIFF_ASSERT_OK_AND_ASSIGN(lhs, expr)   \
  auto lhs##_or = (expr);                          \
  ASSERT_TRUE(lhs##_or.ok()) << lhs##_or.status(); \
  auto lhs = std::move(*lhs##_or)

#endif  // LIVEDIFF_TESTING_STATUS_MATCHERS_H
