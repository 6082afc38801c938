// The template compiler's input: any text is parsed and, when it parses, turned into C++, or
// refused with `file:line:column: error:` messages — never a crash.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fuzz_check.h"
#include "template_codegen.h"
#include "template_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<livediff::template_file> file = livediff::parse_template_file("f.heex", source);
  if (!file.ok()) {
    FUZZ_CHECK(file.status().message().find("f.heex:") == 0);
    return 0;
  }
  absl::StatusOr<std::string> header =
      livediff::generate_template_header(std::span(&*file, 1), 0, "f.heex.h");
  if (!header.ok()) FUZZ_CHECK(header.status().message().find("f.heex:") == 0);
  return 0;
}
