#include "iskra/gateway/uplink/central_identity.hpp"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "gateway/store/store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::TempDir;

const CentralIdentity kIdentity{"https://central.example", "gw-uuid", "secret-43",
                                at("2026-11-28T12:00:00.000Z")};

TEST(CentralIdentity, WrittenPrivateAndReadBack) {
    TempDir dir;
    const auto file = central_identity_path(dir.path());
    ASSERT_TRUE(write_central_identity(file, kIdentity, false));
    struct stat info {};
    ASSERT_EQ(::stat(file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    auto read = read_central_identity(file);
    ASSERT_TRUE(read) << read.error();
    EXPECT_EQ(*read, kIdentity);
    EXPECT_EQ(read->bearer(), "gw-uuid.secret-43");
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST(CentralIdentity, RefusesToOverwriteWithoutForce) {
    TempDir dir;
    const auto file = central_identity_path(dir.path());
    ASSERT_TRUE(write_central_identity(file, kIdentity, false));
    CentralIdentity other = kIdentity;
    other.gateway_id = "other";
    auto refused = write_central_identity(file, other, false);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("--force"), std::string::npos);
    EXPECT_EQ(read_central_identity(file)->gateway_id, "gw-uuid");
    ASSERT_TRUE(write_central_identity(file, other, true));
    EXPECT_EQ(read_central_identity(file)->gateway_id, "other");
}

TEST(CentralIdentity, MissingOrBrokenFileSaysWhatToDo) {
    TempDir dir;
    auto missing = read_central_identity(central_identity_path(dir.path()));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("run iskra-gateway enroll first"), std::string::npos);
    std::ofstream(dir.file("broken.json")) << "{\"gateway_id\": 1}";
    auto broken = read_central_identity(dir.file("broken.json"));
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().find("not a central identity"), std::string::npos);
}

}  // namespace
}  // namespace iskra::gateway
