#include "template_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>

#include "code_scanner.h"
#include "text_cat.h"

namespace livediff {
namespace {

// Deeper nesting than any page needs; a hostile file must not recurse the parser off its stack.
constexpr int kMaxDepth = 200;
// One bit per assign in a 64-bit changed set, and one bit for "full render".
constexpr std::size_t kMaxFields = 63;

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_cpp_keyword(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "alignas",       "alignof",     "and",
      "and_eq",        "asm",         "auto",
      "bitand",        "bitor",       "bool",
      "break",         "case",        "catch",
      "char",          "char8_t",     "char16_t",
      "char32_t",      "class",       "compl",
      "concept",       "const",       "consteval",
      "constexpr",     "constinit",   "const_cast",
      "continue",      "co_await",    "co_return",
      "co_yield",      "decltype",    "default",
      "delete",        "do",          "double",
      "dynamic_cast",  "else",        "enum",
      "explicit",      "export",      "extern",
      "false",         "float",       "for",
      "friend",        "goto",        "if",
      "inline",        "int",         "long",
      "mutable",       "namespace",   "new",
      "noexcept",      "not",         "not_eq",
      "nullptr",       "operator",    "or",
      "or_eq",         "private",     "protected",
      "public",        "register",    "reinterpret_cast",
      "requires",      "return",      "short",
      "signed",        "sizeof",      "static",
      "static_assert", "static_cast", "struct",
      "switch",        "template",    "this",
      "thread_local",  "throw",       "true",
      "try",           "typedef",     "typeid",
      "typename",      "union",       "unsigned",
      "using",         "virtual",     "void",
      "volatile",      "wchar_t",     "while",
      "xor",           "xor_eq"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), s) != std::end(kKeywords);
}

// Names the generated assigns and attrs types use for themselves.
bool is_reserved_name(std::string_view s, bool view) {
  static constexpr std::string_view kViewReserved[] = {
      "assigns", "changed", "changes", "clear_changes", "full", "mark_all_changed"};
  if (s.substr(0, 3) == "ld_") return true;
  if (!view) return s == "attrs";
  return std::find(std::begin(kViewReserved), std::end(kViewReserved), s)
         != std::end(kViewReserved);
}

std::string display_name(const template_node& n) {
  switch (n.kind) {
    case template_node::node_kind::component:
      return "." + n.name;
    case template_node::node_kind::slot:
      return ":" + n.name;
    default:
      return n.name;
  }
}

class parser {
 public:
  parser(std::string_view path, std::string_view src) : path_(path), src_(src) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < src_.size(); ++i) {
      if (src_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  absl::StatusOr<template_file> run() {
    template_file file;
    file.path = path_;
    for (;;) {
      std::vector<template_node> nodes;
      bool directive = false;
      if (absl::Status s = parse_content(nodes, nullptr, 0, &directive); !s.ok()) return s;
      for (template_node& n : nodes) {
        const bool blank = n.kind == template_node::node_kind::text && is_blank(n.name);
        if (current_ < 0) {
          if (!blank) {
            return template_error(path_, n.loc,
                                  "content outside a template: start one with "
                                  "<%@ template name %> or <%@ component name %>");
          }
          continue;
        }
        if (!blank) body_started_ = true;
        file.definitions[static_cast<std::size_t>(current_)].body.push_back(std::move(n));
      }
      if (!directive) break;
      if (absl::Status s = parse_directives(file); !s.ok()) return s;
    }
    for (template_definition& d : file.definitions) trim_body(d.body);
    return file;
  }

 private:
  source_location loc(std::size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(it - line_starts_.begin());
    return {static_cast<int>(line), static_cast<int>(offset - line_starts_[line - 1] + 1)};
  }
  absl::Status error(std::size_t offset, std::string_view reason) const {
    return template_error(path_, loc(offset), reason);
  }
  bool at(std::string_view s) const { return src_.substr(pos_, s.size()) == s; }
  bool eof() const { return pos_ >= src_.size(); }
  void skip_space() {
    while (!eof() && is_space(src_[pos_])) ++pos_;
  }

  static void add_text(std::vector<template_node>& out, std::string_view text, source_location at) {
    if (!out.empty() && out.back().kind == template_node::node_kind::text) {
      out.back().name.append(text);
      return;
    }
    template_node n;
    n.kind = template_node::node_kind::text;
    n.loc = at;
    n.name = std::string(text);
    out.push_back(std::move(n));
  }

  // Parses nodes into `out` until the closing tag of `parent`, or, at the top (no parent), until
  // the end of the file or a directive block (`*directive` tells which).
  absl::Status parse_content(std::vector<template_node>& out, const template_node* parent,
                             int depth, bool* directive) {
    while (!eof()) {
      if (at("<%!--")) {
        const std::size_t end = src_.find("--%>", pos_ + 5);
        if (end == std::string_view::npos) return error(pos_, "unterminated comment <%!--");
        pos_ = end + 4;
        continue;
      }
      if (at("<%@")) {
        if (parent != nullptr) {
          return error(pos_, cat("directives go between templates, not inside <",
                                 display_name(*parent), ">"));
        }
        *directive = true;
        return absl::OkStatus();
      }
      if (at("<%")) {
        return error(pos_, "EEx tags <% %> are not supported: use {expr}, :if and :for");
      }
      if (at("<!--")) {
        const std::size_t end = src_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) return error(pos_, "unterminated HTML comment <!--");
        add_text(out, src_.substr(pos_, end + 3 - pos_), loc(pos_));
        pos_ = end + 3;
        continue;
      }
      if (at("</")) return parse_closing_tag(parent);
      if (at("<!")) {
        const std::size_t end = src_.find('>', pos_);
        if (end == std::string_view::npos) return error(pos_, "unterminated <!");
        add_text(out, src_.substr(pos_, end + 1 - pos_), loc(pos_));
        pos_ = end + 1;
        continue;
      }
      if (src_[pos_] == '<' && pos_ + 1 < src_.size()
          && (is_alpha(src_[pos_ + 1]) || src_[pos_ + 1] == '.' || src_[pos_ + 1] == ':')) {
        if (depth >= kMaxDepth) return error(pos_, "elements nested too deeply");
        template_node node;
        if (absl::Status s = parse_element(node, depth); !s.ok()) return s;
        out.push_back(std::move(node));
        continue;
      }
      if (src_[pos_] == '{') {
        template_node n;
        n.kind = template_node::node_kind::expr;
        n.loc = loc(pos_);
        if (absl::Status s = parse_braced(n.expr); !s.ok()) return s;
        out.push_back(std::move(n));
        continue;
      }
      const std::size_t start = pos_++;
      while (!eof() && src_[pos_] != '<' && src_[pos_] != '{') ++pos_;
      add_text(out, src_.substr(start, pos_ - start), loc(start));
    }
    if (parent != nullptr) {
      return template_error(path_, parent->loc, cat("unclosed <", display_name(*parent), ">"));
    }
    return absl::OkStatus();
  }

  absl::Status parse_closing_tag(const template_node* parent) {
    const std::size_t start = pos_;
    pos_ += 2;
    const std::size_t name_start = pos_;
    while (!eof() && !is_space(src_[pos_]) && src_[pos_] != '>' && src_[pos_] != '<') ++pos_;
    const std::string name(src_.substr(name_start, pos_ - name_start));
    skip_space();
    if (eof() || src_[pos_] != '>') return error(start, cat("unterminated closing tag </", name));
    ++pos_;
    if (is_void_element(name)) {
      return error(start, cat("<", name, "> is a void element and has no closing tag"));
    }
    if (parent == nullptr) {
      return error(start, cat("closing tag </", name, "> without an opening tag"));
    }
    const std::string expected = display_name(*parent);
    if (name != expected) {
      return error(start, cat("mismatched closing tag </", name, ">: <", expected, "> opened at ",
                              parent->loc.line, ":", parent->loc.column, " is still open"));
    }
    return absl::OkStatus();
  }

  absl::Status parse_element(template_node& node, int depth) {
    const std::size_t start = pos_;
    if (absl::Status s = parse_tag(node); !s.ok()) return s;
    const bool is_element = node.kind == template_node::node_kind::element;
    if (node.self_closing || (is_element && is_void_element(node.name))) return absl::OkStatus();
    if (is_element && (node.name == "script" || node.name == "style")) {
      // Raw text, as in HTML: braces in scripts and styles are not interpolation.
      const std::string close = "</" + node.name;
      const std::size_t end = src_.find(close, pos_);
      if (end == std::string_view::npos) return error(start, cat("unclosed <", node.name, ">"));
      if (end > pos_) add_text(node.children, src_.substr(pos_, end - pos_), loc(pos_));
      pos_ = end + close.size();
      skip_space();
      if (eof() || src_[pos_] != '>')
        return error(end, cat("unterminated closing tag </", node.name));
      ++pos_;
      return absl::OkStatus();
    }
    bool directive = false;
    return parse_content(node.children, &node, depth + 1, &directive);
  }

  // At '<': the tag name and its attributes, up to and including '>' or '/>'.
  absl::Status parse_tag(template_node& node) {
    const std::size_t start = pos_++;
    node.loc = loc(start);
    if (src_[pos_] == '.' || src_[pos_] == ':') {
      node.kind =
          src_[pos_] == '.' ? template_node::node_kind::component : template_node::node_kind::slot;
      ++pos_;
      const std::size_t name_start = pos_;
      while (!eof() && is_ident_char(src_[pos_])) ++pos_;
      node.name = std::string(src_.substr(name_start, pos_ - name_start));
      if (!is_identifier(node.name)) {
        return error(start,
                     cat("bad ", node.kind == template_node::node_kind::slot ? "slot" : "component",
                         " name after <", src_.substr(start + 1, 1)));
      }
    } else {
      node.kind = template_node::node_kind::element;
      const std::size_t name_start = pos_;
      while (!eof()
             && (is_ident_char(src_[pos_]) || src_[pos_] == '-' || src_[pos_] == ':'
                 || src_[pos_] == '.')) {
        ++pos_;
      }
      node.name = std::string(src_.substr(name_start, pos_ - name_start));
    }
    const std::string shown = display_name(node);
    for (;;) {
      skip_space();
      if (eof()) return error(start, cat("unterminated tag <", shown));
      const char c = src_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '/') {
        if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '>') {
          node.self_closing = true;
          pos_ += 2;
          break;
        }
        return error(pos_, cat("bad attribute in <", shown, ">: unexpected '/'"));
      }
      template_attribute attr;
      attr.loc = loc(pos_);
      if (c == '{') {
        attr.kind = template_attribute::value_kind::spread;
        if (absl::Status s = parse_braced(attr.expr); !s.ok()) return s;
        node.attributes.push_back(std::move(attr));
        continue;
      }
      const std::size_t name_start = pos_;
      while (!eof() && !is_space(src_[pos_])
             && std::string_view("=>/{}\"'<").find(src_[pos_]) == std::string_view::npos) {
        ++pos_;
      }
      if (pos_ == name_start) {
        return error(
            pos_, cat("bad attribute in <", shown, ">: unexpected '", src_.substr(pos_, 1), "'"));
      }
      attr.name = std::string(src_.substr(name_start, pos_ - name_start));
      skip_space();
      if (!eof() && src_[pos_] == '=') {
        ++pos_;
        skip_space();
        if (eof()) return error(start, cat("unterminated tag <", shown));
        const char q = src_[pos_];
        if (q == '"' || q == '\'') {
          const std::size_t end = src_.find(q, pos_ + 1);
          if (end == std::string_view::npos) {
            return error(pos_, cat("unterminated value of attribute ", attr.name));
          }
          attr.kind = template_attribute::value_kind::literal;
          attr.quote = q;
          attr.value = std::string(src_.substr(pos_ + 1, end - pos_ - 1));
          pos_ = end + 1;
        } else if (q == '{') {
          attr.kind = template_attribute::value_kind::dynamic;
          if (absl::Status s = parse_braced(attr.expr); !s.ok()) return s;
        } else {
          return error(name_start, cat("bad attribute ", attr.name,
                                       ": a value is \"quoted\" or an {expression}"));
        }
      } else {
        attr.kind = template_attribute::value_kind::bare;
      }
      if (attr.name[0] == ':') {
        if (absl::Status s = special_attribute(node, attr); !s.ok()) return s;
        continue;
      }
      node.attributes.push_back(std::move(attr));
    }
    if (node.key_expr && !node.for_expr) {
      return template_error(path_, node.key_expr->loc, ":key needs a :for on the same tag");
    }
    return absl::OkStatus();
  }

  absl::Status special_attribute(template_node& node, template_attribute& attr) {
    std::optional<template_expr>* slot = nullptr;
    if (attr.name == ":if") slot = &node.if_expr;
    if (attr.name == ":for") slot = &node.for_expr;
    if (attr.name == ":key") slot = &node.key_expr;
    if (slot == nullptr) {
      return template_error(
          path_, attr.loc,
          cat("unknown special attribute ", attr.name, " (expected :if, :for or :key)"));
    }
    if (attr.kind != template_attribute::value_kind::dynamic) {
      return template_error(path_, attr.loc, cat(attr.name, " takes an {expression}"));
    }
    if (slot->has_value()) {
      return template_error(path_, attr.loc, cat(attr.name, " given twice"));
    }
    *slot = std::move(attr.expr);
    return absl::OkStatus();
  }

  // At '{': a C++ expression up to the matching '}', skipping braces in literals and comments.
  absl::Status parse_braced(template_expr& e) {
    const std::size_t open = pos_++;
    int depth = 0;
    const std::string_view rest = src_.substr(pos_);
    const std::size_t end = scan_code(rest, [&depth](std::size_t, char c) {
      if (c == '{') ++depth;
      if (c == '}') {
        if (depth == 0) return false;
        --depth;
      }
      return true;
    });
    if (end == std::string_view::npos) {
      return error(open, "unterminated expression: '{' without a matching '}'");
    }
    e.code = std::string(rest.substr(0, end));
    e.loc = loc(pos_);
    pos_ += end + 1;
    if (is_blank(e.code)) return error(open, "empty expression {}");
    return absl::OkStatus();
  }

  // At "<%@": one declaration per line.
  absl::Status parse_directives(template_file& file) {
    const std::size_t start = pos_;
    const std::size_t end = src_.find("%>", pos_ + 3);
    if (end == std::string_view::npos) return error(start, "unterminated directive <%@");
    std::size_t line_start = pos_ + 3;
    while (line_start < end) {
      std::size_t line_end = src_.find('\n', line_start);
      if (line_end == std::string_view::npos || line_end > end) line_end = end;
      std::size_t first = line_start;
      while (first < line_end && is_space(src_[first])) ++first;
      std::string_view line = src_.substr(first, line_end - first);
      // `# ...` to the end of the line is a comment, unless it is in a C++ literal.
      line = trim(line.substr(0, scan_code(line, [](std::size_t, char c) { return c != '#'; })));
      if (!line.empty()) {
        if (absl::Status s = directive_line(line, first, file); !s.ok()) return s;
      }
      line_start = line_end + 1;
    }
    pos_ = end + 2;
    return absl::OkStatus();
  }

  absl::Status directive_line(std::string_view line, std::size_t offset, template_file& file) {
    std::size_t n = 0;
    while (n < line.size() && is_ident_char(line[n])) ++n;
    const std::string_view word = line.substr(0, n);
    const std::string_view rest = trim(line.substr(n));
    if (word == "include") {
      const bool quoted = rest.size() > 2 && rest.front() == '"' && rest.back() == '"';
      const bool angled = rest.size() > 2 && rest.front() == '<' && rest.back() == '>';
      if (!quoted && !angled) return error(offset, "expected include \"file.h\" or include <file>");
      file.includes.emplace_back(rest);
      file.include_locs.push_back(loc(offset));
      return absl::OkStatus();
    }
    if (word == "namespace") {
      if (!file.definitions.empty()) {
        return error(offset, "namespace comes before the first template or component");
      }
      if (!file.name_space.empty()) return error(offset, "namespace given twice");
      std::string_view ns = rest;
      while (true) {
        const std::size_t sep = ns.find("::");
        const std::string_view part = ns.substr(0, sep);
        if (!is_identifier(part) || is_cpp_keyword(part)) {
          return error(offset, cat("bad namespace name `", rest, "`"));
        }
        if (sep == std::string_view::npos) break;
        ns.remove_prefix(sep + 2);
      }
      file.name_space = std::string(rest);
      return absl::OkStatus();
    }
    if (word == "template" || word == "component") {
      if (!is_identifier(rest) || is_cpp_keyword(rest) || rest.substr(0, 3) == "ld_") {
        return error(offset, cat("bad ", word, " name `", rest, "`"));
      }
      if (rest == "live_component") return error(offset, "live_component is a reserved name");
      for (const template_definition& d : file.definitions) {
        if (d.name == rest) {
          return error(offset,
                       cat("`", rest, "` is already defined at ", d.loc.line, ":", d.loc.column));
        }
      }
      template_definition d;
      d.kind = word == "template" ? template_definition::def_kind::view
                                  : template_definition::def_kind::component;
      d.name = std::string(rest);
      d.loc = loc(offset);
      file.definitions.push_back(std::move(d));
      current_ = static_cast<int>(file.definitions.size()) - 1;
      body_started_ = false;
      return absl::OkStatus();
    }
    const bool view_decl = word == "assign" || word == "stream";
    const bool component_decl = word == "attr" || word == "slot";
    if (!view_decl && !component_decl) {
      return error(offset, cat("unknown directive `", word,
                               "` (expected include, namespace, template, component, "
                               "assign, stream, attr or slot)"));
    }
    if (current_ < 0) {
      return error(offset, cat("`", word, "` goes after <%@ ", view_decl ? "template" : "component",
                               " name %>"));
    }
    template_definition& d = file.definitions[static_cast<std::size_t>(current_)];
    if (view_decl != (d.kind == template_definition::def_kind::view)) {
      return error(offset, cat("`", word, "` declares ",
                               view_decl ? "template assigns; components take `attr`"
                                         : "component inputs; templates take `assign`"));
    }
    if (body_started_) {
      return error(offset, cat("declarations come before the body of `", d.name, "`"));
    }
    if (d.fields.size() + d.slots.size() >= kMaxFields) {
      return error(offset, cat("too many assigns (at most ", kMaxFields, ")"));
    }
    // NAME, then `: TYPE [= DEFAULT]` for fields, and an optional trailing `required`.
    std::size_t k = 0;
    while (k < rest.size() && is_ident_char(rest[k])) ++k;
    const std::string_view name = rest.substr(0, k);
    std::string_view tail = trim(rest.substr(k));
    if (!is_identifier(name)) {
      return error(offset, cat("expected `", word, " name", word == "slot" ? "" : ": type", "`"));
    }
    if (is_cpp_keyword(name) || is_reserved_name(name, view_decl)) {
      return error(offset, cat("`", name, "` is a reserved name"));
    }
    for (const template_field& f : d.fields) {
      if (f.name == name) return error(offset, cat("`", name, "` declared twice"));
    }
    for (const template_slot_decl& s : d.slots) {
      if (s.name == name) return error(offset, cat("`", name, "` declared twice"));
    }
    bool required = false;
    if (component_decl && tail.size() >= 8 && tail.substr(tail.size() - 8) == "required"
        && (tail.size() == 8 || is_space(tail[tail.size() - 9]))) {
      required = true;
      tail = trim(tail.substr(0, tail.size() - 8));
    }
    if (word == "slot") {
      if (!tail.empty()) return error(offset, "expected `slot name` or `slot name required`");
      d.slots.push_back({std::string(name), required, loc(offset)});
      return absl::OkStatus();
    }
    if (tail.empty() || tail[0] != ':' || (tail.size() > 1 && tail[1] == ':')) {
      return error(offset, cat("expected `", word, " ", name, ": type`"));
    }
    tail = trim(tail.substr(1));
    template_field f;
    f.name = std::string(name);
    f.required = required;
    f.stream = word == "stream";
    f.loc = loc(offset);
    const std::size_t eq = top_level_assignment(tail);
    f.type = std::string(trim(tail.substr(0, eq)));
    if (eq != std::string_view::npos) f.default_value = std::string(trim(tail.substr(eq + 1)));
    if (f.type.empty()) return error(offset, cat("`", name, "` needs a C++ type"));
    if (eq != std::string_view::npos && f.default_value.empty()) {
      return error(offset, cat("`", name, "` has an empty default"));
    }
    if (required && !f.default_value.empty()) {
      return error(offset, cat("`", name, "` is required, so it takes no default"));
    }
    d.fields.push_back(std::move(f));
    return absl::OkStatus();
  }

  // The '=' that starts a default value: outside brackets, and not part of ==, <=, >= or !=.
  static std::size_t top_level_assignment(std::string_view s) {
    int depth = 0;
    std::size_t found = std::string_view::npos;
    scan_code(s, [&](std::size_t i, char c) {
      if (c == '<' || c == '(' || c == '[' || c == '{') ++depth;
      if (c == '>' || c == ')' || c == ']' || c == '}') --depth;
      if (c == '=' && depth == 0) {
        const bool op =
            (i + 1 < s.size() && s[i + 1] == '=')
            || (i > 0 && std::string_view("=!<>").find(s[i - 1]) != std::string_view::npos);
        if (!op) {
          found = i;
          return false;
        }
      }
      return true;
    });
    return found;
  }

  static void trim_body(std::vector<template_node>& body) {
    while (!body.empty() && body.front().kind == template_node::node_kind::text) {
      std::string& t = body.front().name;
      std::size_t n = 0;
      while (n < t.size() && is_space(t[n])) ++n;
      t.erase(0, n);
      if (!t.empty()) break;
      body.erase(body.begin());
    }
    while (!body.empty() && body.back().kind == template_node::node_kind::text) {
      std::string& t = body.back().name;
      while (!t.empty() && is_space(t.back())) t.pop_back();
      if (!t.empty()) break;
      body.pop_back();
    }
  }

  std::string path_;
  std::string_view src_;
  std::vector<std::size_t> line_starts_;
  std::size_t pos_ = 0;
  int current_ = -1;  // the definition being read, by index in the file
  bool body_started_ = false;
};

}  // namespace

absl::Status template_error(std::string_view path, source_location loc, std::string_view reason) {
  return absl::InvalidArgumentError(cat(path, ":", loc.line, ":", loc.column, ": error: ", reason));
}

absl::StatusOr<template_file> parse_template_file(std::string_view path, std::string_view source) {
  return parser(path, source).run();
}

source_location advance(const template_expr& e, std::size_t n) {
  source_location at = e.loc;
  for (std::size_t i = 0; i < n && i < e.code.size(); ++i) {
    if (e.code[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

std::optional<template_for_parts> split_for(const template_expr& e) {
  const std::string_view code = e.code;
  int depth = 0;
  std::size_t arrow = std::string_view::npos, colon = std::string_view::npos;
  scan_code(code, [&](std::size_t i, char c) {
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth != 0) return true;
    if (c == '<' && i + 1 < code.size() && code[i + 1] == '-') {
      arrow = i;
      return false;
    }
    if (c == ':') {
      const bool scope =
          (i + 1 < code.size() && code[i + 1] == ':') || (i > 0 && code[i - 1] == ':');
      if (!scope) {
        colon = i;
        return false;
      }
    }
    return true;
  });
  template_for_parts parts;
  std::size_t range_start = 0;
  if (arrow != std::string_view::npos) {
    const std::string_view var = trim(code.substr(0, arrow));
    if (!is_identifier(var)) return std::nullopt;
    parts.decl = cat("const auto& ", var);
    range_start = arrow + 2;
  } else if (colon != std::string_view::npos) {
    parts.decl = std::string(trim(code.substr(0, colon)));
    range_start = colon + 1;
  } else {
    return std::nullopt;
  }
  parts.range.code = std::string(code.substr(range_start));
  parts.range.loc = advance(e, range_start);
  if (parts.decl.empty() || is_blank(parts.range.code)) return std::nullopt;
  return parts;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), is_ident_char);
}

bool is_void_element(std::string_view tag) {
  static constexpr std::array<std::string_view, 16> kVoid = {
      "area",  "base",   "br",   "col",  "command", "embed",  "hr",    "img",
      "input", "keygen", "link", "meta", "param",   "source", "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), tag) != kVoid.end();
}

}  // namespace livediff
