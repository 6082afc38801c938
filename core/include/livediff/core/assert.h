// LIVEDIFF_ASSERT: checks a precondition whose failure is a bug in the caller, not bad input.
#ifndef LIVEDIFF_CORE_ASSERT_H
#define LIVEDIFF_CORE_ASSERT_H

namespace livediff::detail {
/// Prints the failed condition with its location and aborts.
[[noreturn]] void assert_fail(const char* expr, const char* file, int line) noexcept;
}  // namespace livediff::detail

// Bugs abort in every build: a wrong diff sent silently is worse than a crash in a test.
#define LIVEDIFF_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::livediff::detail::assert_fail(#cond, __FILE__, __LINE__))

#endif  // LIVEDIFF_CORE_ASSERT_H
