// "Start for this driver, at most 20 kWh / 60 minutes": when the gateway stops the session.
#include <gtest/gtest.h>

#include "iskra/gateway/session_limits.hpp"

namespace iskra::gateway {
namespace {

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

session::MeterSample energy(const char* time, std::int64_t wh) {
    session::MeterSample sample;
    sample.timestamp = at(time);
    sample.energy_wh = wh;
    return sample;
}

TEST(LimitReached, EnergyCountsFromTheMeterStart) {
    const SessionLimit limit{20'000, std::nullopt};
    LimitProgress progress{1'000'000, at("2026-11-28T12:00:00Z"), 1'019'999};
    EXPECT_EQ(limit_reached(limit, progress, at("2026-11-28T13:00:00Z")), std::nullopt);
    progress.last_energy_wh = 1'020'000;
    EXPECT_EQ(limit_reached(limit, progress, at("2026-11-28T13:00:00Z")),
              session::StopReason::EnergyLimitReached);
}

TEST(LimitReached, DurationCountsFromTheStart) {
    const SessionLimit limit{std::nullopt, std::chrono::minutes(90)};
    const LimitProgress progress{0, at("2026-11-28T23:00:00Z"), 0};
    EXPECT_EQ(limit_reached(limit, progress, at("2026-11-29T00:29:59Z")), std::nullopt);
    EXPECT_EQ(limit_reached(limit, progress, at("2026-11-29T00:30:00Z")),
              session::StopReason::TimeLimitReached);
}

TEST(SessionLimits, ARemoteStartLimitFollowsTheSessionItStarts) {
    SessionLimits limits;
    limits.expect("CP-1", 2, SessionLimit{5'000, std::nullopt}, at("2026-11-28T12:00:00Z"));
    // A session on another EVSE is not the one that was started remotely.
    limits.on_started("CP-1", std::int64_t{7}, 1, 100, at("2026-11-28T12:00:10Z"));
    limits.on_started("CP-1", std::int64_t{8}, 2, 100, at("2026-11-28T12:00:20Z"));
    const LimitedSession limited{"CP-1", std::int64_t{8}};
    EXPECT_FALSE(limits.limited({"CP-1", std::int64_t{7}}));
    EXPECT_TRUE(limits.limited(limited));

    limits.on_samples(limited, {energy("2026-11-28T12:10:00Z", 4'000)});
    EXPECT_TRUE(limits.due(at("2026-11-28T12:10:00Z")).empty());
    limits.on_samples(limited, {energy("2026-11-28T12:20:00Z", 5'100)});
    const auto due = limits.due(at("2026-11-28T12:20:00Z"));
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].reason, session::StopReason::EnergyLimitReached);
    EXPECT_EQ(due[0].session.transaction, session::TransactionRef{std::int64_t{8}});
    // Asked once; the station's stop ends it.
    EXPECT_TRUE(limits.due(at("2026-11-28T12:21:00Z")).empty());
    limits.on_ended(limited);
    EXPECT_FALSE(limits.limited(limited));
}

TEST(SessionLimits, AnUnusedRemoteStartLimitExpires) {
    SessionLimits limits;
    limits.expect("CP-1", 0, SessionLimit{std::nullopt, std::chrono::minutes(1)},
                  at("2026-11-28T12:00:00Z"));
    limits.due(at("2026-11-28T12:30:00Z"));
    limits.on_started("CP-1", std::string("tx-1"), 1, std::nullopt, at("2026-11-28T12:30:00Z"));
    EXPECT_FALSE(limits.limited({"CP-1", std::string("tx-1")}));
}

TEST(SessionLimits, WithoutAMeterStartTheFirstReadingIsTheStart) {
    SessionLimits limits;
    limits.expect("CP-2", 0, SessionLimit{1'000, std::nullopt}, at("2026-11-28T12:00:00Z"));
    limits.on_started("CP-2", std::string("tx-9"), 1, std::nullopt, at("2026-11-28T12:00:00Z"));
    const LimitedSession limited{"CP-2", std::string("tx-9")};
    limits.on_samples(limited, {energy("2026-11-28T12:01:00Z", 50'000)});
    limits.on_samples(limited, {energy("2026-11-28T12:05:00Z", 50'999)});
    EXPECT_TRUE(limits.due(at("2026-11-28T12:05:00Z")).empty());
    limits.on_samples(limited, {energy("2026-11-28T12:06:00Z", 51'000)});
    EXPECT_EQ(limits.due(at("2026-11-28T12:06:00Z")).size(), 1u);
}

}  // namespace
}  // namespace iskra::gateway
