// The template compiler's back end: a parsed .heex file becomes a C++ header of render functions.
#ifndef LIVEDIFF_RENDER_COMPILER_TEMPLATE_CODEGEN_H
#define LIVEDIFF_RENDER_COMPILER_TEMPLATE_CODEGEN_H

#include <span>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>

#include "template_parser.h"

namespace livediff {

/// The header generated for a template file: its file name plus `.h` (`table.heex.h`).
std::string template_header_name(std::string_view template_path);

/// Generates the header for `files[index]`. Components defined in any of `files` may be called;
/// their headers are included. `output_path` is where the header will be written, for the
/// `#line` directives that map generated code back into the templates. Template errors the
/// parser cannot see (unknown assigns, components, slots or attributes, missing required
/// attributes) come back as `template_error`s.
absl::StatusOr<std::string> generate_template_header(std::span<const template_file> files,
                                                     std::size_t index,
                                                     std::string_view output_path);

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_COMPILER_TEMPLATE_CODEGEN_H
