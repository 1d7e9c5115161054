#include "iskra/gateway/store/session_ids.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace iskra::gateway {
namespace {

TEST(RandomSessionIdGenerator, MakesVersion4UuidsThatDoNotRepeat) {
    RandomSessionIdGenerator ids;
    const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const auto id = ids.next_session_id();
        ASSERT_TRUE(std::regex_match(id, v4)) << id;
        ASSERT_TRUE(seen.insert(id).second) << id;
    }
}

TEST(RandomSessionIdGenerator, TwoGeneratorsDoNotStartAlike) {
    RandomSessionIdGenerator a;
    RandomSessionIdGenerator b;
    EXPECT_NE(a.next_session_id(), b.next_session_id());
}

}  // namespace
}  // namespace iskra::gateway
