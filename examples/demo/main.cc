// livediff_demo: renders the counter example, prints its first page, the join payload and the
// diffs of a few clicks, as the client would receive them.
#include <cstdio>
#include <string>

#include "livediff/core.h"

namespace {

const livediff::Statics& counter_page() {
  static const livediff::Statics s{
      "<div class=\"counter\">\n  <h1>Counter</h1>\n  <p>The current count is: <span "
      "class=\"value\">",
      "</span></p>\n  <button phx-click=\"inc\">+</button>\n  <button "
      "phx-click=\"dec\">-</button>\n</div>"};
  return s;
}

}  // namespace

int main() {
  livediff::Rendered r;
  livediff::Differ differ;
  livediff::DiffState client;
  livediff::ClientModel browser;

  r.root(counter_page()).text(0, 0);
  std::string html;
  if (!livediff::render_html(r, html).ok()) return 1;
  std::printf("first page:\n%s\n\n", html.c_str());

  std::string join(differ.diff(r, client));
  std::printf("join payload (%zu bytes):\n%s\n\n", join.size(), join.c_str());
  if (!browser.join(join).ok()) return 1;

  for (int count = 1; count <= 3; ++count) {
    r.root(counter_page()).text(0, count);
    std::string_view diff = differ.diff(r, client);
    std::printf("click +: %.*s (%zu bytes)\n", static_cast<int>(diff.size()), diff.data(),
                diff.size());
    if (!browser.merge(diff).ok()) return 1;
  }
  std::printf("\nthe client now shows:\n%s\n", browser.html().c_str());
  return 0;
}
