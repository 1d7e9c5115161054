#include "iskra/gateway/ping_schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <vector>

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using Clock = PingState::Clock;

struct Member {
    int id = 0;
    PingState state;
    PingState& ping_state() { return state; }
};

struct Round {
    std::vector<int> pinged;
    std::vector<int> hung_up;
};

Round tick(PingSchedule<Member>& schedule, Clock::time_point now) {
    Round round;
    schedule.tick(
        now, [&](Member& m) { round.pinged.push_back(m.id); },
        [&](Member& m) { round.hung_up.push_back(m.id); });
    return round;
}

TEST(PingSchedule, EachTickVisitsItsShareOfTheMembers) {
    PingSchedule<Member> schedule(30s, 90s, 250ms);  // 120 ticks a round
    std::deque<Member> members(1000);
    const auto t0 = Clock::time_point{} + 1h;
    for (std::size_t i = 0; i < members.size(); ++i) {
        members[i].id = static_cast<int>(i);
        schedule.add(members[i], t0);
    }
    EXPECT_EQ(schedule.slice_size(), 9u);  // ceil(1000 / 120)
    // All silent for a whole interval: each tick pings only its slice, not everyone at once.
    auto now = t0 + 31s;
    std::size_t pinged = 0;
    for (int t = 0; t < 120; ++t) {
        const auto round = tick(schedule, now);
        EXPECT_LE(round.pinged.size(), 9u);
        EXPECT_TRUE(round.hung_up.empty());
        pinged += round.pinged.size();
        now += 250ms;
    }
    EXPECT_EQ(pinged, 1000u);  // everyone once per round
}

TEST(PingSchedule, AMemberThatSpeaksIsNotPinged) {
    PingSchedule<Member> schedule(30s, 90s, 250ms);
    Member a{1, {}};
    const auto t0 = Clock::time_point{} + 1h;
    schedule.add(a, t0);
    PingSchedule<Member>::heard_from(a, t0 + 20s);
    EXPECT_TRUE(tick(schedule, t0 + 40s).pinged.empty());
    EXPECT_EQ(tick(schedule, t0 + 51s).pinged, std::vector<int>{1});
}

TEST(PingSchedule, ASilentMemberIsHungUpAfterThreeIntervals) {
    PingSchedule<Member> schedule(30s, 90s, 30s);  // one tick a round: both each tick
    Member dead{1, {}};
    Member alive{2, {}};
    const auto t0 = Clock::time_point{} + 1h;
    schedule.add(dead, t0);
    schedule.add(alive, t0);
    for (auto now = t0; now < t0 + 89s; now += 1s) {
        PingSchedule<Member>::heard_from(alive, now);
        EXPECT_TRUE(tick(schedule, now).hung_up.empty());
    }
    PingSchedule<Member>::heard_from(alive, t0 + 90s);
    EXPECT_EQ(tick(schedule, t0 + 90s).hung_up, std::vector<int>{1});
}

TEST(PingSchedule, RemovingAMemberKeepsTheOthersScheduled) {
    PingSchedule<Member> schedule(1s, 3s, 1s);  // one tick a round: everyone each tick
    std::deque<Member> members(3);
    const auto t0 = Clock::time_point{} + 1h;
    for (std::size_t i = 0; i < members.size(); ++i) {
        members[i].id = static_cast<int>(i);
        schedule.add(members[i], t0);
    }
    schedule.remove(members[0]);
    schedule.remove(members[0]);  // twice is harmless
    EXPECT_EQ(schedule.size(), 2u);
    auto pinged = tick(schedule, t0 + 2s).pinged;
    std::sort(pinged.begin(), pinged.end());
    EXPECT_EQ(pinged, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace iskra::gateway
