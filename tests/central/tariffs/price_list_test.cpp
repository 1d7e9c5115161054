// The AFIR figures of a tariff, hand-computed: one half-up rounding of the exact price per kWh,
// per minute and per session, from the elements that apply when a session starts.
#include "iskra/central/tariffs/price_list.hpp"

#include <gtest/gtest.h>

#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using namespace std::chrono_literals;
using tariff::ComponentType;
using tariff::PriceEntry;
using tariff::Restrictions;
using tariff::UnitPrice;
using tariff::VatRate;
using testing::utc_ms;

tariff::PriceComponent comp(ComponentType type, std::int64_t micro, VatRate vat = VatRate::k23) {
    return {type, UnitPrice{micro}, vat, 1};
}

tariff::Tariff tariff_of(std::vector<tariff::TariffElement> elements, PriceEntry entry) {
    tariff::Tariff t;
    t.elements = std::move(elements);
    t.entry = entry;
    t.zone = tariff::TimeZone::utc();
    return t;
}

const std::int64_t kNoon = utc_ms(2026, 11, 10, 12);

TEST(DisplayPrices, GrossEntry) {
    // 1.19 zł/kWh gross: 119 gr; net 1,190,000 / 1.23 = 967,479.67 → 967,480 micro.
    // 24 zł/h gross (0.40 zł/min): 24,000,000 / 60 = 400,000 micro = 40 gr; net 24,000,000 /
    // (60 × 1.23) = 325,203.25 → 325,203. Start fee 2.00 gross: net 2,000,000 / 1.23 = 1,626,016.26
    // → 1,626,016. No parking component: nothing charged.
    const auto p = display_prices(
        tariff_of({{{comp(ComponentType::kEnergy, 1'190'000),
                     comp(ComponentType::kTime, 24'000'000), comp(ComponentType::kFlat, 2'000'000)},
                    {}}},
                  PriceEntry::kGross),
        kNoon);
    EXPECT_EQ(p.per_kwh.gross_grosz, 119);
    EXPECT_EQ(p.per_kwh.gross_micro, 1'190'000);
    EXPECT_EQ(p.per_kwh.net_micro, 967'480);
    EXPECT_EQ(p.per_minute.gross_grosz, 40);
    EXPECT_EQ(p.per_minute.gross_micro, 400'000);
    EXPECT_EQ(p.per_minute.net_micro, 325'203);
    EXPECT_EQ(p.per_session.gross_grosz, 200);
    EXPECT_EQ(p.per_session.net_micro, 1'626'016);
    EXPECT_EQ(p.per_kwh.element, 0u);
    EXPECT_FALSE(p.per_kwh.varies);
    EXPECT_EQ(p.parking_per_minute.element, std::nullopt);
    EXPECT_EQ(p.parking_per_minute.gross_grosz, 0);
}

TEST(DisplayPrices, NetEntry) {
    // 0.333 zł/kWh net at 23 %: gross 333,000 × 1.23 = 409,590 micro → 40.959 gr → 41.
    // 10 zł/h net: per minute net 10,000,000 / 60 = 166,666.67 → 166,667; gross 205,000 micro =
    // 20.5 gr → 21 (half up). Parking 6 zł/h net at 8 %: 100,000 net, 108,000 gross = 10.8 → 11.
    const auto p = display_prices(
        tariff_of({{{comp(ComponentType::kEnergy, 333'000), comp(ComponentType::kTime, 10'000'000),
                     comp(ComponentType::kParkingTime, 6'000'000, VatRate::k8)},
                    {}}},
                  PriceEntry::kNet),
        kNoon);
    EXPECT_EQ(p.per_kwh.gross_micro, 409'590);
    EXPECT_EQ(p.per_kwh.gross_grosz, 41);
    EXPECT_EQ(p.per_minute.net_micro, 166'667);
    EXPECT_EQ(p.per_minute.gross_micro, 205'000);
    EXPECT_EQ(p.per_minute.gross_grosz, 21);
    EXPECT_EQ(p.parking_per_minute.gross_grosz, 11);
    EXPECT_EQ(p.parking_per_minute.vat, VatRate::k8);
}

TEST(DisplayPrices, TheElementThatAppliesNow) {
    // Night 22:00–06:00 0.80 zł/kWh, otherwise 1.20 (gross): 1.20 at noon, 0.80 at 23:00, both
    // marked as varying.
    Restrictions night;
    night.start_time = 22h;
    night.end_time = 6h;
    const auto t = tariff_of({{{comp(ComponentType::kEnergy, 800'000)}, night},
                              {{comp(ComponentType::kEnergy, 1'200'000)}, {}}},
                             PriceEntry::kGross);
    const auto noon = display_prices(t, kNoon);
    EXPECT_EQ(noon.per_kwh.gross_grosz, 120);
    EXPECT_EQ(noon.per_kwh.element, 1u);
    EXPECT_TRUE(noon.per_kwh.varies);
    const auto late = display_prices(t, utc_ms(2026, 11, 10, 23));
    EXPECT_EQ(late.per_kwh.gross_grosz, 80);
    EXPECT_EQ(late.per_kwh.element, 0u);
}

TEST(DisplayPrices, WeekendInWarsaw) {
    // Saturday and Sunday 0.50, otherwise 1.00. Friday 2026-11-13 23:30 UTC is Saturday 00:30 in
    // Warsaw (UTC+1): 0.50.
    Restrictions weekend;
    weekend.days_of_week = 0b1100000;
    auto t = tariff_of({{{comp(ComponentType::kEnergy, 500'000)}, weekend},
                        {{comp(ComponentType::kEnergy, 1'000'000)}, {}}},
                       PriceEntry::kGross);
    t.zone = tariff::TimeZone::warsaw();
    EXPECT_EQ(display_prices(t, utc_ms(2026, 11, 13, 23, 30)).per_kwh.gross_grosz, 50);
    EXPECT_EQ(display_prices(t, utc_ms(2026, 11, 13, 22, 30)).per_kwh.gross_grosz, 100);
}

TEST(DisplayPrices, WhatCannotApplyAtTheStartIsSkipped) {
    // First hour free then 30 zł/h: a session starting now pays 0 per minute at first. A
    // reservation fee is not a session's. A tier from 20 kWh is not where a session starts.
    Restrictions first_hour, after, reserved, from_20_kwh;
    first_hour.max_duration = 60min;
    after.min_duration = 60min;
    reserved.reservation = tariff::ReservationKind::kReservation;
    from_20_kwh.min_wh = 20'000;
    const auto p = display_prices(
        tariff_of({{{comp(ComponentType::kTime, 0)}, first_hour},
                   {{comp(ComponentType::kTime, 30'000'000)}, after},
                   {{comp(ComponentType::kFlat, 10'000'000)}, reserved},
                   {{comp(ComponentType::kFlat, 2'000'000), comp(ComponentType::kEnergy, 900'000)},
                    from_20_kwh},
                   {{comp(ComponentType::kEnergy, 1'000'000)}, {}}},
                  PriceEntry::kGross),
        kNoon);
    EXPECT_EQ(p.per_minute.element, 0u);
    EXPECT_EQ(p.per_minute.gross_grosz, 0);
    EXPECT_TRUE(p.per_minute.varies);
    EXPECT_EQ(p.per_session.element, std::nullopt);  // neither FLAT applies at the start
    EXPECT_EQ(p.per_kwh.element, 4u);
    EXPECT_EQ(p.per_kwh.gross_grosz, 100);
}

TEST(DisplayPrices, PowerBoundsAreNotKnownBeforeChargingSoTheyVary) {
    // ≥ 50 kW costs 2.00 zł/kWh, the rest 1.00: the first element is shown and marked varying.
    Restrictions fast;
    fast.min_power_w = 50'000;
    const auto p = display_prices(tariff_of({{{comp(ComponentType::kEnergy, 2'000'000)}, fast},
                                             {{comp(ComponentType::kEnergy, 1'000'000)}, {}}},
                                            PriceEntry::kGross),
                                  kNoon);
    EXPECT_EQ(p.per_kwh.element, 0u);
    EXPECT_TRUE(p.per_kwh.varies);
}

TEST(DisplayPrices, ExplainedInPolishAndEnglish) {
    const auto p = display_prices(
        tariff_of(
            {{{comp(ComponentType::kEnergy, 1'190'000), comp(ComponentType::kTime, 24'000'000),
               comp(ComponentType::kFlat, 2'000'000, VatRate::kExempt)},
              {}}},
            PriceEntry::kGross),
        kNoon);
    EXPECT_EQ(explain_prices(p, true),
              "Energia: 1,19 zł/kWh brutto (VAT 23%)\n"
              "Czas ładowania: 0,40 zł/min brutto (VAT 23%)\n"
              "Opłata za sesję: 2,00 zł brutto (VAT zw.)");
    EXPECT_EQ(explain_prices(p, false),
              "Energy: 1.19 zł/kWh gross (VAT 23%)\n"
              "Charging time: 0.40 zł/min gross (VAT 23%)\n"
              "Per session: 2.00 zł gross (VAT exempt)");
    const auto json = display_prices_json(p);
    EXPECT_EQ(json["per_kwh"]["gross_grosz"], 119);
    EXPECT_EQ(json["per_session"]["vat"], "exempt");
    EXPECT_EQ(json["parking_per_minute"]["element"], nullptr);
}

TEST(DisplayPrices, NothingChargedIsFree) {
    const auto p = display_prices(tariff_of({}, PriceEntry::kGross), kNoon);
    EXPECT_EQ(explain_prices(p, true), "Bezpłatnie");
    EXPECT_EQ(explain_prices(p, false), "Free of charge");
}

}  // namespace
}  // namespace iskra::central::tariffs
