#include "livediff/net/static_assets.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include <absl/strings/string_view.h>

namespace livediff::net {
namespace fs = std::filesystem;
namespace {

// Whether `path` is `root` or below it; both are canonical.
bool inside(const fs::path& root, const fs::path& path) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

bool read_file(const fs::path& path, std::size_t size, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.resize(size);
  in.read(out.data(), static_cast<std::streamsize>(size));
  // A file that changed size while read is left out rather than served half.
  return static_cast<std::size_t>(in.gcount()) == size
         && in.peek() == std::ifstream::traits_type::eof();
}

}  // namespace

std::string_view content_type_of(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  return "application/octet-stream";
}

StaticAssets StaticAssets::load(const fs::path& dir, const AssetLimits& limits,
                                const std::function<void(std::string_view)>& log) {
  StaticAssets out;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    if (log && !dir.empty()) log("assets folder " + dir.string() + " not found: no assets served");
    return out;
  }
  auto skip = [&](const fs::path& p, std::string_view why) {
    if (log) log("asset " + p.string() + " not served: " + std::string(why));
  };
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    std::error_code entry_ec;
    if (it->is_directory(entry_ec)) continue;
    const fs::path real = fs::weakly_canonical(path, entry_ec);
    if (entry_ec || !inside(root, real)) {
      skip(path, "it leads outside the assets folder");
      continue;
    }
    if (!fs::is_regular_file(real, entry_ec)) {
      skip(path, "not a regular file");
      continue;
    }
    const std::uintmax_t size = fs::file_size(real, entry_ec);
    if (entry_ec || size > limits.max_file_bytes) {
      skip(path, "larger than the limit for one file");
      continue;
    }
    if (out.files_.size() >= limits.max_files || out.total_bytes_ + size > limits.max_total_bytes) {
      skip(path, "the assets folder is over its limit");
      continue;
    }
    auto asset = std::make_shared<Asset>();
    if (!read_file(real, static_cast<std::size_t>(size), asset->body)) {
      skip(path, "could not be read");
      continue;
    }
    asset->content_type = content_type_of(real);
    out.total_bytes_ += asset->body.size();
    out.files_.emplace(path.lexically_relative(root).generic_string(), std::move(asset));
  }
  if (ec && log) log("assets folder " + dir.string() + ": " + ec.message());
  return out;
}

std::shared_ptr<const Asset> StaticAssets::find(std::string_view name) const {
  auto it = files_.find(absl::string_view(name.data(), name.size()));
  return it == files_.end() ? nullptr : it->second;
}

}  // namespace livediff::net
