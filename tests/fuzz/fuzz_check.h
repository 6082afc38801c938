// FUZZ_CHECK: an invariant of a fuzz target; a violation aborts, which the fuzzer reports.
#ifndef LIVEDIFF_TESTS_FUZZ_FUZZ_CHECK_H
#define LIVEDIFF_TESTS_FUZZ_FUZZ_CHECK_H

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

#endif  // LIVEDIFF_TESTS_FUZZ_FUZZ_CHECK_H
