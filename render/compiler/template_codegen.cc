#include "template_codegen.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "livediff/render/url.h"

#include "code_scanner.h"
#include "text_cat.h"

namespace livediff {
namespace {

// Generated code marks where it returns from template lines to its own; the real line number is
// only known once the whole header is written.
constexpr std::string_view kGeneratedLine = "#line @generated@";

std::string quoted_path(std::string_view path) {
  std::string out = "\"";
  for (char c : path) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// A C++ string literal with exactly the bytes of `s`; long statics break after each newline.
std::string cpp_literal(std::string_view s, std::string_view continuation = {}) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '?':
        // Two question marks could start a trigraph, which GCC warns about (-Wtrigraphs).
        out += i + 1 < s.size() && s[i + 1] == '?' ? "\\?" : "?";
        break;
      case '\n':
        out += "\\n";
        if (!continuation.empty() && i + 1 < s.size()) append_to(out, "\"", continuation, "\"");
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          // Octal takes at most three digits, so a following digit cannot extend the escape.
          const char digits[] = {'\\', static_cast<char>('0' + (c >> 6)),
                                 static_cast<char>('0' + ((c >> 3) & 7)),
                                 static_cast<char>('0' + (c & 7))};
          out.append(digits, 4);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string mask_literal(std::uint64_t mask) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  do {
    hex.insert(hex.begin(), kDigits[mask & 15]);
    mask >>= 4;
  } while (mask != 0);
  return cat("0x", hex, "ULL");
}

std::string bit_literal(std::size_t bit) {
  return cat("(std::uint64_t{1} << ", bit, ")");
}

std::string qualified(const template_file& file, const template_definition& def) {
  return file.name_space.empty() ? cat("::", def.name) : cat("::", file.name_space, "::", def.name);
}

// ---------------------------------------------------------------------------------------------
// Lowering: element trees become blocks of statics and dynamics, LiveView's shape.

struct ir_expr {
  std::string code;
  source_location loc;
  std::uint64_t deps = 0;  // bits of the assigns (or component inputs) it reads
};

struct ir_dynamic {
  enum class dyn_kind {
    text,
    attr,
    url_attr,
    spread,
    if_node,
    for_node,
    stream_for,
    component,
    live_component,
    render_slot
  };
  dyn_kind kind = dyn_kind::text;
  ir_expr value;     // text, attributes: the value; if: the condition; for: the range
  std::string name;  // attribute name; stream field; slot name
  int body = -1;     // if, for, stream: the block of the element
  std::string decl;  // for, stream: the loop variable's declaration
  source_location decl_loc;
  std::optional<ir_expr> key, filter;
  const template_file* component_file = nullptr;
  const template_definition* component = nullptr;
  std::vector<std::pair<std::size_t, ir_expr>> args;  // by field index, C++ initializers
  std::vector<std::pair<std::size_t, int>> slots;     // by slot index: block
  struct live_attr {
    std::string name;
    ir_expr value;
    enum class form { expr, literal, bare } form = form::expr;
  };
  std::vector<live_attr> live_attrs;  // module and id first
  std::uint64_t cond_deps = 0;        // if: what the condition reads
  std::uint64_t deps = 0;             // everything it reads, nested blocks included
};

struct ir_block {
  std::vector<std::string> parts{std::string()};
  std::vector<ir_dynamic> dynamics;
  std::uint64_t deps = 0;
};

struct component_ref {
  const template_file* file;
  const template_definition* def;
};

class lowering {
 public:
  lowering(const template_file& file, const template_definition& def,
           const std::vector<component_ref>& visible)
      : file_(file), def_(def), visible_(visible) {}

  absl::Status run() {
    blocks_.emplace_back();
    return nodes(def_.body, 0);
  }

  std::vector<ir_block>& blocks() { return blocks_; }
  const std::set<const template_file*>& used_files() const { return used_files_; }

 private:
  bool is_view() const { return def_.kind == template_definition::def_kind::view; }

  absl::Status error(source_location at, std::string_view reason) const {
    return template_error(file_.path, at, reason);
  }

  int new_block() {
    blocks_.emplace_back();
    return static_cast<int>(blocks_.size()) - 1;
  }

  void append(int b, std::string_view s) { blocks_[static_cast<std::size_t>(b)].parts.back() += s; }

  void add_dynamic(int b, ir_dynamic d) {
    ir_block& block = blocks_[static_cast<std::size_t>(b)];
    block.deps |= d.deps;
    block.dynamics.push_back(std::move(d));
    block.parts.emplace_back();
  }

  // The bit and the C++ spelling of `@name`.
  std::optional<std::pair<std::size_t, std::string>> lookup(std::string_view name) const {
    for (std::size_t k = 0; k < def_.fields.size(); ++k) {
      if (def_.fields[k].name != name) continue;
      if (is_view()) return std::make_pair(k, cat("ld_a.", name, "()"));
      return std::make_pair(k, cat("ld_attrs.", name));
    }
    for (std::size_t k = 0; k < def_.slots.size(); ++k) {
      if (def_.slots[k].name == name) {
        return std::make_pair(def_.fields.size() + k, cat("ld_attrs.", name));
      }
    }
    return std::nullopt;
  }

  // Replaces each `@name` outside literals by its accessor and records what the code reads.
  absl::StatusOr<ir_expr> resolve(const template_expr& e) const {
    ir_expr out;
    out.loc = e.loc;
    std::vector<std::size_t> ats;
    scan_code(e.code, [&ats](std::size_t i, char c) {
      if (c == '@') ats.push_back(i);
      return true;
    });
    std::size_t copied = 0;
    for (std::size_t at : ats) {
      std::size_t end = at + 1;
      while (end < e.code.size() && detail::is_code_ident_char(e.code[end])) ++end;
      const std::string_view name = std::string_view(e.code).substr(at + 1, end - at - 1);
      if (name.empty()) return error(advance(e, at), "expected a name after @");
      auto found = lookup(name);
      if (!found) {
        return error(advance(e, at),
                     is_view() ? cat("unknown assign @", name, " in template `", def_.name, "`")
                               : cat("unknown attribute or slot @", name, " in component `",
                                     def_.name, "`"));
      }
      out.code.append(e.code, copied, at - copied);
      out.code += found->second;
      out.deps |= std::uint64_t{1} << found->first;
      copied = end;
    }
    out.code.append(e.code, copied);
    return out;
  }

  absl::Status nodes(const std::vector<template_node>& ns, int b) {
    for (const template_node& n : ns) {
      if (absl::Status s = node(n, b, false); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status node(const template_node& n, int b, bool specials_done) {
    using kind = template_node::node_kind;
    switch (n.kind) {
      case kind::text:
        append(b, n.name);
        return absl::OkStatus();
      case kind::expr:
        return expression(n, b);
      case kind::slot:
        return error(n.loc,
                     cat("<:", n.name, "> is a slot: it goes directly inside a component call"));
      case kind::element:
      case kind::component:
        if (!specials_done && (n.for_expr || n.if_expr)) return special(n, b);
        if (n.kind == kind::element) return element(n, b);
        if (n.name == "live_component") return live_component(n, b);
        return component_call(n, b);
    }
    return absl::OkStatus();
  }

  // `render_slot(@name)`, or nullopt for any other expression.
  static std::optional<std::pair<std::string, std::size_t>> render_slot_call(
      const template_expr& e) {
    std::string_view code = trim(e.code);
    constexpr std::string_view kCall = "render_slot";
    if (code.substr(0, kCall.size()) != kCall) return std::nullopt;
    std::string_view rest = trim(code.substr(kCall.size()));
    if (rest.size() < 3 || rest.front() != '(' || rest.back() != ')') return std::nullopt;
    rest = trim(rest.substr(1, rest.size() - 2));
    if (rest.empty() || rest.front() != '@' || !is_identifier(rest.substr(1))) return std::nullopt;
    return std::make_pair(std::string(rest.substr(1)), e.code.find('@'));
  }

  absl::Status expression(const template_node& n, int b) {
    ir_dynamic d;
    if (auto call = render_slot_call(n.expr)) {
      if (is_view()) {
        return error(n.loc, "render_slot is for components; templates take no slots");
      }
      const auto slot =
          std::find_if(def_.slots.begin(), def_.slots.end(),
                       [&](const template_slot_decl& s) { return s.name == call->first; });
      if (slot == def_.slots.end()) {
        return error(advance(n.expr, call->second),
                     cat("unknown slot @", call->first, " in component `", def_.name, "`"));
      }
      d.kind = ir_dynamic::dyn_kind::render_slot;
      d.name = call->first;
      d.deps = std::uint64_t{1} << (def_.fields.size()
                                    + static_cast<std::size_t>(slot - def_.slots.begin()));
      add_dynamic(b, std::move(d));
      return absl::OkStatus();
    }
    auto value = resolve(n.expr);
    if (!value.ok()) return value.status();
    d.kind = ir_dynamic::dyn_kind::text;
    d.deps = value->deps;
    d.value = *std::move(value);
    add_dynamic(b, std::move(d));
    return absl::OkStatus();
  }

  const template_field* stream_field(const template_expr& range) const {
    if (!is_view()) return nullptr;
    const std::string_view code = trim(range.code);
    if (code.size() < 2 || code[0] != '@') return nullptr;
    for (const template_field& f : def_.fields) {
      if (f.stream && code.substr(1) == f.name) return &f;
    }
    return nullptr;
  }

  bool is_stream_for(const template_node& n) const {
    if (n.kind != template_node::node_kind::element || !n.for_expr) return false;
    auto parts = split_for(*n.for_expr);
    return parts && stream_field(parts->range) != nullptr;
  }

  static bool has_attribute(const template_node& n, std::string_view name) {
    return std::any_of(n.attributes.begin(), n.attributes.end(),
                       [&](const template_attribute& a) { return a.name == name; });
  }

  // :for and :if: the element becomes a nested block in a comprehension or a conditional node.
  absl::Status special(const template_node& n, int b) {
    ir_dynamic d;
    if (n.for_expr) {
      auto parts = split_for(*n.for_expr);
      if (!parts) {
        return error(n.for_expr->loc,
                     "bad :for: expected :for={const auto& x : @items} or :for={x <- @items}");
      }
      d.decl = parts->decl;
      d.decl_loc = n.for_expr->loc;
      if (const template_field* stream = stream_field(parts->range)) {
        if (parent_element_ == nullptr) {
          return error(n.loc, "a stream :for needs a container element with an id around it");
        }
        if (loop_depth_ > 0) return error(n.loc, "a stream :for cannot be inside another :for");
        if (n.if_expr) {
          return error(n.if_expr->loc, ":if cannot filter a stream: it sends what was inserted");
        }
        if (n.key_expr) {
          return error(n.key_expr->loc, "a stream needs no :key: items are keyed by DOM id");
        }
        if (!has_attribute(n, "id")) return error(n.loc, "a stream item needs id={dom_id}");
        d.kind = ir_dynamic::dyn_kind::stream_for;
        d.name = stream->name;
        d.deps = std::uint64_t{1} << lookup(stream->name)->first;
      } else {
        auto range = resolve(parts->range);
        if (!range.ok()) return range.status();
        d.kind = ir_dynamic::dyn_kind::for_node;
        d.deps = range->deps;
        d.value = *std::move(range);
        if (n.key_expr) {
          auto key = resolve(*n.key_expr);
          if (!key.ok()) return key.status();
          d.deps |= key->deps;
          d.key = *std::move(key);
        }
        if (n.if_expr) {
          auto filter = resolve(*n.if_expr);
          if (!filter.ok()) return filter.status();
          d.deps |= filter->deps;
          d.filter = *std::move(filter);
        }
      }
      d.body = new_block();
      ++loop_depth_;
      absl::Status s = node(n, d.body, true);
      --loop_depth_;
      if (!s.ok()) return s;
    } else {
      auto cond = resolve(*n.if_expr);
      if (!cond.ok()) return cond.status();
      d.kind = ir_dynamic::dyn_kind::if_node;
      d.cond_deps = cond->deps;
      d.deps = cond->deps;
      d.value = *std::move(cond);
      d.body = new_block();
      if (absl::Status s = node(n, d.body, true); !s.ok()) return s;
    }
    d.deps |= blocks_[static_cast<std::size_t>(d.body)].deps;
    add_dynamic(b, std::move(d));
    return absl::OkStatus();
  }

  absl::Status element(const template_node& n, int b) {
    append(b, cat("<", n.name));
    const bool stream_container =
        std::any_of(n.children.begin(), n.children.end(),
                    [this](const template_node& c) { return is_stream_for(c); });
    for (const template_attribute& a : n.attributes) {
      using vk = template_attribute::value_kind;
      switch (a.kind) {
        case vk::literal:
          append(b,
                 cat(" ", a.name, "=", std::string(1, a.quote), a.value, std::string(1, a.quote)));
          break;
        case vk::bare:
          append(b, cat(" ", a.name));
          break;
        case vk::dynamic:
        case vk::spread: {
          auto value = resolve(a.expr);
          if (!value.ok()) return value.status();
          ir_dynamic d;
          if (a.kind == vk::spread) {
            d.kind = ir_dynamic::dyn_kind::spread;
          } else {
            const bool url = is_url_attribute(a.name) || (a.name == "data" && n.name == "object");
            d.kind = url ? ir_dynamic::dyn_kind::url_attr : ir_dynamic::dyn_kind::attr;
            d.name = a.name;
          }
          d.deps = value->deps;
          d.value = *std::move(value);
          add_dynamic(b, std::move(d));
          break;
        }
      }
    }
    if (stream_container) {
      if (!has_attribute(n, "id")) {
        return error(n.loc, cat("a stream container <", n.name, "> needs an id"));
      }
      if (!has_attribute(n, "phx-update")) append(b, " phx-update=\"stream\"");
    }
    if (is_void_element(n.name)) {
      append(b, n.self_closing ? "/>" : ">");
      return absl::OkStatus();
    }
    append(b, ">");
    const template_node* saved = parent_element_;
    parent_element_ = &n;
    absl::Status s = nodes(n.children, b);
    parent_element_ = saved;
    if (!s.ok()) return s;
    append(b, cat("</", n.name, ">"));
    return absl::OkStatus();
  }

  // Lowers `children` into a new block, as content passed to a component.
  absl::StatusOr<int> content_block(const std::vector<const template_node*>& children) {
    const int block = new_block();
    const template_node* saved = parent_element_;
    parent_element_ = nullptr;
    for (const template_node* c : children) {
      if (absl::Status s = node(*c, block, false); !s.ok()) {
        parent_element_ = saved;
        return s;
      }
    }
    parent_element_ = saved;
    return block;
  }

  absl::Status component_call(const template_node& n, int b) {
    const component_ref* ref = nullptr;
    for (const component_ref& c : visible_) {
      if (c.def->name == n.name) ref = &c;
    }
    if (ref == nullptr) return error(n.loc, cat("unknown component .", n.name));
    const template_definition& comp = *ref->def;
    if (comp.kind != template_definition::def_kind::component) {
      return error(n.loc, cat("`", n.name, "` is a template, not a component"));
    }
    if (ref->file != &file_) used_files_.insert(ref->file);
    ir_dynamic d;
    d.kind = ir_dynamic::dyn_kind::component;
    d.component = &comp;
    d.component_file = ref->file;
    std::vector<bool> given(comp.fields.size(), false);
    for (const template_attribute& a : n.attributes) {
      using vk = template_attribute::value_kind;
      if (a.kind == vk::spread) {
        return error(a.loc, "attribute spreads are not supported on components");
      }
      const auto field = std::find_if(comp.fields.begin(), comp.fields.end(),
                                      [&](const template_field& f) { return f.name == a.name; });
      if (field == comp.fields.end()) {
        return error(a.loc, cat("unknown attribute `", a.name, "` for component .", n.name));
      }
      const auto k = static_cast<std::size_t>(field - comp.fields.begin());
      if (given[k]) return error(a.loc, cat("attribute `", a.name, "` given twice"));
      given[k] = true;
      ir_expr value;
      value.loc = a.loc;
      if (a.kind == vk::literal) {
        value.code = cpp_literal(a.value);
      } else if (a.kind == vk::bare) {
        value.code = "true";
      } else {
        auto resolved = resolve(a.expr);
        if (!resolved.ok()) return resolved.status();
        value = *std::move(resolved);
      }
      d.deps |= value.deps;
      d.args.emplace_back(k, std::move(value));
    }
    for (std::size_t k = 0; k < comp.fields.size(); ++k) {
      if (comp.fields[k].required && !given[k]) {
        return error(n.loc, cat("missing required attribute `", comp.fields[k].name,
                                "` for component .", n.name));
      }
    }
    std::vector<bool> slot_given(comp.slots.size(), false);
    std::vector<const template_node*> inner;
    for (const template_node& c : n.children) {
      if (c.kind != template_node::node_kind::slot) {
        inner.push_back(&c);
        continue;
      }
      const auto slot = std::find_if(comp.slots.begin(), comp.slots.end(),
                                     [&](const template_slot_decl& s) { return s.name == c.name; });
      if (slot == comp.slots.end() || c.name == "inner_block") {
        return error(c.loc, cat("unknown slot :", c.name, " for component .", n.name));
      }
      const auto k = static_cast<std::size_t>(slot - comp.slots.begin());
      if (slot_given[k]) return error(c.loc, cat("slot :", c.name, " given twice"));
      if (!c.attributes.empty() || c.if_expr || c.for_expr) {
        return error(c.loc, "slot entries take no attributes");
      }
      slot_given[k] = true;
      std::vector<const template_node*> content;
      for (const template_node& x : c.children) content.push_back(&x);
      auto block = content_block(content);
      if (!block.ok()) return block.status();
      d.slots.emplace_back(k, *block);
    }
    const auto first_content = std::find_if(inner.begin(), inner.end(), [](const template_node* x) {
      return x->kind != template_node::node_kind::text || !is_blank(x->name);
    });
    if (first_content != inner.end()) {
      const auto slot =
          std::find_if(comp.slots.begin(), comp.slots.end(),
                       [](const template_slot_decl& s) { return s.name == "inner_block"; });
      if (slot == comp.slots.end()) {
        return error((*first_content)->loc,
                     cat("component .", n.name,
                         " takes no inner content (it declares no `slot inner_block`)"));
      }
      const auto k = static_cast<std::size_t>(slot - comp.slots.begin());
      slot_given[k] = true;
      auto block = content_block(inner);
      if (!block.ok()) return block.status();
      d.slots.emplace_back(k, *block);
    }
    for (std::size_t k = 0; k < comp.slots.size(); ++k) {
      if (comp.slots[k].required && !slot_given[k]) {
        return error(
            n.loc, cat("missing required slot :", comp.slots[k].name, " for component .", n.name));
      }
    }
    for (const auto& [k, block] : d.slots) d.deps |= blocks_[static_cast<std::size_t>(block)].deps;
    std::sort(d.args.begin(), d.args.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    std::sort(d.slots.begin(), d.slots.end());
    add_dynamic(b, std::move(d));
    return absl::OkStatus();
  }

  absl::Status live_component(const template_node& n, int b) {
    for (const template_node& c : n.children) {
      if (c.kind != template_node::node_kind::text || !is_blank(c.name)) {
        return error(c.loc, "a live component takes no content");
      }
    }
    ir_dynamic d;
    d.kind = ir_dynamic::dyn_kind::live_component;
    std::optional<ir_dynamic::live_attr> module, id;
    std::vector<ir_dynamic::live_attr> others;
    for (const template_attribute& a : n.attributes) {
      using vk = template_attribute::value_kind;
      if (a.kind == vk::spread)
        return error(a.loc, "attribute spreads are not supported on components");
      ir_dynamic::live_attr la;
      la.name = a.name;
      la.value.loc = a.loc;
      if (a.kind == vk::literal) {
        la.form = ir_dynamic::live_attr::form::literal;
        la.value.code = cpp_literal(a.value);
      } else if (a.kind == vk::bare) {
        la.form = ir_dynamic::live_attr::form::bare;
        la.value.code = "true";
      } else {
        auto value = resolve(a.expr);
        if (!value.ok()) return value.status();
        la.value = *std::move(value);
      }
      d.deps |= la.value.deps;
      std::optional<ir_dynamic::live_attr>* special = a.name == "module" ? &module
                                                      : a.name == "id"   ? &id
                                                                         : nullptr;
      if (special != nullptr) {
        if (special->has_value()) return error(a.loc, cat("attribute `", a.name, "` given twice"));
        if (la.form == ir_dynamic::live_attr::form::bare) {
          return error(a.loc, cat("`", a.name, "` needs a value"));
        }
        *special = std::move(la);
      } else {
        others.push_back(std::move(la));
      }
    }
    if (!module || !id) return error(n.loc, "<.live_component> needs a module and an id");
    d.live_attrs.push_back(*std::move(module));
    d.live_attrs.push_back(*std::move(id));
    for (auto& la : others) d.live_attrs.push_back(std::move(la));
    add_dynamic(b, std::move(d));
    return absl::OkStatus();
  }

  const template_file& file_;
  const template_definition& def_;
  const std::vector<component_ref>& visible_;
  std::vector<ir_block> blocks_;
  std::set<const template_file*> used_files_;
  const template_node* parent_element_ = nullptr;  // the element whose children are lowered
  int loop_depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Emitting C++.

// Where a block's code is: its NodeRef variable, and whether the client may hold some of it.
struct emit_ctx {
  std::string node;
  bool static_full = false;  // inside a loop body everything renders: no checks at all
  std::string full;          // otherwise, the bool saying the client holds nothing of it
};

class emitter {
 public:
  emitter(const template_file& file, const std::vector<ir_block>& blocks, std::string& out)
      : file_(file), blocks_(blocks), out_(out) {}

  void definition_body() { block(0, {"ld_node", false, "ld_full"}, 1); }

 private:
  void line(int indent, std::string_view text) {
    out_.append(static_cast<std::size_t>(indent) * 2, ' ');
    out_.append(text);
    out_ += '\n';
  }

  // The template's own text at its own line and column, so that the C++ compiler's messages
  // about it point into the .heex file.
  std::string at_source(std::string_view code, source_location loc) const {
    return cat("\n#line ", loc.line, " ", quoted_path(file_.path), "\n",
               std::string(static_cast<std::size_t>(loc.column - 1), ' '), code, "\n",
               kGeneratedLine, "\n");
  }
  std::string at_source(const ir_expr& e) const { return at_source(e.code, e.loc); }

  std::string fresh(std::string_view prefix) { return cat(prefix, ++counter_); }

  std::string test(std::uint64_t mask, const emit_ctx& c) const {
    if (mask == 0) return c.full;
    return cat(c.full, " || (ld_changed & ", mask_literal(mask), ") != 0");
  }
  static std::string full_value(const emit_ctx& c) { return c.static_full ? "true" : c.full; }

  void block(int b, const emit_ctx& c, int indent) {
    const ir_block& blk = blocks_[static_cast<std::size_t>(b)];
    for (std::size_t i = 0; i < blk.dynamics.size(); ++i) dynamic(blk.dynamics[i], i, c, indent);
  }

  void dynamic(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    if (c.static_full) {
      dynamic_body(d, i, c, indent);
      return;
    }
    // Change tracking: what reads nothing that changed keeps what the client has.
    line(indent, cat("if (", test(d.deps, c), ") {"));
    dynamic_body(d, i, c, indent + 1);
    line(indent, "} else {");
    line(indent + 1, cat(c.node, ".unchanged(", i, ");"));
    line(indent, "}");
  }

  void dynamic_body(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    using k = ir_dynamic::dyn_kind;
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    switch (d.kind) {
      case k::text:
        line(indent, cat("::livediff::detail::emit_text(", c.node, ", ", i, ",", at_source(d.value),
                         pad, ");"));
        break;
      case k::attr:
      case k::url_attr:
        line(indent,
             cat("::livediff::detail::", d.kind == k::attr ? "emit_attr(" : "emit_url_attr(",
                 c.node, ", ", i, ", ", cpp_literal(d.name), ",", at_source(d.value), pad, ");"));
        break;
      case k::spread:
        line(indent, cat("::livediff::detail::emit_spread(", c.node, ", ", i, ",",
                         at_source(d.value), pad, ");"));
        break;
      case k::if_node:
        if_node(d, i, c, indent);
        break;
      case k::for_node:
        for_node(d, i, c, indent);
        break;
      case k::stream_for:
        stream_for(d, i, c, indent);
        break;
      case k::component:
        component(d, i, c, indent);
        break;
      case k::live_component:
        live_component(d, i, c, indent);
        break;
      case k::render_slot:
        line(indent,
             cat("ld_attrs.", d.name, ".render(", c.node, ", ", i, ", ", full_value(c), ");"));
        break;
    }
  }

  void if_node(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    line(indent, cat("if (", at_source(d.value), pad, ") {"));
    emit_ctx inner{fresh("ld_n"), c.static_full, c.full};
    line(indent + 1, cat("[[maybe_unused]] ::livediff::NodeRef ", inner.node, " = ", c.node,
                         ".node(", i, ", ld_s.s", d.body, ");"));
    if (!c.static_full && d.cond_deps != 0) {
      // The node is new to the client when the condition may have just become true.
      inner.full = fresh("ld_f");
      line(indent + 1,
           cat("[[maybe_unused]] const bool ", inner.full, " = ", test(d.cond_deps, c), ";"));
    }
    block(d.body, inner, indent + 1);
    line(indent, "}");
  }

  void for_node(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    const std::string pad(static_cast<std::size_t>(indent + 1) * 2, ' ');
    const std::string list = fresh("ld_c");
    line(indent, "{");
    line(indent + 1, cat("::livediff::ComprehensionRef ", list, " = ", c.node, ".comprehension(", i,
                         ", ld_s.s", d.body, ");"));
    line(indent + 1,
         cat("for (", at_source(d.decl, d.decl_loc), pad, ":", at_source(d.value), pad, ") {"));
    if (d.filter) {
      line(indent + 2, cat("if (!(", at_source(*d.filter), pad, "  )) continue;"));
    }
    const emit_ctx inner{fresh("ld_n"), true, ""};
    if (d.key) {
      line(indent + 2,
           cat("[[maybe_unused]] ::livediff::NodeRef ", inner.node,
               " = ::livediff::detail::keyed_entry(", list, ",", at_source(*d.key), pad, "  );"));
    } else {
      line(indent + 2,
           cat("[[maybe_unused]] ::livediff::NodeRef ", inner.node, " = ", list, ".entry();"));
    }
    block(d.body, inner, indent + 2);
    line(indent + 1, "}");
    line(indent, "}");
  }

  void stream_for(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    const emit_ctx inner{fresh("ld_n"), true, ""};
    line(indent,
         cat("ld_am.", d.name, "_.render(", c.node, ", ", i, ", ld_s.s", d.body,
             ", [&]([[maybe_unused]] ::livediff::NodeRef ", inner.node, ",",
             at_source(d.decl, d.decl_loc), pad, ", [[maybe_unused]] std::string_view dom_id) {"));
    block(d.body, inner, indent + 1);
    line(indent, "});");
  }

  void component(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    const std::string type = qualified(*d.component_file, *d.component);
    const std::string pad(static_cast<std::size_t>(indent + 3) * 2, ' ');
    line(indent, "{");
    std::vector<std::string> slot_vars;
    for (const auto& [k, body] : d.slots) {
      const std::string var = fresh("ld_sl");
      slot_vars.push_back(var);
      emit_ctx inner{fresh("ld_n"), c.static_full, ""};
      const std::string param = fresh("ld_sf");
      line(indent + 1, cat("auto ", var, " = [&]([[maybe_unused]] ::livediff::NodeRef ", inner.node,
                           ", [[maybe_unused]] bool ", param, ") {"));
      if (!c.static_full) {
        // New to the client when either side says so: the caller's block or the component's.
        inner.full = fresh("ld_f");
        line(indent + 2,
             cat("[[maybe_unused]] const bool ", inner.full, " = ", param, " || ", c.full, ";"));
      }
      block(body, inner, indent + 2);
      line(indent + 1, "};");
    }
    line(indent + 1, cat(type, "::fill(", c.node, ".node(", i, ", ", type, "::statics()),"));
    line(indent + 3, cat(type, "::attrs{"));
    for (const auto& [k, value] : d.args) {
      line(indent + 4, cat(".", d.component->fields[k].name, " =", at_source(value), pad, "  ,"));
    }
    for (std::size_t s = 0; s < d.slots.size(); ++s) {
      const std::size_t k = d.slots[s].first;
      line(indent + 4, cat(".", d.component->slots[k].name, " = ::livediff::slot(ld_s.s",
                           d.slots[s].second, ", ", slot_vars[s], "),"));
    }
    line(indent + 3, "},");
    line(indent + 3, cat(changed_bits(d, c), ", ", full_value(c), ", ld_components);"));
    line(indent, "}");
  }

  // Which of the component's inputs changed: those whose expressions read something changed.
  std::string changed_bits(const ir_dynamic& d, const emit_ctx& c) const {
    if (c.static_full) return "~std::uint64_t{0}";
    std::string bits = "std::uint64_t{0}";
    for (const auto& [k, value] : d.args) {
      if (value.deps == 0) continue;
      append_to(bits, " | ((ld_changed & ", mask_literal(value.deps), ") != 0 ? ", bit_literal(k),
                " : 0)");
    }
    for (const auto& [k, body] : d.slots) {
      const std::uint64_t deps = blocks_[static_cast<std::size_t>(body)].deps;
      if (deps == 0) continue;
      append_to(bits, " | ((ld_changed & ", mask_literal(deps), ") != 0 ? ",
                bit_literal(d.component->fields.size() + k), " : 0)");
    }
    return cat("(", c.full, " ? ~std::uint64_t{0} : (", bits, "))");
  }

  void live_component(const ir_dynamic& d, std::size_t i, const emit_ctx& c, int indent) {
    const std::string pad(static_cast<std::size_t>(indent + 1) * 2, ' ');
    line(indent, "{");
    line(indent + 1, "LIVEDIFF_ASSERT(ld_components != nullptr);");
    std::vector<std::string> vars;
    for (std::size_t a = 0; a < d.live_attrs.size(); ++a) {
      const auto& la = d.live_attrs[a];
      const std::string var = fresh("ld_v");
      vars.push_back(var);
      if (a < 2) {
        line(indent + 1,
             cat("const ::livediff::detail::id_text ", var, "(", at_source(la.value), pad, ");"));
      } else if (la.form == ir_dynamic::live_attr::form::literal) {
        line(indent + 1, cat("const std::string_view ", var, " = ", la.value.code, ";"));
      } else if (la.form == ir_dynamic::live_attr::form::bare) {
        line(indent + 1, cat("const bool ", var, " = true;"));
      } else {
        line(indent + 1, cat("const auto& ", var, " =", at_source(la.value), pad, ";"));
      }
    }
    std::string attrs = "{}";
    if (d.live_attrs.size() > 2) {
      attrs = fresh("ld_la");
      std::string list;
      for (std::size_t a = 2; a < d.live_attrs.size(); ++a) {
        append_to(list, a > 2 ? ", " : "", "::livediff::component_attr::of(",
                  cpp_literal(d.live_attrs[a].name), ", ", vars[a], ")");
      }
      line(indent + 1, cat("const ::livediff::component_attr ", attrs, "[] = {", list, "};"));
    }
    line(indent + 1, cat(c.node, ".component(", i, ", ld_components->cid_for(", vars[0],
                         ".view(), ", vars[1], ".view(), ", attrs, "));"));
    line(indent, "}");
  }

  const template_file& file_;
  const std::vector<ir_block>& blocks_;
  std::string& out_;
  int counter_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The header.

class header_writer {
 public:
  header_writer(std::span<const template_file> files, std::size_t index,
                std::string_view output_path)
      : files_(files), file_(files[index]), output_path_(output_path) {
    for (const template_file& f : files_) {
      for (const template_definition& d : f.definitions) visible_.push_back({&f, &d});
    }
  }

  absl::StatusOr<std::string> run() {
    std::vector<std::vector<ir_block>> lowered;
    std::set<const template_file*> used;
    for (const template_definition& d : file_.definitions) {
      lowering l(file_, d, visible_);
      if (absl::Status s = l.run(); !s.ok()) return s;
      used.insert(l.used_files().begin(), l.used_files().end());
      lowered.push_back(std::move(l.blocks()));
    }
    std::string out;
    const std::string name = template_header_name(file_.path);
    std::string guard = "LIVEDIFF_TEMPLATE_";
    for (char c : name) {
      guard += std::isalnum(static_cast<unsigned char>(c)) != 0
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                   : '_';
    }
    append_to(out, "// Generated by livediff_template_compiler from ", file_.path,
              ". Do not edit.\n#ifndef ", guard, "\n#define ", guard, "\n\n",
              "#include <cstdint>\n#include <string_view>\n#include <utility>\n\n",
              "#include \"livediff/render.h\"\n");
    for (const template_file& f : files_) {
      if (used.contains(&f)) append_to(out, "#include \"", template_header_name(f.path), "\"\n");
    }
    for (std::size_t k = 0; k < file_.includes.size(); ++k) {
      append_to(out, "#line ", file_.include_locs[k].line, " ", quoted_path(file_.path),
                "\n#include ", file_.includes[k], "\n", kGeneratedLine, "\n");
    }
    // Component calls name only the attributes they pass; the others keep their defaults,
    // which GCC's -Wextra reports unless told otherwise.
    append_to(out, "\n#pragma GCC diagnostic push\n",
              "#pragma GCC diagnostic ignored \"-Wmissing-field-initializers\"\n\n");
    if (!file_.name_space.empty()) append_to(out, "namespace ", file_.name_space, " {\n\n");
    for (const template_definition& d : file_.definitions) declaration(d, out);
    for (std::size_t k = 0; k < file_.definitions.size(); ++k) {
      definition(file_.definitions[k], lowered[k], out);
    }
    if (!file_.name_space.empty()) append_to(out, "}  // namespace ", file_.name_space, "\n");
    out += "\n#pragma GCC diagnostic pop\n";
    append_to(out, "\n#endif  // ", guard, "\n");
    return resolve_lines(out);
  }

 private:
  std::string at_source(source_location loc) const {
    return cat("#line ", loc.line, " ", quoted_path(file_.path), "\n");
  }

  void declaration(const template_definition& d, std::string& out) const {
    const bool view = d.kind == template_definition::def_kind::view;
    const std::string base =
        std::string(std::string_view(file_.path).substr(file_.path.rfind('/') + 1));
    append_to(out, "/// ", view ? "Template" : "Function component", " `", d.name, "` of ", base,
              ".\n", "struct ", d.name, " {\n");
    if (view) {
      view_assigns(d, out);
    } else {
      component_attrs(d, out);
    }
    append_to(out, "  /// The statics of the root, for nesting this ",
              view ? "template" : "component", " in another render.\n",
              "  static const ::livediff::Statics& statics();\n");
    if (view) {
      append_to(
          out,
          "  /// Renders `a` as the root of `out`: what changed since a.clear_changes(), or\n"
          "  /// everything after a.mark_all_changed() (and for a new assigns object).\n"
          "  static void render(::livediff::Rendered& out, assigns& a,\n"
          "                     ::livediff::component_registry* components = nullptr);\n"
          "  /// Renders `a` as live component `cid` of `out`; its root must be one element.\n"
          "  static void render_component(::livediff::Rendered& out, std::int32_t cid, assigns& "
          "a,\n"
          "                               ::livediff::component_registry* components = nullptr);\n"
          "  /// Fills `node`, built from statics().\n"
          "  static void fill(::livediff::NodeRef node, assigns& a,\n"
          "                   ::livediff::component_registry* components = nullptr);\n");
    } else {
      append_to(
          out,
          "  /// Renders `a` as the root of `out`, all of it.\n"
          "  static void render(::livediff::Rendered& out, const attrs& a,\n"
          "                     ::livediff::component_registry* components = nullptr);\n"
          "  /// Fills `node`, built from statics(). `changed`: the *_bit of inputs that changed\n"
          "  /// since the client got this node; `full`: the client holds none of it.\n"
          "  static void fill(::livediff::NodeRef node, const attrs& a, std::uint64_t changed,\n"
          "                   bool full, ::livediff::component_registry* components);\n");
    }
    append_to(out, "\n private:\n  struct ld_statics_t;\n",
              "  static const ld_statics_t& ld_statics();\n};\n\n");
  }

  void view_assigns(const template_definition& d, std::string& out) const {
    append_to(
        out,
        "  /// Typed assigns whose setters mark them changed, so that a render re-evaluates only\n"
        "  /// what reads changed assigns. A new object is all changed.\n",
        "  class assigns {\n   public:\n");
    for (std::size_t k = 0; k < d.fields.size(); ++k) {
      append_to(out, "    static constexpr std::uint64_t ", d.fields[k].name,
                "_bit = ", bit_literal(k), ";\n");
    }
    append_to(
        out,
        "    /// Set by mark_all_changed(): the client holds nothing, so everything renders.\n"
        "    static constexpr std::uint64_t full_bit = std::uint64_t{1} << 63;\n\n");
    for (const template_field& f : d.fields) {
      const std::string type = f.stream ? cat("::livediff::Stream<", f.type, ">") : f.type;
      append_to(out, "    const ", type, "& ", f.name, "() const { return ", f.name, "_; }\n");
      if (!f.stream) {
        append_to(out, "    assigns& set_", f.name, "(", type, " ld_value) {\n      ", f.name,
                  "_ = std::move(ld_value);\n      changed_ |= ", f.name,
                  "_bit;\n      return *this;\n    }\n");
      }
      append_to(out, "    /// Marks `", f.name, "` changed and returns it for editing.\n", "    ",
                type, "& mutable_", f.name, "() {\n      changed_ |= ", f.name,
                "_bit;\n      return ", f.name, "_;\n    }\n");
    }
    append_to(out,
              "    /// The next render renders everything: first renders and rejoins.\n"
              "    void mark_all_changed() { changed_ = ~std::uint64_t{0}; }\n"
              "    /// Call once the diff of a render has gone to the client.\n"
              "    void clear_changes() { changed_ = 0; }\n"
              "    std::uint64_t changes() const { return changed_; }\n"
              "    bool changed(std::uint64_t bits) const { return (changed_ & bits) != 0; }\n\n"
              "   private:\n",
              "    friend struct ", d.name, ";\n");
    for (const template_field& f : d.fields) {
      out += at_source(f.loc);
      if (f.stream) {
        if (f.default_value.empty()) {
          append_to(out, "    ::livediff::Stream<", f.type, "> ", f.name, "_{", cpp_literal(f.name),
                    "};\n");
        } else {
          append_to(out, "    ::livediff::Stream<", f.type, "> ", f.name, "_ = ", f.default_value,
                    ";\n");
        }
      } else if (f.default_value.empty()) {
        append_to(out, "    ", f.type, " ", f.name, "_{};\n");
      } else {
        append_to(out, "    ", f.type, " ", f.name, "_ = ", f.default_value, ";\n");
      }
    }
    if (!d.fields.empty()) append_to(out, kGeneratedLine, "\n");
    append_to(out, "    std::uint64_t changed_ = ~std::uint64_t{0};\n  };\n\n");
  }

  void component_attrs(const template_definition& d, std::string& out) const {
    append_to(out, "  /// The attributes and slots of <.", d.name, ">.\n  struct attrs {\n");
    for (const template_field& f : d.fields) {
      out += at_source(f.loc);
      if (f.default_value.empty()) {
        append_to(out, "    ", f.type, " ", f.name, "{};\n");
      } else {
        append_to(out, "    ", f.type, " ", f.name, " = ", f.default_value, ";\n");
      }
    }
    if (!d.fields.empty()) append_to(out, kGeneratedLine, "\n");
    for (const template_slot_decl& s : d.slots) {
      append_to(out, "    ::livediff::slot ", s.name, ";\n");
    }
    append_to(out, "  };\n");
    for (std::size_t k = 0; k < d.fields.size(); ++k) {
      append_to(out, "  static constexpr std::uint64_t ", d.fields[k].name,
                "_bit = ", bit_literal(k), ";\n");
    }
    for (std::size_t k = 0; k < d.slots.size(); ++k) {
      append_to(out, "  static constexpr std::uint64_t ", d.slots[k].name,
                "_bit = ", bit_literal(d.fields.size() + k), ";\n");
    }
    out += '\n';
  }

  void definition(const template_definition& d, const std::vector<ir_block>& blocks,
                  std::string& out) const {
    const bool view = d.kind == template_definition::def_kind::view;
    append_to(out, "struct ", d.name, "::ld_statics_t {\n");
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      append_to(out, "  ::livediff::Statics s", b, "{");
      const auto& parts = blocks[b].parts;
      for (std::size_t p = 0; p < parts.size(); ++p) {
        append_to(out, p == 0 ? "\n      " : ",\n      ", cpp_literal(parts[p], "\n      "));
      }
      out += "};\n";
    }
    append_to(out, "};\n\n", "inline const ", d.name, "::ld_statics_t& ", d.name,
              "::ld_statics() {\n", "  static const ld_statics_t s;\n  return s;\n}\n\n",
              "inline const ::livediff::Statics& ", d.name,
              "::statics() { return ld_statics().s0; }\n\n");
    if (view) {
      append_to(
          out, "inline void ", d.name,
          "::render(::livediff::Rendered& out, assigns& a,\n"
          "                   ::livediff::component_registry* components) {\n"
          "  fill(out.root(statics()), a, components);\n}\n\n",
          "inline void ", d.name,
          "::render_component(::livediff::Rendered& out, std::int32_t cid, assigns& a,\n"
          "                             ::livediff::component_registry* components) {\n"
          "  fill(out.component(cid, statics()), a, components);\n}\n\n",
          "inline void ", d.name,
          "::fill(::livediff::NodeRef ld_node, assigns& ld_am,\n"
          "                 [[maybe_unused]] ::livediff::component_registry* ld_components) {\n"
          "  using ::livediff::raw;\n"
          "  [[maybe_unused]] const assigns& ld_a = ld_am;\n"
          "  [[maybe_unused]] const ld_statics_t& ld_s = ld_statics();\n"
          "  [[maybe_unused]] const std::uint64_t ld_changed = ld_am.changed_;\n"
          "  [[maybe_unused]] const bool ld_full = (ld_changed & assigns::full_bit) != 0;\n");
    } else {
      append_to(
          out, "inline void ", d.name,
          "::render(::livediff::Rendered& out, const attrs& a,\n"
          "                   ::livediff::component_registry* components) {\n"
          "  fill(out.root(statics()), a, ~std::uint64_t{0}, true, components);\n}\n\n",
          "inline void ", d.name,
          "::fill(::livediff::NodeRef ld_node, [[maybe_unused]] const attrs& ld_attrs,\n"
          "                 [[maybe_unused]] std::uint64_t ld_changed,\n"
          "                 [[maybe_unused]] bool ld_full,\n"
          "                 [[maybe_unused]] ::livediff::component_registry* ld_components) {\n"
          "  using ::livediff::raw;\n"
          "  [[maybe_unused]] const ld_statics_t& ld_s = ld_statics();\n");
    }
    emitter(file_, blocks, out).definition_body();
    out += "}\n\n";
  }

  // Replaces each kGeneratedLine by a #line naming the header's own next line.
  std::string resolve_lines(const std::string& text) const {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t line = 1;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string_view l(text.data() + start, end - start);
      if (l == kGeneratedLine) {
        append_to(out, "#line ", line + 1, " ", quoted_path(output_path_), "\n");
      } else {
        append_to(out, l, "\n");
      }
      ++line;
      start = end + 1;
    }
    return out;
  }

  std::span<const template_file> files_;
  const template_file& file_;
  std::string output_path_;
  std::vector<component_ref> visible_;
};

}  // namespace

std::string template_header_name(std::string_view template_path) {
  const std::size_t slash = template_path.find_last_of("/\\");
  const std::string_view base =
      slash == std::string_view::npos ? template_path : template_path.substr(slash + 1);
  return cat(base, ".h");
}

absl::StatusOr<std::string> generate_template_header(std::span<const template_file> files,
                                                     std::size_t index,
                                                     std::string_view output_path) {
  return header_writer(files, index, output_path).run();
}

}  // namespace livediff
