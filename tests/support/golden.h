// The reference payloads of Phoenix LiveView 1.2.10 in tests/golden/, read by name.
#ifndef LIVEDIFF_TESTS_SUPPORT_GOLDEN_H
#define LIVEDIFF_TESTS_SUPPORT_GOLDEN_H

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace livediff::testing {

/// The file `name` of LIVEDIFF_GOLDEN_DIR, without its trailing newline.
inline std::string golden(std::string_view name) {
  std::ifstream in(std::string(LIVEDIFF_GOLDEN_DIR) + "/" + std::string(name));
  std::stringstream s;
  s << in.rdbuf();
  std::string out = s.str();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace livediff::testing

#endif  // LIVEDIFF_TESTS_SUPPORT_GOLDEN_H
