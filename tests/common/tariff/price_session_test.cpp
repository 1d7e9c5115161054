// Hand-computed sessions: each price component alone and combined, steps, parking, VAT, entry,
// rounding, odd lengths. Times are UTC (the builders' tariffs use UTC) unless a case says Warsaw.
#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;
using CT = ComponentType;

const Instant kT0 = utc(2026, 11, 10, 12);  // a Tuesday noon

TEST(PriceSession, EnergyNet) {
    // 10 kWh × 1.00 zł net = 1000 gr; VAT 23 % = 230; gross 1230.
    auto p = price_or_die(tariff({element({comp(CT::kEnergy, gr(100))})}), steady(kT0, 1h, 10'000));
    ASSERT_EQ(p.lines.size(), 1u);
    EXPECT_EQ(p.lines[0].quantity, 10'000);
    EXPECT_EQ(p.total, (Amounts{1000, 230, 1230}));
}

TEST(PriceSession, EnergyGrossWithFraction) {
    // 12.345 kWh × 1.19 zł gross = 1469.055 → 1469 gross; net 1469/1.23 = 1194.31 → 1194; VAT 275.
    auto p = price_or_die(tariff({element({comp(CT::kEnergy, gr(119))})}, PriceEntry::kGross),
                          steady(kT0, 1h, 12'345));
    EXPECT_EQ(p.total, (Amounts{1194, 275, 1469}));
}

TEST(PriceSession, TimePerHour) {
    // 90 min × 12 zł/h net = 1800; VAT 414; gross 2214.
    auto p = price_or_die(tariff({element({comp(CT::kTime, gr(1200))})}), steady(kT0, 90min, 5000));
    EXPECT_EQ(p.total, (Amounts{1800, 414, 2214}));
}

TEST(PriceSession, TimePerMinute) {
    // 0.40 zł/min = 24 zł/h gross; 45 min = 1800 gross; net 1800/1.23 = 1463.41 → 1463; VAT 337.
    const UnitPrice per_hour = UnitPrice::per_minute_as_per_hour(gr(40));
    auto p = price_or_die(tariff({element({comp(CT::kTime, per_hour)})}, PriceEntry::kGross),
                          steady(kT0, 45min, 0));
    EXPECT_EQ(p.total, (Amounts{1463, 337, 1800}));
}

TEST(PriceSession, TimeStepBillsStartedMinutes) {
    // 10 min 1 s with step 60 s → 11 min × 0.40 zł = 440 gross.
    const UnitPrice per_hour = UnitPrice::per_minute_as_per_hour(gr(40));
    auto p = price_or_die(
        tariff({element({comp(CT::kTime, per_hour, VatRate::k23, 60)})}, PriceEntry::kGross),
        steady(kT0, 10min + 1s, 0));
    EXPECT_EQ(p.lines.at(0).quantity, 660'000);
    EXPECT_EQ(p.total.gross, 440);
}

TEST(PriceSession, EnergyStepBillsStartedKwh) {
    // 10.001 kWh with step 1000 Wh → 11 kWh × 1.00 zł = 1100 gross.
    auto p = price_or_die(
        tariff({element({comp(CT::kEnergy, gr(100), VatRate::k23, 1000)})}, PriceEntry::kGross),
        steady(kT0, 1h, 10'001));
    EXPECT_EQ(p.lines.at(0).quantity, 11'000);
    EXPECT_EQ(p.total.gross, 1100);
}

TEST(PriceSession, FlatAlone) {
    // 2 zł gross at 23 %: net 162.60 → 163, VAT 37.
    auto p = price_or_die(tariff({element({comp(CT::kFlat, gr(200))})}, PriceEntry::kGross),
                          steady(kT0, 1h, 5000));
    EXPECT_EQ(p.total, (Amounts{163, 37, 200}));
}

TEST(PriceSession, FlatEnergyAndTimeCombined) {
    // Gross: flat 2.00 + 20 kWh × 1.50 = 30.00 + 2 h × 3.00 = 6.00 → 3800 gross over three lines:
    // nets 163 (200/1.23), 2439 (3000/1.23 = 2439.02), 488 (600/1.23 = 487.80); VAT 37 + 561 + 112.
    auto t = tariff(
        {element({comp(CT::kFlat, gr(200)), comp(CT::kEnergy, gr(150)), comp(CT::kTime, gr(300))})},
        PriceEntry::kGross);
    auto p = price_or_die(t, steady(kT0, 2h, 20'000));
    ASSERT_EQ(p.lines.size(), 3u);
    EXPECT_EQ(p.total, (Amounts{3090, 710, 3800}));
}

TEST(PriceSession, ParkingAfterChargingStops) {
    // Charging 60 min then plugged 30 min: TIME 6 zł/h × 1 h = 600; PARKING 12 zł/h × 0.5 h = 600.
    // Net.
    auto t = tariff({element({comp(CT::kTime, gr(600)), comp(CT::kParkingTime, gr(1200))})});
    Session s = steady(kT0, 90min, 10'000);
    s.periods = {{kT0, kT0 + 60min, true}, {kT0 + 60min, kT0 + 90min, false}};
    auto p = price_or_die(t, s);
    ASSERT_EQ(p.lines.size(), 2u);
    EXPECT_EQ(p.lines[1].what, LineKind::kParking);
    EXPECT_EQ(p.total.net, 1200);
}

TEST(PriceSession, ParkingAfterASetChargingTime) {
    // parking_after 2 h, 3 h of charging: TIME 6 zł/h × 2 h = 1200 + PARKING 30 zł/h × 1 h = 3000 →
    // 4200 net.
    auto t = tariff({element({comp(CT::kTime, gr(600)), comp(CT::kParkingTime, gr(3000))})});
    t.parking_after = 2h;
    auto p = price_or_die(t, steady(kT0, 3h, 30'000));
    EXPECT_EQ(p.total.net, 4200);
}

TEST(PriceSession, ParkingThresholdAndStopBoth) {
    // parking_after 60 min; charging stops at 40 min, session 90 min:
    // TIME 40 min × 6 zł/h = 400; PARKING 50 min × 12 zł/h = 1000 → 1400 net.
    auto t = tariff({element({comp(CT::kTime, gr(600)), comp(CT::kParkingTime, gr(1200))})});
    t.parking_after = 60min;
    Session s = steady(kT0, 90min, 5000);
    s.periods = {{kT0, kT0 + 40min, true}, {kT0 + 40min, kT0 + 90min, false}};
    EXPECT_EQ(price_or_die(t, s).total.net, 1400);
}

TEST(PriceSession, TimeNotCoveredByPeriodsIsParking) {
    // Periods cover only 0–30 min charging; 30–60 is parked: TIME 30 min × 6 = 300, PARKING 30 min
    // × 12 = 600.
    auto t = tariff({element({comp(CT::kTime, gr(600)), comp(CT::kParkingTime, gr(1200))})});
    Session s = steady(kT0, 60min, 5000);
    s.periods = {{kT0, kT0 + 30min, true}};
    EXPECT_EQ(price_or_die(t, s).total.net, 900);
}

TEST(PriceSession, MixedVatRates) {
    // Net: energy 10 kWh × 1.00 at 23 % = 1000 + 230; parking 1 h × 10 zł at 8 % = 1000 + 80;
    // flat 5 zł exempt = 500 + 0. Total 2500 + 310 = 2810.
    auto t =
        tariff({element({comp(CT::kEnergy, gr(100)), comp(CT::kParkingTime, gr(1000), VatRate::k8),
                         comp(CT::kFlat, gr(500), VatRate::kExempt)})});
    Session s = steady(kT0, 2h, 10'000);
    s.periods = {{kT0, kT0 + 1h, true}};
    auto p = price_or_die(t, s);
    EXPECT_EQ(p.total, (Amounts{2500, 310, 2810}));
    EXPECT_NE(p.explain_pl.find("zw."), std::string::npos);
}

TEST(PriceSession, FivePercentAndZeroPercentGross) {
    // Flat 2.10 gross at 5 %: net 200, VAT 10. Energy 1 kWh × 1.00 gross at 0 %: 100 + 0. Total
    // 310.
    auto t = tariff(
        {element({comp(CT::kFlat, gr(210), VatRate::k5), comp(CT::kEnergy, gr(100), VatRate::k0)})},
        PriceEntry::kGross);
    EXPECT_EQ(price_or_die(t, steady(kT0, 1h, 1000)).total, (Amounts{300, 10, 310}));
}

TEST(PriceSession, NetVersusGrossEntryOfTheSameNumber) {
    // 7 kWh × "1.00": net entry 700 + 161 = 861; gross entry 700 with net 700/1.23 = 569.11 → 569,
    // VAT 131.
    auto net = tariff({element({comp(CT::kEnergy, gr(100))})}, PriceEntry::kNet);
    auto gross = tariff({element({comp(CT::kEnergy, gr(100))})}, PriceEntry::kGross);
    EXPECT_EQ(price_or_die(net, steady(kT0, 1h, 7000)).total, (Amounts{700, 161, 861}));
    EXPECT_EQ(price_or_die(gross, steady(kT0, 1h, 7000)).total, (Amounts{569, 131, 700}));
}

TEST(PriceSession, HalfAGroszRoundsUp) {
    // 5 Wh × 1.00 zł/kWh = 0.5 gr → 1 (net, 0 %); 4 Wh → 0.4 gr → 0.
    auto t = tariff({element({comp(CT::kEnergy, gr(100), VatRate::k0)})});
    EXPECT_EQ(price_or_die(t, steady(kT0, 1min, 5)).total.net, 1);
    EXPECT_EQ(price_or_die(t, steady(kT0, 1min, 4)).total.net, 0);
}

TEST(PriceSession, ZeroEnergySessionPaysOnlyFlat) {
    // No energy drawn: flat 1 zł net + 0 kWh × 1.00 → one line, 100 + 23.
    auto t = tariff({element({comp(CT::kFlat, gr(100)), comp(CT::kEnergy, gr(100))})});
    auto p = price_or_die(t, steady(kT0, 10min, 0));
    ASSERT_EQ(p.lines.size(), 1u);
    EXPECT_EQ(p.total, (Amounts{100, 23, 123}));
}

TEST(PriceSession, ThreeSecondSession) {
    // TIME 12 zł/h × 3 s = 1200 × 3/3600 = 1 gr; 3 Wh × 1.00 = 0.3 gr → 0. Net, 0 %.
    auto t = tariff({element(
        {comp(CT::kTime, gr(1200), VatRate::k0), comp(CT::kEnergy, gr(100), VatRate::k0)})});
    auto p = price_or_die(t, steady(kT0, 3s, 3));
    EXPECT_EQ(p.total.net, 1);
}

TEST(PriceSession, ThirtyHourSession) {
    // 30 h × 1.20 zł/h = 3600 + 150 kWh × 1.00 = 15000 → 18600 net, VAT 4278, gross 22878 (VAT per
    // line: 828 + 3450).
    auto t = tariff({element({comp(CT::kTime, gr(120)), comp(CT::kEnergy, gr(100))})});
    EXPECT_EQ(price_or_die(t, steady(kT0, 30h, 150'000, 31)).total, (Amounts{18600, 4278, 22878}));
}

TEST(PriceSession, LinesSumToTotalAndExplainBothLanguages) {
    auto t = tariff({element({comp(CT::kFlat, gr(199)), comp(CT::kEnergy, gr(133))})},
                    PriceEntry::kGross);
    auto p = price_or_die(t, steady(kT0, 1h, 7777));
    Amounts sum;
    for (const auto& l : p.lines) {
        sum.net += l.amounts.net;
        sum.vat += l.amounts.vat;
        sum.gross += l.amounts.gross;
        EXPECT_EQ(l.amounts.net + l.amounts.vat, l.amounts.gross);
    }
    EXPECT_EQ(sum, p.total);
    // 7.777 kWh × 1.33 = 10.34341 → 1034 gr.
    EXPECT_NE(p.explain_pl.find("Energia: 7,777 kWh × 1,33 zł/kWh"), std::string::npos)
        << p.explain_pl;
    EXPECT_NE(p.explain_en.find("Energy: 7.777 kWh × 1.33 zł/kWh"), std::string::npos)
        << p.explain_en;
    EXPECT_NE(p.explain_en.find("Total"), std::string::npos);
}

TEST(PriceSession, BadSessionsAreNamed) {
    auto t = tariff({element({comp(CT::kEnergy, gr(100))})});
    Session back = steady(kT0, 1h, 1000, 3);
    back.samples[2].energy_wh = 10;
    EXPECT_EQ(price_session(t, back).error().field, "samples/2/energy_wh");
    Session reversed = steady(kT0, 1h, 1000);
    reversed.stop = kT0 - 1s;
    EXPECT_EQ(price_session(t, reversed).error().field, "stop");
}

}  // namespace
}  // namespace iskra::tariff
