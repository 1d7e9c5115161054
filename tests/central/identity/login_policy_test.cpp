#include "iskra/central/identity/login_policy.hpp"

#include <gtest/gtest.h>

namespace iskra::central::identity {
namespace {

const LockoutPolicy kPolicy{3, 60'000};

TEST(LoginPolicy, LocksOnTheNthConsecutiveFailureForTheLockoutTime) {
    LoginState state;
    state = after_failure(state, 1000, kPolicy);
    state = after_failure(state, 2000, kPolicy);
    EXPECT_FALSE(is_locked(state, 2000));
    EXPECT_EQ(state.failed_logins, 2);
    state = after_failure(state, 3000, kPolicy);
    EXPECT_TRUE(is_locked(state, 3000));
    EXPECT_TRUE(is_locked(state, 62'999));
    EXPECT_FALSE(is_locked(state, 63'000));
    EXPECT_EQ(state.locked_until_ms, 63'000);
}

TEST(LoginPolicy, AnExpiredLockIsForgivenWholeAndCountingStartsAgain) {
    LoginState state{3, 63'000};
    state = after_failure(state, 70'000, kPolicy);
    EXPECT_EQ(state.failed_logins, 1);
    EXPECT_FALSE(state.locked_until_ms);
    EXPECT_FALSE(is_locked(state, 70'000));
}

TEST(LoginPolicy, ClearedForgetsEverything) {
    LoginState state = cleared();
    EXPECT_EQ(state.failed_logins, 0);
    EXPECT_FALSE(state.locked_until_ms);
    EXPECT_FALSE(is_locked(state, 0));
}

TEST(LoginPolicy, ALimitOfOneLocksAtTheFirstFailure) {
    auto state = after_failure({}, 5, {1, 10});
    EXPECT_TRUE(is_locked(state, 14));
    EXPECT_FALSE(is_locked(state, 15));
}

}  // namespace
}  // namespace iskra::central::identity
