#include "livediff/render/detail/emit.h"

#include <charconv>

#include "livediff/core/escape.h"

namespace livediff::detail {

void append_double(std::string& out, double value) {
  // The same form as NodeRef::text(double), so a value reads the same in text and attributes.
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  const std::string_view digits(buf, static_cast<std::size_t>(end - buf));
  out.append(digits);
  if (digits.find_first_of(".eEn") == std::string_view::npos) out.append(".0");
}

void emit_bare_attr(NodeRef node, std::size_t i, std::string_view name) {
  std::string out;
  append_bare_attr(out, name);
  node.html(i, out);
}

void emit_raw_attr(NodeRef node, std::size_t i, std::string_view name, std::string_view trusted) {
  std::string out;
  out.reserve(name.size() + trusted.size() + 4);
  out += ' ';
  out.append(name);
  out.append("=\"");
  out.append(trusted);
  out += '"';
  node.html(i, out);
}

void emit_double_attr(NodeRef node, std::size_t i, std::string_view name, double value) {
  std::string digits;
  append_double(digits, value);
  node.attr(i, name, digits);
}

namespace {

// Names come from data here, not from the template: one with a quote or a space could start
// an attribute of the sender's choosing, and an event handler (onclick) would run its value.
bool is_spreadable(std::string_view name) {
  const bool handler =
      name.size() > 2 && (name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N');
  return is_valid_attribute_name(name) && !handler;
}

}  // namespace

void append_attr(std::string& out, std::string_view name, std::string_view value) {
  if (!is_spreadable(name)) return;
  if (is_url_attribute(name) && !is_safe_url(value)) value = unsafe_url_replacement;
  out += ' ';
  out.append(name);
  out.append("=\"");
  append_escaped_html(out, value);
  out += '"';
}

void append_bare_attr(std::string& out, std::string_view name) {
  if (!is_spreadable(name)) return;
  out += ' ';
  out.append(name);
}

}  // namespace livediff::detail
