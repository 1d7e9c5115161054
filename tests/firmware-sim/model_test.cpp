// The simulator's physics: EV curve, the meter that only counts up, limits from profiles.
#include <gtest/gtest.h>

#include "iskra/sim/model/charging_point.hpp"
#include "iskra/sim/model/charging_profile.hpp"
#include "iskra/sim/model/ev.hpp"
#include "iskra/sim/model/rng.hpp"

namespace iskra::sim::model {
namespace {

using namespace std::chrono_literals;

const Timestamp kT0{std::chrono::milliseconds(1'795'000'000'000)};

LimitAt no_limit() {
    return [](Timestamp) { return std::optional<double>{}; };
}

TEST(EvCurve, AcHoldsPowerUntilTheLastFivePercent) {
    EvSpec ev;
    ev.max_ac_power_w = 11'000;
    EXPECT_EQ(ev_accepts_w(ev, Supply::AC, 50), 11'000);
    EXPECT_EQ(ev_accepts_w(ev, Supply::AC, 97.5), 5'500);
    EXPECT_EQ(ev_accepts_w(ev, Supply::AC, 100), 0);
}

TEST(EvCurve, DcTapersAndStopsAtTheTarget) {
    EvSpec ev;
    ev.max_dc_power_w = 100'000;
    ev.target_soc_percent = 90;
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 10), 100'000);
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 65), 75'000);
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 80), 50'000);
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 90), 0);
}

TEST(EvCurve, CustomCurveIsInterpolated) {
    EvSpec ev;
    ev.max_dc_power_w = 50'000;
    ev.dc_curve = {{0, 20'000}, {50, 60'000}};
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 25), 40'000);
    EXPECT_EQ(ev_accepts_w(ev, Supply::DC, 60), 50'000);  // capped by max_dc_power_w
}

TEST(ChargingPoint, NoEnergyWithoutContactorOrEv) {
    ChargingPoint point(ConnectorSpec{}, 1000, kT0);
    point.advance(kT0 + 1h, no_limit());
    EXPECT_EQ(point.meter_wh(), 1000);
    point.plug_in(EvSpec{}, kT0 + 1h, no_limit());
    point.advance(kT0 + 2h, no_limit());
    EXPECT_EQ(point.meter_wh(), 1000);
}

TEST(ChargingPoint, IntegratesPowerIntoWattHours) {
    ChargingPoint point(ConnectorSpec{}, 0, kT0);
    EvSpec ev;
    ev.capacity_wh = 100'000;
    ev.initial_soc_percent = 10;
    point.plug_in(ev, kT0, no_limit());
    point.set_contactor(true, kT0, no_limit());
    point.advance(kT0 + 1h, no_limit());
    EXPECT_EQ(point.meter_wh(), 11'000);  // 11 kW on-board charger for one hour
    EXPECT_NEAR(point.soc_percent(), 21.0, 0.01);
    EXPECT_EQ(point.reading().power_w, 11'000);
    EXPECT_NEAR(point.reading().current_a, 15.94, 0.01);
}

TEST(ChargingPoint, ResultDoesNotDependOnHowOftenItIsAdvanced) {
    EvSpec ev;
    ev.capacity_wh = 40'000;
    ev.initial_soc_percent = 80;
    ConnectorSpec dc{Supply::DC, 150'000, 3, 230, 32};
    ev.max_dc_power_w = 120'000;
    ChargingPoint coarse(dc, 0, kT0);
    ChargingPoint fine(dc, 0, kT0);
    for (auto* p : {&coarse, &fine}) {
        p->plug_in(ev, kT0 + 250ms, no_limit());
        p->set_contactor(true, kT0 + 250ms, no_limit());
    }
    coarse.advance(kT0 + 30min, no_limit());
    for (auto t = kT0; t <= kT0 + 30min; t += 777ms)
        fine.advance(t, no_limit());
    fine.advance(kT0 + 30min, no_limit());
    EXPECT_EQ(coarse.meter_wh(), fine.meter_wh());
    EXPECT_DOUBLE_EQ(coarse.soc_percent(), fine.soc_percent());
}

TEST(ChargingPoint, MeterOnlyCountsUpAndStopsWhenTheEvIsFull) {
    EvSpec ev;
    ev.capacity_wh = 10'000;
    ev.initial_soc_percent = 90;
    ChargingPoint point(ConnectorSpec{}, 500, kT0);
    point.plug_in(ev, kT0, no_limit());
    point.set_contactor(true, kT0, no_limit());
    std::int64_t last = point.meter_wh();
    for (int minute = 1; minute <= 120; ++minute) {
        point.advance(kT0 + std::chrono::minutes(minute), no_limit());
        EXPECT_GE(point.meter_wh(), last);
        last = point.meter_wh();
    }
    EXPECT_TRUE(point.ev_full());
    EXPECT_EQ(point.reading().power_w, 0);
    EXPECT_NEAR(static_cast<double>(point.meter_wh() - 500), 1000.0, 2.0);  // 10 % of 10 kWh
    EXPECT_FALSE(point.full_no_earlier_than().has_value());
}

TEST(ChargingPoint, LimitIsObeyed) {
    ChargingPoint point(ConnectorSpec{}, 0, kT0);
    point.plug_in(EvSpec{}, kT0, no_limit());
    const LimitAt limit = [](Timestamp) { return std::optional<double>(3680.0); };
    point.set_contactor(true, kT0, limit);
    point.advance(kT0 + 1h, limit);
    EXPECT_EQ(point.meter_wh(), 3680);
}

TEST(ChargingPoint, AnotherConnectorOfTheEvseTakesOverTheMeter) {
    ConnectorSpec ccs{Supply::DC, 150'000, 3, 230, 32};
    ConnectorSpec chademo{Supply::DC, 50'000, 3, 230, 32};
    ChargingPoint point(ccs, 1000, kT0);
    point.switch_connector(chademo, kT0, no_limit());
    EvSpec ev;
    ev.capacity_wh = 1'000'000;
    point.plug_in(ev, kT0, no_limit());
    point.set_contactor(true, kT0, no_limit());
    point.advance(kT0 + 1h, no_limit());
    EXPECT_EQ(point.meter_wh(), 51'000);  // CHAdeMO's 50 kW, on the one register
    // Not while an EV is plugged in: the cable in use stays in use.
    point.switch_connector(ccs, kT0 + 1h, no_limit());
    EXPECT_EQ(point.spec(), chademo);
    point.unplug(kT0 + 1h, no_limit());
    point.switch_connector(ccs, kT0 + 1h, no_limit());
    EXPECT_EQ(point.spec(), ccs);
    EXPECT_EQ(point.meter_wh(), 51'000);
}

TEST(ChargingPoint, PredictsWhenToLookForAFullBattery) {
    EvSpec ev;
    ev.capacity_wh = 11'000;
    ev.initial_soc_percent = 50;
    ChargingPoint point(ConnectorSpec{}, 0, kT0);
    point.plug_in(ev, kT0, no_limit());
    point.set_contactor(true, kT0, no_limit());
    const auto at = point.full_no_earlier_than();
    ASSERT_TRUE(at);
    EXPECT_EQ(*at, kT0 + 30min);  // half of 11 kWh at 11 kW
}

Profile absolute(std::int64_t id, ProfilePurpose purpose, double limit_w, std::int64_t evse = 0) {
    Profile p;
    p.id = id;
    p.evse = evse;
    p.purpose = purpose;
    p.kind = ProfileKind::Absolute;
    p.start_schedule = kT0;
    p.unit = RateUnit::W;
    p.periods = {{0, limit_w, std::nullopt}};
    return p;
}

TEST(ChargingProfile, LowestOfStationMaxAndTransactionLimit) {
    std::vector<Profile> profiles{absolute(1, ProfilePurpose::StationMax, 7000),
                                  absolute(2, ProfilePurpose::TxDefault, 5000, 1)};
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 1min, std::nullopt), 5000);
    profiles[1].periods[0].limit = 9000;
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 1min, std::nullopt), 7000);
    EXPECT_EQ(limit_at(profiles, 2, ConnectorSpec{}, kT0 + 1min, std::nullopt), 7000);
}

TEST(ChargingProfile, TxProfileOverridesTxDefaultOnlyInItsTransaction) {
    std::vector<Profile> profiles{absolute(1, ProfilePurpose::TxDefault, 5000),
                                  absolute(2, ProfilePurpose::Tx, 2000, 1)};
    profiles[1].transaction_id = "tx-1";
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0, TxContext{"tx-1", kT0}), 2000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0, TxContext{"tx-2", kT0}), 5000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0, std::nullopt), 5000);
}

TEST(ChargingProfile, HighestStackLevelWinsAndPeriodsFollowTheClock) {
    Profile low = absolute(1, ProfilePurpose::TxDefault, 10'000);
    Profile high = absolute(2, ProfilePurpose::TxDefault, 6000);
    high.stack_level = 1;
    high.periods = {{0, 6000, std::nullopt}, {600, 4000, std::nullopt}};
    high.duration_s = 1200;
    std::vector<Profile> profiles{low, high};
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 5min, std::nullopt), 6000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 15min, std::nullopt), 4000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 25min, std::nullopt), 10'000);
}

TEST(ChargingProfile, AmpsBecomeWattsForThePhasesInUse) {
    Profile p = absolute(1, ProfilePurpose::TxDefault, 16);
    p.unit = RateUnit::A;
    std::vector<Profile> profiles{p};
    EXPECT_DOUBLE_EQ(*limit_at(profiles, 1, ConnectorSpec{}, kT0, std::nullopt), 16 * 230.0 * 3);
    profiles[0].periods[0].phases = 1;
    EXPECT_DOUBLE_EQ(*limit_at(profiles, 1, ConnectorSpec{}, kT0, std::nullopt), 16 * 230.0);
}

TEST(ChargingProfile, RecurringDailyRepeats) {
    Profile p = absolute(1, ProfilePurpose::TxDefault, 3000);
    p.kind = ProfileKind::Recurring;
    p.recurrency = Recurrency::Daily;
    p.periods = {{0, 3000, std::nullopt}, {3600, 11'000, std::nullopt}};
    std::vector<Profile> profiles{p};
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 24h + 10min, std::nullopt), 3000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 48h + 2h, std::nullopt), 11'000);
}

TEST(ChargingProfile, RelativeStartsWithTheTransaction) {
    Profile p = absolute(1, ProfilePurpose::Tx, 2000, 1);
    p.kind = ProfileKind::Relative;
    p.start_schedule.reset();
    p.periods = {{0, 2000, std::nullopt}, {60, 7000, std::nullopt}};
    std::vector<Profile> profiles{p};
    const TxContext tx{"t", kT0 + 1h};
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 1h + 30s, tx), 2000);
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 1h + 90s, tx), 7000);
}

TEST(ChargingProfile, ValidityWindowIsRespected) {
    Profile p = absolute(1, ProfilePurpose::StationMax, 1000);
    p.valid_from = kT0 + 1h;
    p.valid_to = kT0 + 2h;
    std::vector<Profile> profiles{p};
    EXPECT_FALSE(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 30min, std::nullopt));
    EXPECT_EQ(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 90min, std::nullopt), 1000);
    EXPECT_FALSE(limit_at(profiles, 1, ConnectorSpec{}, kT0 + 3h, std::nullopt));
}

TEST(ChargingProfile, CompositeScheduleMergesPeriods) {
    Profile p = absolute(1, ProfilePurpose::TxDefault, 6000);
    p.periods = {{0, 6000, std::nullopt}, {600, 6000, std::nullopt}, {1200, 3000, std::nullopt}};
    std::vector<Profile> profiles{p};
    const auto composite =
        composite_schedule(profiles, 1, ConnectorSpec{}, kT0, 3600, RateUnit::W, std::nullopt);
    ASSERT_EQ(composite.size(), 2u);
    EXPECT_EQ(composite[0], (CompositePeriod{0, 6000, std::nullopt}));
    EXPECT_EQ(composite[1], (CompositePeriod{1200, 3000, std::nullopt}));
}

TEST(ChargingProfile, CompositeWithoutProfilesIsTheConnectorMaximum) {
    const auto composite =
        composite_schedule({}, 1, ConnectorSpec{}, kT0, 60, RateUnit::A, std::nullopt);
    ASSERT_EQ(composite.size(), 1u);
    EXPECT_NEAR(composite[0].limit, 31.8, 0.1);
    EXPECT_EQ(composite[0].phases, 3);
}

TEST(ChargingProfile, ProblemsAreNamed) {
    Profile p = absolute(1, ProfilePurpose::TxDefault, 6000);
    EXPECT_FALSE(profile_problem(p));
    p.periods = {{10, 6000, std::nullopt}};
    EXPECT_EQ(profile_problem(p), "the first period must start at 0");
    p.periods = {{0, 6000, std::nullopt}, {0, 5000, std::nullopt}};
    EXPECT_EQ(profile_problem(p), "periods must start in ascending order");
}

TEST(Rng, SameSeedSameSequence) {
    Rng a(42);
    Rng b(42);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(a.next(), b.next());
    Rng c(7);
    for (int i = 0; i < 1000; ++i) {
        const auto v = c.uniform(-3, 3);
        EXPECT_GE(v, -3);
        EXPECT_LE(v, 3);
    }
}

}  // namespace
}  // namespace iskra::sim::model
