#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "iskra/central/http/static_files.hpp"

namespace iskra::central::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        root = fs::temp_directory_path() / ("iskra-web-" + std::to_string(::getpid()));
        fs::create_directories(root / "assets");
        std::ofstream(root / "index.html") << "<html>";
        std::ofstream(root / "assets" / "app.123.js") << "js";
        std::ofstream(root.parent_path() / "secret.txt") << "no";
    }
    void TearDown() override { fs::remove_all(root); }
    fs::path root;
};

TEST_F(StaticFilesTest, ServesFilesAndTheAppShellForItsRoutes) {
    auto asset = resolve_static_file(root, "/assets/app.123.js");
    ASSERT_TRUE(asset);
    EXPECT_EQ(asset->content_type, "text/javascript; charset=utf-8");
    EXPECT_TRUE(asset->immutable);
    auto shell = resolve_static_file(root, "/stations/ST-1");
    ASSERT_TRUE(shell);
    EXPECT_EQ(shell->path, root / "index.html");
    EXPECT_FALSE(shell->immutable);
    EXPECT_FALSE(resolve_static_file(root, "/assets/missing.js"));
}

TEST_F(StaticFilesTest, NeverLeavesTheWebRoot) {
    EXPECT_FALSE(resolve_static_file(root, "/../secret.txt"));
    EXPECT_FALSE(resolve_static_file(root, "/assets/../../secret.txt"));
    EXPECT_FALSE(resolve_static_file(root, "/..\\secret.txt"));
    EXPECT_FALSE(resolve_static_file(fs::path(), "/index.html"));
}

}  // namespace
}  // namespace iskra::central::http
