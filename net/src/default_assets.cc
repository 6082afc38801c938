#include "livediff/net/static_assets.h"

namespace livediff::net {

std::filesystem::path default_assets_dir() {
#ifdef LIVEDIFF_DEFAULT_ASSETS_DIR
  return LIVEDIFF_DEFAULT_ASSETS_DIR;
#else
  return {};
#endif
}

}  // namespace livediff::net
