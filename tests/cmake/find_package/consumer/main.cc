// A program outside the livediff tree: renders, diffs and merges through the installed package,
// and renders a template compiled by the installed template compiler.
#include <cstdio>

#include "greeting.heex.h"
#include <livediff/core.h>
#include <livediff/testing/client_model.h>

int main() {
  static const livediff::Statics page{"<p>", "</p>"};
  livediff::Rendered r;
  livediff::Differ differ;
  livediff::DiffState state;
  livediff::ClientModel client;
  r.root(page).text(0, "one");
  if (!client.join(differ.diff(r, state)).ok()) return 1;
  r.root(page).text(0, "two");
  std::string_view diff = differ.diff(r, state);
  if (diff != R"({"0":"two"})" || !client.merge(diff).ok()) return 1;
  std::printf("%s\n", client.html().c_str());
  if (client.html() != "<p>two</p>") return 1;

  consumer::greeting::assigns a;
  a.set_name("<you>");
  livediff::Rendered t;
  livediff::DiffState t_state;
  livediff::ClientModel t_client;
  consumer::greeting::render(t, a);
  if (!t_client.join(differ.diff(t, t_state)).ok()) return 1;
  std::printf("%s\n", t_client.html().c_str());
  return t_client.html() == "<p class=\"greeting\">Hello, &lt;you&gt;!</p>" ? 0 : 1;
}
