// Helpers that generated template code calls: each value type renders as LiveView renders it.
#ifndef LIVEDIFF_RENDER_DETAIL_EMIT_H
#define LIVEDIFF_RENDER_DETAIL_EMIT_H

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "livediff/core/rendered.h"
#include "livediff/render/url.h"
#include "livediff/render/values.h"

namespace livediff::detail {

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;
template <class T>
inline constexpr bool is_variant_v = false;
template <class... T>
inline constexpr bool is_variant_v<std::variant<T...>> = true;
template <class T>
inline constexpr bool unsupported_v = false;

template <class T>
concept string_like = std::convertible_to<const T&, std::string_view>;

// Values rendered as nothing, as nil and false are in HEEx.
template <class T>
inline constexpr bool is_nothing_v =
    std::is_same_v<
        T,
        std::nullptr_t> || std::is_same_v<T, std::nullopt_t> || std::is_same_v<T, std::monostate>;

// Out of line: rare, or longer than is worth inlining into every template.
void emit_bare_attr(NodeRef node, std::size_t i, std::string_view name);
void emit_raw_attr(NodeRef node, std::size_t i, std::string_view name, std::string_view trusted);
void emit_double_attr(NodeRef node, std::size_t i, std::string_view name, double value);
void append_double(std::string& out, double value);
/// Appends ` name="value"` for a spread: the value escaped, URL attributes checked, and names
/// that are invalid or event handlers (`on*`) dropped.
void append_attr(std::string& out, std::string_view name, std::string_view value);
void append_bare_attr(std::string& out, std::string_view name);

/// `{expr}` in text: strings escaped, numbers formatted, true/false as words, nullopt as nothing.
template <class T>
void emit_text(NodeRef node, std::size_t i, const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, raw_html>) {
    node.html(i, v.html);
  } else if constexpr (std::is_same_v<U, bool>) {
    node.html(i, v ? std::string_view("true") : std::string_view("false"));
  } else if constexpr (std::is_same_v<U, char>) {
    node.text(i, std::string_view(&v, 1));
  } else if constexpr (std::is_integral_v<U>) {
    node.text(i, v);
  } else if constexpr (std::is_floating_point_v<U>) {
    node.text(i, static_cast<double>(v));
  } else if constexpr (string_like<U>) {
    node.text(i, std::string_view(v));
  } else if constexpr (is_nothing_v<U>) {
  } else if constexpr (is_optional_v<U>) {
    if (v.has_value()) emit_text(node, i, *v);
  } else if constexpr (is_variant_v<U>) {
    std::visit([&](const auto& x) { emit_text(node, i, x); }, v);
  } else {
    static_assert(unsupported_v<U>,
                  "{expr} renders strings, numbers, bool, raw(...), optional and variant; convert "
                  "other types to one of these in the template");
  }
}

/// `name={expr}`: ` name="value"` escaped; true renders the bare name, false and nullopt nothing.
template <class T>
void emit_attr(NodeRef node, std::size_t i, std::string_view name, const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    if (v) emit_bare_attr(node, i, name);
  } else if constexpr (std::is_same_v<U, raw_html>) {
    emit_raw_attr(node, i, name, v.html);
  } else if constexpr (std::is_same_v<U, char>) {
    node.attr(i, name, std::string_view(&v, 1));
  } else if constexpr (std::is_integral_v<U>) {
    node.attr(i, name, v);
  } else if constexpr (std::is_floating_point_v<U>) {
    emit_double_attr(node, i, name, static_cast<double>(v));
  } else if constexpr (string_like<U>) {
    node.attr(i, name, std::string_view(v));
  } else if constexpr (is_nothing_v<U>) {
  } else if constexpr (is_optional_v<U>) {
    if (v.has_value()) emit_attr(node, i, name, *v);
  } else if constexpr (is_variant_v<U>) {
    std::visit([&](const auto& x) { emit_attr(node, i, name, x); }, v);
  } else {
    static_assert(unsupported_v<U>,
                  "name={expr} takes strings, numbers, bool, raw(...), optional and variant");
  }
}

/// A dynamic URL attribute (href, src, ...): an unsafe URL renders as `unsafe_url_replacement`.
template <class T>
void emit_url_attr(NodeRef node, std::size_t i, std::string_view name, const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (string_like<U> && !std::is_same_v<U, raw_html>) {
    const std::string_view url(v);
    node.attr(i, name, is_safe_url(url) ? url : unsafe_url_replacement);
  } else if constexpr (is_optional_v<U>) {
    if (v.has_value()) emit_url_attr(node, i, name, *v);
  } else if constexpr (is_variant_v<U>) {
    std::visit([&](const auto& x) { emit_url_attr(node, i, name, x); }, v);
  } else {
    emit_attr(node, i, name, v);  // numbers and bools cannot carry a scheme; raw is trusted
  }
}

template <class T>
void append_attr_value(std::string& out, std::string_view name, const T& v) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    if (v) append_bare_attr(out, name);
  } else if constexpr (std::is_same_v<U, char>) {
    append_attr(out, name, std::string_view(&v, 1));
  } else if constexpr (std::is_integral_v<U>) {
    append_attr(out, name, std::to_string(v));
  } else if constexpr (std::is_floating_point_v<U>) {
    std::string s;
    append_double(s, static_cast<double>(v));
    append_attr(out, name, s);
  } else if constexpr (string_like<U>) {
    append_attr(out, name, std::string_view(v));
  } else if constexpr (is_nothing_v<U>) {
  } else if constexpr (is_optional_v<U>) {
    if (v.has_value()) append_attr_value(out, name, *v);
  } else if constexpr (is_variant_v<U>) {
    std::visit([&](const auto& x) { append_attr_value(out, name, x); }, v);
  } else {
    static_assert(unsupported_v<U>,
                  "spread attribute values are strings, numbers, bool, "
                  "optional or variant");
  }
}

/// `<div {attrs}>`: every (name, value) pair of the range as one dynamic.
template <class Range>
void emit_spread(NodeRef node, std::size_t i, const Range& attrs) {
  std::string out;
  for (const auto& attr : attrs) {
    const auto& [name, value] = attr;
    append_attr_value(out, std::string_view(name), value);
  }
  node.html(i, out);
}

/// The entry of a keyed comprehension for `:key={key}`: integers and strings.
template <class K>
NodeRef keyed_entry(ComprehensionRef& list, const K& key) {
  using U = std::remove_cvref_t<K>;
  if constexpr (std::is_integral_v<U>) {
    return list.entry(static_cast<std::int64_t>(key));
  } else if constexpr (string_like<U>) {
    return list.entry(std::string_view(key));
  } else {
    static_assert(unsupported_v<U>, ":key={expr} takes an integer or a string");
  }
}

/// The text of a live component's `module` or `id`: strings as they are, integers formatted.
class id_text {
 public:
  // A temporary (`id={"row-" + std::to_string(i)}`) ends with the statement that declares
  // this, so it is copied; a named string is only viewed.
  template <class T>
  explicit id_text(T&& v) {
    using U = std::remove_cvref_t<T>;
    if constexpr (string_like<U>) {
      if constexpr (std::is_lvalue_reference_v<T>) {
        view_ = std::string_view(v);
      } else {
        owned_ = std::string(std::string_view(v));
        view_ = owned_;
      }
    } else if constexpr (std::is_integral_v<U>) {
      owned_ = std::to_string(v);
      view_ = owned_;
    } else {
      static_assert(unsupported_v<U>, "a live component's module and id are strings or integers");
    }
  }
  id_text(const id_text&) = delete;
  id_text& operator=(const id_text&) = delete;
  std::string_view view() const { return view_; }

 private:
  std::string owned_;
  std::string_view view_;
};

}  // namespace livediff::detail

#endif  // LIVEDIFF_RENDER_DETAIL_EMIT_H
