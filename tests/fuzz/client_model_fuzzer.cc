// The client model merging whatever a server could send: lines of JSON, the first a join and
// the rest diffs. It refuses or merges, never crashes, and its page stays UTF-8 when the input
// is.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "livediff/testing/client_model.h"
#include "livediff/core/utf8.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  livediff::ClientModel client;
  bool first = true;
  while (!input.empty()) {
    const std::size_t nl = input.find('\n');
    const std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    const absl::Status s = first ? client.join(line) : client.merge(line);
    first = false;
    if (!s.ok()) break;
  }
  (void)client.html().size();
  return 0;
}
