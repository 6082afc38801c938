#include "livediff/net/static_assets.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace livediff::net {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StaticAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("livediff-assets-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "assets" / "img");
    write(root_ / "assets" / "app.js", "console.log(1)");
    write(root_ / "assets" / "img" / "logo.svg", "<svg/>");
    write(root_ / "secret.txt", "LIVEDIFF_SECRET_KEY=k");
    write(root_ / "assets" / "big.bin", std::string(2000, 'x'));
    fs::create_symlink(root_ / "secret.txt", root_ / "assets" / "leak.txt");
    fs::create_symlink(root_ / "assets" / "app.js", root_ / "assets" / "alias.js");
    fs::create_symlink("/dev/zero", root_ / "assets" / "zero");
    fs::create_directory_symlink("/etc", root_ / "assets" / "etc");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  StaticAssets load(AssetLimits limits = {}) {
    return StaticAssets::load(root_ / "assets", limits,
                              [this](std::string_view what) { log_.emplace_back(what); });
  }

  fs::path root_;
  std::vector<std::string> log_;
};

TEST_F(StaticAssetsTest, ServesRegularFilesUnderTheFolder) {
  StaticAssets assets = load();
  auto js = assets.find("app.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  ASSERT_NE(assets.find("img/logo.svg"), nullptr);
  EXPECT_EQ(assets.find("img/logo.svg")->content_type, "image/svg+xml");
  EXPECT_NE(assets.find("alias.js"), nullptr);  // a link that stays inside
}

TEST_F(StaticAssetsTest, NothingOutsideTheFolderNorDevicesNorFolders) {
  StaticAssets assets = load();
  for (std::string_view name : {"leak.txt", "zero", "etc/passwd", "etc", "/etc/passwd",
                                "../secret.txt", "img", "", ".", "img/../app.js"}) {
    EXPECT_EQ(assets.find(name), nullptr) << name;
  }
  EXPECT_THAT(::testing::PrintToString(log_), HasSubstr("leak.txt"));
  EXPECT_THAT(::testing::PrintToString(log_), HasSubstr("zero"));
}

TEST_F(StaticAssetsTest, KeepsToItsLimits) {
  StaticAssets small = load({.max_file_bytes = 1000});
  EXPECT_EQ(small.find("big.bin"), nullptr);
  EXPECT_NE(small.find("app.js"), nullptr);
  StaticAssets few = load({.max_total_bytes = 100});
  EXPECT_LE(few.total_bytes(), 100u);
  EXPECT_EQ(few.find("big.bin"), nullptr);
}

TEST_F(StaticAssetsTest, AMissingFolderServesNothing) {
  StaticAssets none =
      StaticAssets::load(root_ / "nope", {}, [this](std::string_view w) { log_.emplace_back(w); });
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(log_.size(), 1u);
}

}  // namespace
}  // namespace livediff::net
