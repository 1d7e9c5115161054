#include "data_dir_lock.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

namespace iskra::gateway {
namespace {

namespace fs = std::filesystem;

class DataDirLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("iskra-lock-" + std::to_string(::getpid()));
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(DataDirLockTest, ASecondGatewayOnTheSameFolderIsRefusedNamingIt) {
    auto first = DataDirLock::acquire(dir);
    ASSERT_TRUE(first) << first.error();
    auto second = DataDirLock::acquire(dir);
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().find("another iskra-gateway"), std::string::npos) << second.error();
    EXPECT_NE(second.error().find(dir.string()), std::string::npos) << second.error();
}

TEST_F(DataDirLockTest, TheFolderIsFreeAgainOnceTheHolderLetsGo) {
    {
        auto first = DataDirLock::acquire(dir);
        ASSERT_TRUE(first) << first.error();
    }
    EXPECT_TRUE(DataDirLock::acquire(dir));
}

TEST_F(DataDirLockTest, AMissingFolderIsAClearError) {
    auto lock = DataDirLock::acquire(dir / "missing");
    ASSERT_FALSE(lock);
    EXPECT_NE(lock.error().find("missing"), std::string::npos) << lock.error();
}

}  // namespace
}  // namespace iskra::gateway
