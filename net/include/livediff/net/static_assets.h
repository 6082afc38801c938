// StaticAssets: the files under the assets folder, listed and read once at start-up and served
// from memory, so that no request can name a file outside the list or block an I/O thread.
#ifndef LIVEDIFF_NET_STATIC_ASSETS_H
#define LIVEDIFF_NET_STATIC_ASSETS_H

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <absl/container/flat_hash_map.h>

namespace livediff::net {

/// One served file.
struct Asset {
  std::string body;
  std::string_view content_type;
};

/// How much of the assets folder is kept in memory. The client bundle is a few hundred KB; a
/// folder far over these limits is a mistake (a data folder given as assets), not a site.
struct AssetLimits {
  std::size_t max_file_bytes = 16 * 1024 * 1024;
  std::size_t max_total_bytes = 64 * 1024 * 1024;
  std::size_t max_files = 4096;
};

/// The regular files under a folder, by their path relative to it with `/` separators
/// (`app.js`, `img/logo.png`). Symbolic links are followed only to files that stay inside the
/// folder. Immutable after `load`: lookups need no lock.
class StaticAssets {
 public:
  StaticAssets() = default;

  /// Lists and reads `dir`. Files over the limits, links leaving the folder and anything that
  /// is not a regular file are left out and reported to `log`; a missing folder gives an empty
  /// list.
  static StaticAssets load(const std::filesystem::path& dir, const AssetLimits& limits,
                           const std::function<void(std::string_view)>& log);

  /// The file named `name` (already percent-decoded), or nullptr.
  std::shared_ptr<const Asset> find(std::string_view name) const;
  std::size_t size() const { return files_.size(); }
  std::size_t total_bytes() const { return total_bytes_; }

 private:
  absl::flat_hash_map<std::string, std::shared_ptr<const Asset>> files_;
  std::size_t total_bytes_ = 0;
};

/// Where the client bundle built with the library is (`app.js`, `app.css`).
std::filesystem::path default_assets_dir();

/// The Content-Type of a file by its extension.
std::string_view content_type_of(const std::filesystem::path& path);

}  // namespace livediff::net

#endif  // LIVEDIFF_NET_STATIC_ASSETS_H
