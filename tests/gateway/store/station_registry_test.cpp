#include "iskra/gateway/store/station_registry.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;

class StationRegistryTest : public testing::LedgerTest {};

TEST_F(StationRegistryTest, AllowStatesAndPasswordHashesAreKeptPerStation) {
    const auto now = at("2026-05-04T08:00:00Z");
    ok(set_station_allow_state(*db_, "CP-1", StationAllowState::Allowed, now));
    ok(set_station_allow_state(*db_, "CP-2", StationAllowState::Rejected, now));
    ok(set_station_password_hash(*db_, "CP-1",
                                 std::string("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"), now));
    ok(set_station_password_hash(*db_, "CP-3", std::nullopt, now));
    const auto stations = ok(station_credentials(*db_));
    ASSERT_EQ(stations.size(), 3u);
    EXPECT_EQ(stations[0].station_id, "CP-1");
    EXPECT_EQ(stations[0].allow_state, StationAllowState::Allowed);
    EXPECT_EQ(stations[0].password_hash, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");
    EXPECT_EQ(stations[1].allow_state, StationAllowState::Rejected);
    EXPECT_EQ(stations[2].allow_state, StationAllowState::Pending);
    EXPECT_FALSE(stations[2].password_hash);
}

TEST_F(StationRegistryTest, TouchKeepsTheLatestMessageTime) {
    ok(touch_station(*db_, "CP-1", at("2026-05-04T08:00:00Z")));
    ok(touch_station(*db_, "CP-1", at("2026-05-04T08:10:00Z")));
    ok(touch_station(*db_, "CP-1", at("2026-05-04T08:05:00Z")));  // a late, queued message
    const auto stations = ok(station_overview(*db_));
    ASSERT_EQ(stations.size(), 1u);
    EXPECT_EQ(stations[0].last_seen_at, at("2026-05-04T08:10:00Z"));
}

TEST_F(StationRegistryTest, AllowStateNamesRoundTrip) {
    for (auto state :
         {StationAllowState::Allowed, StationAllowState::Pending, StationAllowState::Rejected}) {
        EXPECT_EQ(parse_station_allow_state(to_string(state)), state);
    }
    EXPECT_FALSE(parse_station_allow_state("maybe"));
}

}  // namespace
}  // namespace iskra::gateway
