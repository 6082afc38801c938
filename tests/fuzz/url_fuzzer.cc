// URLs, queries and form data as clients send them: whatever parses is decoded UTF-8, and
// encoding what was decoded gives it back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "livediff/core/utf8.h"
#include "livediff/views/url.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace livediff;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (absl::StatusOr<Url> url = parse_url(input); url.ok()) {
    for (const std::string& segment : url->segments) FUZZ_CHECK(is_valid_utf8(segment));
    FUZZ_CHECK(!url->path.empty() && url->path[0] == '/');
    (void)decode_form(url->query);
  }
  Params params{{"kept", "yes"}};
  const absl::Status status = decode_form(input, params);
  if (!status.ok()) {
    FUZZ_CHECK(params.size() == 1 && params.at("kept") == "yes");  // unchanged on error
    return 0;
  }
  FUZZ_CHECK(params.size() <= kMaxFormFields + 1);
  for (const auto& [k, v] : params) FUZZ_CHECK(is_valid_utf8(k) && is_valid_utf8(v));
  absl::StatusOr<Params> again = decode_form(encode_form(params));
  FUZZ_CHECK(again.ok() && *again == params);
  return 0;
}
