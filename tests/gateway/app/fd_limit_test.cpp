#include "fd_limit.hpp"

#include <sys/resource.h>

#include <gtest/gtest.h>

#include <algorithm>

namespace iskra::gateway {
namespace {

// Starts from a low soft limit, as under systemd's default of 1,024, and checks the gateway's
// start-up step lifts it to the hard limit (capped) and says what it did.
TEST(FdLimit, RaisesTheSoftLimitToTheHardOne) {
    rlimit limit{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, kMaxOpenFiles);
    if (wanted <= 256) GTEST_SKIP() << "hard limit too low to see a raise";
    limit.rlim_cur = 256;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);

    const auto raised = raise_fd_limit();
    ASSERT_TRUE(raised) << raised.error();
    EXPECT_EQ(raised->before, 256u);
    EXPECT_EQ(raised->after, wanted);
    EXPECT_EQ(raised->hard, limit.rlim_max);
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
    EXPECT_EQ(limit.rlim_cur, wanted);

    // Already raised: nothing changes.
    const auto again = raise_fd_limit();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->before, again->after);
}

}  // namespace
}  // namespace iskra::gateway
