// Stored secrets: only a salted Argon2id hash is kept, and only the right secret verifies.
#include <gtest/gtest.h>

#include "iskra/crypto/password_hash.hpp"

namespace iskra::crypto {
namespace {

TEST(PasswordHash, RightPasswordVerifiesWrongOneDoesNot) {
    const auto hash = hash_password("Stacja-Gdańsk-01!", kMachineSecretCost);
    ASSERT_TRUE(hash) << hash.error();
    EXPECT_TRUE(hash->starts_with("$argon2id$v=19$"));
    EXPECT_EQ(hash->find("Stacja"), std::string::npos);
    EXPECT_TRUE(verify_password(*hash, "Stacja-Gdańsk-01!"));
    EXPECT_FALSE(verify_password(*hash, "Stacja-Gdańsk-01"));
    EXPECT_FALSE(verify_password(*hash, ""));
}

TEST(PasswordHash, SamePasswordGetsADifferentSaltEachTime) {
    const auto a = hash_password("secret", kMachineSecretCost);
    const auto b = hash_password("secret", kMachineSecretCost);
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(verify_password(*a, "secret"));
    EXPECT_TRUE(verify_password(*b, "secret"));
}

TEST(PasswordHash, GarbageHashNeverVerifies) {
    EXPECT_FALSE(verify_password("", "x"));
    EXPECT_FALSE(verify_password("$argon2id$v=19$m=1,t=1,p=1$broken", "x"));
    EXPECT_FALSE(verify_password("plaintext", "plaintext"));
}

TEST(RandomHex, LengthAndAlphabet) {
    const std::string a = random_hex(16);
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, random_hex(16));
}

}  // namespace
}  // namespace iskra::crypto
