// The template compiler's front end: a .heex file parsed into definitions and element trees.
#ifndef LIVEDIFF_RENDER_COMPILER_TEMPLATE_PARSER_H
#define LIVEDIFF_RENDER_COMPILER_TEMPLATE_PARSER_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

namespace livediff {

/// 1-based line and column (in bytes) of a template file.
struct source_location {
  int line = 1;
  int column = 1;
};

/// A C++ expression between braces, as written, and where its first character is.
struct template_expr {
  std::string code;
  source_location loc;
};

/// An attribute of a tag: `name="text"`, a bare `name`, `name={expr}` or a spread `{expr}`.
struct template_attribute {
  enum class value_kind { literal, bare, dynamic, spread };
  value_kind kind = value_kind::literal;
  std::string name;   // empty for a spread
  std::string value;  // literal: as written, without its quotes
  char quote = '"';
  template_expr expr;  // dynamic and spread
  source_location loc;
};

/// Text, an `{expr}`, an HTML element, a component call (`<.name>`) or a slot entry
/// (`<:name>`), with `:if`/`:for`/`:key` taken out of the attributes.
struct template_node {
  enum class node_kind { text, expr, element, component, slot };
  node_kind kind = node_kind::text;
  source_location loc;
  std::string name;    // text: the text; element: the tag; component and slot: without . or :
  template_expr expr;  // expr
  std::vector<template_attribute> attributes;
  std::optional<template_expr> if_expr, for_expr, key_expr;
  std::vector<template_node> children;
  bool self_closing = false;
};

/// `assign`, `stream` (templates) and `attr` (components) declarations.
struct template_field {
  std::string name;
  std::string type;           // C++ type; for a stream, the item type
  std::string default_value;  // C++ initializer, or empty
  bool required = false;
  bool stream = false;
  source_location loc;
};

/// `slot name [required]` of a component; `inner_block` is the content between its tags.
struct template_slot_decl {
  std::string name;
  bool required = false;
  source_location loc;
};

/// One `<%@ template name %>` (a view) or `<%@ component name %>` with its declarations and body.
struct template_definition {
  enum class def_kind { view, component };
  def_kind kind = def_kind::view;
  std::string name;
  source_location loc;
  std::vector<template_field> fields;
  std::vector<template_slot_decl> slots;
  std::vector<template_node> body;
};

/// A parsed .heex file: includes and namespace for the generated header, and its definitions.
struct template_file {
  std::string path;
  std::vector<std::string> includes;  // `"x.h"` or `<x>`, as written
  std::vector<source_location> include_locs;
  std::string name_space;  // `a::b`, or empty for the global namespace
  std::vector<template_definition> definitions;
};

/// The error every template problem becomes: `path:line:column: error: reason`, with code
/// kInvalidArgument (template source is untrusted input).
absl::Status template_error(std::string_view path, source_location loc, std::string_view reason);

/// Parses the template file `path` whose text is `source`.
absl::StatusOr<template_file> parse_template_file(std::string_view path, std::string_view source);

/// Splits `:for={...}` into a loop variable declaration and a range: `const auto& x : range`
/// (any range-for declaration) or HEEx's `x <- range`, which declares `const auto& x`.
struct template_for_parts {
  std::string decl;
  template_expr range;
};
std::optional<template_for_parts> split_for(const template_expr& e);

/// Where offset `n` of `e.code` is in the file.
source_location advance(const template_expr& e, std::size_t n);

bool is_identifier(std::string_view s);
bool is_void_element(std::string_view tag);

}  // namespace livediff

#endif  // LIVEDIFF_RENDER_COMPILER_TEMPLATE_PARSER_H
