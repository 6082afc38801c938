#include "livediff/core/statics.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "livediff/core/assert.h"
#include "livediff/core/json.h"
#include "livediff/core/utf8.h"

namespace livediff {
namespace detail {
void assert_fail(const char* expr, const char* file, int line) noexcept {
  std::fprintf(stderr, "%s:%d: livediff assertion failed: %s\n", file, line, expr);
  std::abort();
}
}  // namespace detail

Statics::Statics(std::initializer_list<std::string_view> parts) : views_(parts) {
  init();
}

Statics::Statics(std::span<const std::string_view> parts) : views_(parts.begin(), parts.end()) {
  init();
}

Statics::Statics(owned_tag, std::vector<std::string> parts) : owned_(std::move(parts)) {
  views_.assign(owned_.begin(), owned_.end());
  init();
}

std::shared_ptr<const Statics> Statics::make(std::vector<std::string> parts) {
  return std::shared_ptr<const Statics>(new Statics(owned_tag{}, std::move(parts)));
}

void Statics::init() {
  LIVEDIFF_ASSERT(!views_.empty());
  // Fragments that are not UTF-8 are kept repaired (U+FFFD), once, so that no render of them
  // needs a check.
  if (!std::all_of(views_.begin(), views_.end(), is_valid_utf8)) {
    std::vector<std::string> repaired;
    for (std::string_view part : views_) {
      repaired.emplace_back();
      append_valid_utf8(repaired.back(), part);
    }
    owned_ = std::move(repaired);
    views_.assign(owned_.begin(), owned_.end());
  }
  fingerprint_ = fingerprint_parts(views_);
  single_root_ = is_single_root(views_);
  json_ += '[';
  for (std::string_view part : views_) {
    if (json_.size() > 1) json_ += ',';
    append_json_string(json_, part);
  }
  json_ += ']';
}

namespace {

// Marks where a dynamic sits in the joined fragments; never valid in HTML text.
constexpr char kDynamic = '\0';

bool is_void_element(std::string_view tag) {
  static constexpr std::string_view kVoid[] = {
      "area",  "base",   "br",   "col",  "command", "embed",  "hr",    "img",
      "input", "keygen", "link", "meta", "param",   "source", "track", "wbr"};
  return std::find(std::begin(kVoid), std::end(kVoid), tag) != std::end(kVoid);
}

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

// A small scanner over joined fragments: enough HTML to count element depth, which is all the
// single-root decision needs. Anything it does not understand makes the answer "no", which only
// costs the client an optimisation.
class root_scanner {
 public:
  explicit root_scanner(std::string_view s) : s_(s) {}

  bool run() {
    skip_blank_and_comments();
    if (!at_start_tag()) return false;
    int depth = 0;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == kDynamic) {
        if (depth == 0) return false;
        ++i_;
      } else if (s_.substr(i_, 4) == "<!--") {
        std::size_t end = s_.find("-->", i_ + 4);
        if (end == std::string_view::npos) return false;
        if (s_.substr(i_, end - i_).find(kDynamic) != std::string_view::npos) return false;
        i_ = end + 3;
      } else if (c == '<' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        i_ += 2;
        std::string_view name = read_name();
        std::size_t end = s_.find('>', i_);
        if (name.empty() || end == std::string_view::npos) return false;
        i_ = end + 1;
        if (--depth < 0) return false;
        if (depth == 0) {
          skip_blank_and_comments();
          return i_ == s_.size();
        }
      } else if (at_start_tag()) {
        ++i_;
        std::string_view name = read_name();
        bool self_closing = false;
        if (!skip_attributes(self_closing)) return false;
        if (!self_closing && !is_void_element(name)) {
          ++depth;
          if (name == "script" || name == "style" || name == "textarea" || name == "title") {
            std::string closing = "</" + std::string(name);
            std::size_t end = s_.find(closing, i_);
            if (end == std::string_view::npos) return false;
            i_ = end;
          }
        } else if (depth == 0) {
          skip_blank_and_comments();
          return i_ == s_.size();
        }
      } else {
        if (depth == 0) return false;
        ++i_;
      }
    }
    return false;
  }

 private:
  bool at_start_tag() const {
    return i_ + 1 < s_.size() && s_[i_] == '<'
           && std::isalpha(static_cast<unsigned char>(s_[i_ + 1]));
  }

  std::string_view read_name() {
    std::size_t start = i_;
    while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '>' && s_[i_] != '/'
           && s_[i_] != kDynamic) {
      ++i_;
    }
    return s_.substr(start, i_ - start);
  }

  // Leaves i_ after the '>' of a start tag; dynamics inside it are attributes, which is fine.
  bool skip_attributes(bool& self_closing) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"' || c == '\'') {
        std::size_t end = s_.find(c, i_ + 1);
        if (end == std::string_view::npos) return false;
        i_ = end + 1;
      } else if (c == '>') {
        self_closing = i_ > 0 && s_[i_ - 1] == '/';
        ++i_;
        return true;
      } else {
        ++i_;
      }
    }
    return false;
  }

  void skip_blank_and_comments() {
    for (;;) {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (s_.substr(i_, 4) != "<!--") return;
      std::size_t end = s_.find("-->", i_ + 4);
      if (end == std::string_view::npos) return;
      i_ = end + 3;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

bool is_single_root(std::span<const std::string_view> parts) {
  std::string joined;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) joined += kDynamic;
    joined += parts[k];
  }
  return root_scanner(joined).run();
}

}  // namespace livediff
