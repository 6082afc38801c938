// livediff_template_compiler: compiles .heex templates into C++ headers at build time.
//
//   livediff_template_compiler --out-dir DIR a.heex b.heex ...
//
// writes DIR/a.heex.h, DIR/b.heex.h, ... Components defined in any of the files may be used in
// all of them. Errors go to stderr as `file:line:column: error: reason`, and the exit status is 1.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "template_codegen.h"
#include "template_parser.h"

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Leaves an unchanged header alone, so that its users are not rebuilt.
bool write_if_changed(const std::string& path, const std::string& text) {
  std::string old;
  if (read_file(path, old) && old == text) return true;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

int usage() {
  std::cerr << "usage: livediff_template_compiler --out-dir DIR file.heex...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out-dir" && i + 1 < argc) {
      out_dir = argv[++i];
    } else if (!arg.empty() && arg[0] == '-') {
      return usage();
    } else {
      inputs.push_back(arg);
    }
  }
  if (out_dir.empty() || inputs.empty()) return usage();

  std::vector<livediff::template_file> files;
  std::set<std::string> headers;
  bool failed = false;
  for (const std::string& path : inputs) {
    std::string source;
    if (!read_file(path, source)) {
      std::cerr << path << ": error: cannot read the file\n";
      return 1;
    }
    if (!headers.insert(livediff::template_header_name(path)).second) {
      std::cerr << path << ": error: another template file has the same name\n";
      return 1;
    }
    auto file = livediff::parse_template_file(path, source);
    if (!file.ok()) {
      std::cerr << file.status().message() << "\n";
      failed = true;
      continue;
    }
    files.push_back(*std::move(file));
  }
  if (failed) return 1;

  // Components are called by name from any file, so a name means one definition.
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const auto& d : files[f].definitions) {
      for (std::size_t g = 0; g < f; ++g) {
        for (const auto& other : files[g].definitions) {
          if (other.name != d.name) continue;
          std::cerr << livediff::template_error(
                           files[f].path, d.loc,
                           "`" + d.name + "` is already defined in " + files[g].path)
                           .message()
                    << "\n";
          return 1;
        }
      }
    }
  }

  for (std::size_t f = 0; f < files.size(); ++f) {
    const std::string output = out_dir + "/" + livediff::template_header_name(files[f].path);
    auto header = livediff::generate_template_header(files, f, output);
    if (!header.ok()) {
      std::cerr << header.status().message() << "\n";
      failed = true;
      continue;
    }
    if (!write_if_changed(output, *header)) {
      std::cerr << output << ": error: cannot write the file\n";
      return 1;
    }
  }
  return failed ? 1 : 0;
}
