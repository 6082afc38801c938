#include "livediff/core/html.h"

#include <vector>

#include <absl/strings/str_cat.h>

namespace livediff {
namespace {

// Where the client inserts attributes into a root tag: right after the tag name.
std::size_t after_tag_name(std::string_view html) {
  std::size_t i = 0;
  for (;;) {
    while (i < html.size()
           && (html[i] == ' ' || html[i] == '\n' || html[i] == '\t' || html[i] == '\r')) {
      ++i;
    }
    if (html.substr(i, 4) != "<!--") break;
    std::size_t end = html.find("-->", i);
    if (end == std::string_view::npos) return std::string_view::npos;
    i = end + 3;
  }
  if (i >= html.size() || html[i] != '<') return std::string_view::npos;
  ++i;
  while (i < html.size() && html[i] != ' ' && html[i] != '>' && html[i] != '/' && html[i] != '\n'
         && html[i] != '\t') {
    ++i;
  }
  return i;
}

class html_writer {
 public:
  html_writer(const Rendered& r, std::string& out, const html_options& options)
      : r_(r), out_(out), options_(options) {}

  absl::Status node(const Rendered::node_data& n) {
    auto parts = n.statics->parts();
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      out_.append(parts[i]);
      if (absl::Status s = dynamic(r_.dyn(n, i)); !s.ok()) return s;
    }
    out_.append(parts.back());
    return absl::OkStatus();
  }

 private:
  absl::Status dynamic(const Rendered::dynamic& d) {
    switch (d.kind) {
      case dynamic_kind::empty:
        return absl::OkStatus();
      case dynamic_kind::text:
        out_.append(r_.text(d));
        return absl::OkStatus();
      case dynamic_kind::unchanged:
        return absl::InvalidArgumentError("an unchanged dynamic has no HTML of its own");
      case dynamic_kind::node:
        return node(r_.node(d.a));
      case dynamic_kind::comprehension: {
        const Rendered::comprehension_data& c = r_.comprehension(d.a);
        if (c.is_stream) return stream(c);
        for (std::uint32_t e = c.first_entry; e != Rendered::npos; e = r_.node(e).next_entry) {
          if (r_.node(e).unchanged) {
            return absl::InvalidArgumentError("an unchanged entry has no HTML of its own");
          }
          if (absl::Status s = node(r_.node(e)); !s.ok()) return s;
        }
        return absl::OkStatus();
      }
      case dynamic_kind::component:
        return component(static_cast<std::int32_t>(d.a));
    }
    return absl::OkStatus();
  }

  // The items in the order the client shows them once it applies this render's operations to
  // an empty container (positions, limits, update_only), so a dead render does not reorder on
  // join. Entries and insert operations correspond one to one, in order.
  absl::Status stream(const Rendered::comprehension_data& c) {
    std::vector<std::uint32_t> shown;
    std::uint32_t e = c.first_entry;
    for (std::uint32_t o = c.first_op; o != Rendered::npos; o = r_.op(o).next) {
      const Rendered::stream_op& op = r_.op(o);
      if (op.op != Rendered::stream_op::kind::insert) continue;
      std::uint32_t entry = e;
      e = r_.node(e).next_entry;
      if (op.update_only) continue;
      if (op.at < 0 || static_cast<std::size_t>(op.at) >= shown.size()) {
        shown.push_back(entry);
      } else {
        shown.insert(shown.begin() + op.at, entry);
      }
      if (op.has_limit) {
        auto n = static_cast<std::int64_t>(shown.size());
        if (op.limit >= 0 && n > op.limit) shown.resize(static_cast<std::size_t>(op.limit));
        if (op.limit < 0 && n > -static_cast<std::int64_t>(op.limit)) {
          shown.erase(shown.begin(), shown.begin() + (n + op.limit));
        }
      }
    }
    for (std::uint32_t entry : shown) {
      if (absl::Status s = node(r_.node(entry)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status component(std::int32_t cid) {
    for (const Rendered::component_data& c : r_.components()) {
      if (c.cid != cid) continue;
      std::size_t start = out_.size();
      if (absl::Status s = node(r_.node(c.node)); !s.ok()) return s;
      if (!options_.view_id.empty()) {
        std::size_t at = after_tag_name(std::string_view(out_).substr(start));
        if (at == std::string_view::npos) {
          return absl::InvalidArgumentError(absl::StrCat("component ", cid, " has no root tag"));
        }
        out_.insert(start + at, absl::StrCat(" data-phx-component=\"", cid, "\" data-phx-view=\"",
                                             std::string(options_.view_id), "\""));
      }
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat("component ", cid, " is not rendered"));
  }

  const Rendered& r_;
  std::string& out_;
  const html_options& options_;
};

}  // namespace

absl::Status render_html(const Rendered& r, std::string& out, const html_options& options) {
  if (!r.has_root()) return absl::InvalidArgumentError("nothing rendered");
  return html_writer(r, out, options).node(r.node(0));
}

}  // namespace livediff
