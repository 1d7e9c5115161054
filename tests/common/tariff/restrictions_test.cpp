// Hand-computed sessions for every OCPI restriction, and sessions crossing 22:00, midnight, a
// weekday, a new tariff date and a summer-time evening in Warsaw; energy split by the samples, not
// averaged.
#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;
using CT = ComponentType;

Restrictions night() {
    Restrictions r;
    r.start_time = 22h;
    r.end_time = 6h;
    return r;
}

Tariff night_and_day() {
    // Energy 0.80 zł/kWh 22:00–06:00, otherwise 1.20 (the later, unrestricted element is the
    // fallback).
    return tariff(
        {element({comp(CT::kEnergy, gr(80))}, night()), element({comp(CT::kEnergy, gr(120))})});
}

TEST(Restrictions, AcrossTwentyTwo) {
    // 21:00–23:00 at 10 kW: 10 kWh before 22:00 × 1.20 = 1200, 10 kWh after × 0.80 = 800 → 2000
    // net.
    auto p = price_or_die(night_and_day(), steady(utc(2026, 11, 10, 21), 2h, 20'000));
    ASSERT_EQ(p.lines.size(), 2u);
    EXPECT_EQ(p.lines[0].quantity, 10'000);
    EXPECT_EQ(p.total.net, 2000);
}

TEST(Restrictions, SplitBySamplesNotByAverage) {
    // Samples 21:00 0 Wh, 21:30 1000, 22:30 3000: the 21:30–22:30 interval gives 1000 Wh before
    // 22:00 and 1000 after, so day 2000 Wh × 1.20 = 240, night 1000 Wh × 0.80 = 80 → 320. (An
    // average over the whole 90 min would have put 2000 Wh before 22:00 and 1000 after, the same
    // here only by chance, so the next case makes them differ.)
    Session s;
    s.start = utc(2026, 11, 10, 21);
    s.stop = utc(2026, 11, 10, 22, 30);
    s.samples = {{s.start, 0}, {utc(2026, 11, 10, 21, 30), 1000}, {s.stop, 3000}};
    EXPECT_EQ(price_or_die(night_and_day(), s).total.net, 320);
    // Samples 21:00 0, 21:50 100, 22:30 4100: 21:50–22:00 is 10 of 40 min of 4000 Wh = 1000 Wh, so
    // day 1100 Wh × 1.20 = 132, night 3000 Wh × 0.80 = 240 → 372. An average over 90 min would give
    // 2733 Wh by day and 1367 by night (437).
    s.samples = {{s.start, 0}, {utc(2026, 11, 10, 21, 50), 100}, {s.stop, 4100}};
    EXPECT_EQ(price_or_die(night_and_day(), s).total.net, 372);
}

TEST(Restrictions, AcrossMidnightIntoTheWeekend) {
    // Weekend energy 0.50 (Sat, Sun), otherwise 1.00. Friday 2026-11-13 23:00 → Saturday 01:00 UTC,
    // 10 kWh steady: 5 kWh × 1.00 = 500 + 5 kWh × 0.50 = 250 → 750.
    Restrictions weekend;
    weekend.days_of_week = (1u << 5) | (1u << 6);
    auto t = tariff(
        {element({comp(CT::kEnergy, gr(50))}, weekend), element({comp(CT::kEnergy, gr(100))})});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 13, 23), 2h, 10'000)).total.net, 750);
}

TEST(Restrictions, DateRangeNewPriceFromDecember) {
    // From 2026-12-01 energy costs 1.50, before 1.00. 30 Nov 23:30 → 1 Dec 00:30, 4 kWh steady:
    // 2 kWh × 1.00 = 200 + 2 kWh × 1.50 = 300 → 500.
    Restrictions december;
    december.start_date = 2026y / 12 / 1d;
    auto t = tariff(
        {element({comp(CT::kEnergy, gr(150))}, december), element({comp(CT::kEnergy, gr(100))})});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 30, 23, 30), 1h, 4000)).total.net, 500);
}

TEST(Restrictions, EndDateIsExclusive) {
    // Promo 0.10 until 2026-11-11 (exclusive), fallback 1.00; 10 Nov 23:00 → 11 Nov 01:00, 2 kWh:
    // 1 kWh × 0.10 = 10 + 1 kWh × 1.00 = 100 → 110.
    Restrictions promo;
    promo.end_date = 2026y / 11 / 11d;
    auto t = tariff(
        {element({comp(CT::kEnergy, gr(10))}, promo), element({comp(CT::kEnergy, gr(100))})});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 23), 2h, 2000)).total.net, 110);
}

TEST(Restrictions, EnergyTiers) {
    // First 20 kWh at 1.00 (max_kwh 20), beyond at 0.80 (min_kwh 20); 30 kWh: 2000 + 800 = 2800.
    Restrictions first;
    first.max_wh = 20'000;
    Restrictions beyond;
    beyond.min_wh = 20'000;
    auto t = tariff({element({comp(CT::kEnergy, gr(100))}, first),
                     element({comp(CT::kEnergy, gr(80))}, beyond)});
    auto p = price_or_die(t, steady(utc(2026, 11, 10, 12), 3h, 30'000));
    EXPECT_EQ(p.lines.at(0).quantity, 20'000);
    EXPECT_EQ(p.total.net, 2800);
}

TEST(Restrictions, MinPower) {
    // ≥ 50 kW costs 2.00, else 1.00. Hour 1 at 10 kW (10 kWh), hour 2 at 60 kW (60 kWh):
    // 10 × 1.00 = 1000 + 60 × 2.00 = 12000 → 13000.
    Restrictions fast;
    fast.min_power_w = 50'000;
    auto t = tariff(
        {element({comp(CT::kEnergy, gr(200))}, fast), element({comp(CT::kEnergy, gr(100))})});
    Session s;
    s.start = utc(2026, 11, 10, 12);
    s.stop = s.start + 2h;
    s.samples = {{s.start, 0}, {s.start + 1h, 10'000}, {s.stop, 70'000}};
    EXPECT_EQ(price_or_die(t, s).total.net, 13'000);
}

TEST(Restrictions, MaxPowerAndMinCurrent) {
    // 3 × 230 V: 11 kW is 15.94 A, 44 kW is 63.77 A. Energy ≥ 32 A costs 1.80, the rest 1.00:
    // 11 kWh × 1.00 = 1100 + 44 kWh × 1.80 = 7920 → 9020. Under max_power 22 kW at 0.70 with a 1.00
    // fallback instead: 11 kWh × 0.70 = 770 + 44 kWh × 1.00 = 4400 → 5170.
    Restrictions strong;
    strong.min_current_ma = 32'000;
    Session s;
    s.start = utc(2026, 11, 10, 12);
    s.stop = s.start + 2h;
    s.samples = {{s.start, 0}, {s.start + 1h, 11'000}, {s.stop, 55'000}};
    auto t = tariff(
        {element({comp(CT::kEnergy, gr(180))}, strong), element({comp(CT::kEnergy, gr(100))})});
    EXPECT_EQ(price_or_die(t, s).total.net, 9020);
    Restrictions slow;
    slow.max_power_w = 22'000;
    t.elements.front() = element({comp(CT::kEnergy, gr(70))}, slow);
    EXPECT_EQ(price_or_die(t, s).total.net, 5170);
}

TEST(Restrictions, MinAndMaxDuration) {
    // First hour free (TIME 0 with max_duration 60 min), then 30 zł/h (min_duration 60 min);
    // 100 min → 40 min × 30 zł/h = 2000.
    Restrictions first_hour;
    first_hour.max_duration = 60min;
    Restrictions after;
    after.min_duration = 60min;
    auto t = tariff({element({comp(CT::kTime, gr(0))}, first_hour),
                     element({comp(CT::kTime, gr(3000))}, after)});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 12), 100min, 0)).total.net, 2000);
}

TEST(Restrictions, MaxDurationWithoutFallback) {
    // TIME 12 zł/h only for the first 30 min; a 60-min session pays 30 min = 600.
    Restrictions r;
    r.max_duration = 30min;
    auto t = tariff({element({comp(CT::kTime, gr(1200))}, r)});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 12), 60min, 0)).total.net, 600);
}

TEST(Restrictions, NoMatchingElementNoLine) {
    // Energy priced only at night; a noon session has nothing to pay.
    auto t = tariff({element({comp(CT::kEnergy, gr(80))}, night())});
    auto p = price_or_die(t, steady(utc(2026, 11, 10, 12), 1h, 5000));
    EXPECT_TRUE(p.lines.empty());
    EXPECT_EQ(p.total, Amounts{});
}

TEST(Restrictions, FlatByTimeOfDayAtStart) {
    // Start fee 0 at night, 2 zł by day; a session starting 23:00 and ending 07:00 pays the night's
    // 0.
    auto t =
        tariff({element({comp(CT::kFlat, gr(0))}, night()), element({comp(CT::kFlat, gr(200))})});
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 23), 8h, 0)).total.net, 0);
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 12), 8h, 0)).total.net, 200);
}

TEST(Restrictions, Reservation) {
    // Reservation time 6 zł/h for 15 min = 150; session energy 1 kWh × 1.00 = 100 → 250.
    Restrictions res;
    res.reservation = ReservationKind::kReservation;
    auto t =
        tariff({element({comp(CT::kTime, gr(600))}, res), element({comp(CT::kEnergy, gr(100))})});
    Session s = steady(utc(2026, 11, 10, 12), 1h, 1000);
    s.reservation = Reservation{s.start - 15min, s.start, false};
    auto p = price_or_die(t, s);
    EXPECT_EQ(p.lines.at(0).what, LineKind::kReservation);
    EXPECT_EQ(p.total.net, 250);
}

TEST(Restrictions, ReservationExpired) {
    // An expired reservation costs a flat 10 zł; the empty session costs nothing else.
    Restrictions expired;
    expired.reservation = ReservationKind::kReservationExpires;
    auto t = tariff(
        {element({comp(CT::kFlat, gr(1000))}, expired), element({comp(CT::kEnergy, gr(100))})});
    Session s = steady(utc(2026, 11, 10, 12), 0min, 0, 1);
    s.reservation = Reservation{s.start - 30min, s.start, true};
    EXPECT_EQ(price_or_die(t, s).total.net, 1000);
}

TEST(Restrictions, StepLandsOnTheLastElement) {
    // TIME 12 zł/h by day, 6 zł/h at night, step 900 s. 21:50–22:21: 10 min day, 21 min night = 31
    // min → billed 45 min; the 14 extra minutes go to the night element (the last): day 10 min =
    // 200, night 35 min = 350 → 550.
    auto t = tariff({element({comp(CT::kTime, gr(600), VatRate::k23, 900)}, night()),
                     element({comp(CT::kTime, gr(1200), VatRate::k23, 900)})});
    auto p = price_or_die(t, steady(utc(2026, 11, 10, 21, 50), 31min, 0));
    EXPECT_EQ(p.total.net, 550);
}

TEST(Restrictions, WarsawSummerEvening) {
    // Warsaw in July is UTC+2: 20:00–21:00 UTC is 22:00–23:00 local, all night rate: 5 kWh × 0.80 =
    // 400.
    Tariff t = night_and_day();
    t.zone = TimeZone::warsaw();
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 7, 15, 20), 1h, 5000)).total.net, 400);
    // In November (UTC+1) the same UTC hour is 21:00–22:00 local, all day rate: 5 × 1.20 = 600.
    EXPECT_EQ(price_or_die(t, steady(utc(2026, 11, 10, 20), 1h, 5000)).total.net, 600);
}

TEST(Restrictions, LocalTimeFollowsTheEuRule) {
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    const auto ms = [](Instant i) { return i.time_since_epoch().count(); };
    const TimeZone w = TimeZone::warsaw();
    EXPECT_EQ(to_local_ms(w, ms(utc(2026, 3, 29, 0, 59))) - ms(utc(2026, 3, 29, 0, 59)), 3'600'000);
    EXPECT_EQ(to_local_ms(w, ms(utc(2026, 3, 29, 1))) - ms(utc(2026, 3, 29, 1)), 7'200'000);
    EXPECT_EQ(to_local_ms(w, ms(utc(2026, 10, 25, 1))) - ms(utc(2026, 10, 25, 1)), 3'600'000);
    EXPECT_EQ(from_local_ms(w, ms(utc(2026, 7, 1, 22))), ms(utc(2026, 7, 1, 20)));
}

}  // namespace
}  // namespace iskra::tariff
