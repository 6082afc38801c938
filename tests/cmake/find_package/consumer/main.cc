// A program outside the livediff tree: renders, diffs and merges through the installed package.
#include <cstdio>

#include <livediff/core.h>

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
  return client.html() == "<p>two</p>" ? 0 : 1;
}
