#include <cstdlib>
#include <dlfcn.h>
#include <system_error>

#include "livediff/net/static_assets.h"

namespace livediff::net {
namespace fs = std::filesystem;

// The first of: $LIVEDIFF_ASSETS_DIR; share/livediff/assets beside the installed library (or
// the program linking it); the build tree's bundle; the install prefix's. A program built
// against an installed package keeps finding its bundle once the build tree is gone.
fs::path default_assets_dir() {
  if (const char* env = std::getenv("LIVEDIFF_ASSETS_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&default_assets_dir), &info) != 0
      && info.dli_fname != nullptr) {
    const fs::path beside =
        fs::path(info.dli_fname).parent_path().parent_path() / "share" / "livediff" / "assets";
    if (fs::is_directory(beside, ec)) return beside;
  }
  if (const fs::path build = LIVEDIFF_BUILD_ASSETS_DIR; fs::is_directory(build, ec)) return build;
  return LIVEDIFF_INSTALL_ASSETS_DIR;
}

}  // namespace livediff::net
