// HTML rendering of a Rendered tree: the dead render, and the oracle of every diff test.
#ifndef LIVEDIFF_CORE_HTML_H
#define LIVEDIFF_CORE_HTML_H

#include <string>
#include <string_view>

#include <absl/status/status.h>

#include "livediff/core/rendered.h"

namespace livediff {

struct html_options {
  /// When set, each live component's root tag gets `data-phx-component="<cid>"
  /// data-phx-view="<view_id>"`, as the browser client renders it.
  std::string_view view_id;
};

/// Appends the HTML of `r` to `out`. Every referenced component must be rendered in `r`
/// (`kInvalidArgument` otherwise). Stream comprehensions render this render's items as the client
/// shows them after applying its operations to an empty container.
absl::Status render_html(const Rendered& r, std::string& out, const html_options& options = {});

}  // namespace livediff

#endif  // LIVEDIFF_CORE_HTML_H
