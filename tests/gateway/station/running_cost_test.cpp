// The cost so far of a session in progress: figures computed by hand, one per case.
#include <gtest/gtest.h>

#include "iskra/gateway/running_cost.hpp"

namespace iskra::gateway {
namespace {

using tariff::ComponentType;
using tariff::PriceEntry;
using tariff::UnitPrice;
using tariff::VatRate;

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

session::MeterSample energy(const char* time, std::int64_t wh) {
    session::MeterSample sample;
    sample.timestamp = at(time);
    sample.energy_wh = wh;
    return sample;
}

// Prices in grosz per kWh (energy) and per hour (time), entered gross unless said otherwise.
tariff::Tariff plain(std::int64_t per_kwh, std::int64_t per_hour = 0,
                     PriceEntry entry = PriceEntry::kGross) {
    tariff::TariffElement element;
    element.components.push_back(
        {ComponentType::kEnergy, UnitPrice::from_grosz(per_kwh), VatRate::k23, 1});
    if (per_hour > 0) {
        element.components.push_back(
            {ComponentType::kTime, UnitPrice::from_grosz(per_hour), VatRate::k23, 1});
    }
    tariff::Tariff t;
    t.elements.push_back(element);
    t.entry = entry;
    t.zone = tariff::TimeZone::utc();
    return t;
}

std::vector<TariffVersion> one(tariff::Tariff t) {
    return {{at("2026-11-01T00:00:00Z"), std::move(t)}};
}

TEST(RunningCost, EnergyFromTheMeterStart) {
    // 13,500 − 1,000 = 12,500 Wh × 2.00 zł/kWh = 25.00 zł = 2500 gr.
    const SessionSoFar s{
        at("2026-11-28T12:00:00Z"), 1'000, {energy("2026-11-28T12:30:00Z", 13'500)}};
    EXPECT_EQ(running_cost_grosz(one(plain(200)), s, at("2026-11-28T12:30:00Z")), 2500);
}

TEST(RunningCost, TimeRunsToNowWhileEnergyStandsAtTheLastSample) {
    // Energy 10,000 Wh × 2.00 = 2000 gr; time 12:00–12:45 = 0.75 h × 6.00 zł/h = 450 gr; 2450 gr.
    const SessionSoFar s{at("2026-11-28T12:00:00Z"), 0, {energy("2026-11-28T12:30:00Z", 10'000)}};
    EXPECT_EQ(running_cost_grosz(one(plain(200, 600)), s, at("2026-11-28T12:45:00Z")), 2450);
}

TEST(RunningCost, NetEntryAddsVat) {
    // 10 kWh × 1.00 zł net = 1000 gr net + 23 % = 230 gr VAT; 1230 gr gross.
    const SessionSoFar s{
        at("2026-11-28T12:00:00Z"), 5'000, {energy("2026-11-28T13:00:00Z", 15'000)}};
    EXPECT_EQ(
        running_cost_grosz(one(plain(100, 0, PriceEntry::kNet)), s, at("2026-11-28T13:00:00Z")),
        1230);
}

TEST(RunningCost, WithoutAMeterStartTheFirstSampleIsTheBase) {
    // 7,000 − 2,000 = 5,000 Wh × 2.00 = 1000 gr.
    const SessionSoFar s{
        at("2026-11-28T12:00:00Z"),
        std::nullopt,
        {energy("2026-11-28T12:10:00Z", 2'000), energy("2026-11-28T12:40:00Z", 7'000)}};
    EXPECT_EQ(running_cost_grosz(one(plain(200)), s, at("2026-11-28T12:40:00Z")), 1000);
}

TEST(RunningCost, SamplesUnfitForTheEngineAreDropped) {
    // Kept: start 500, 12:20 5,500, 12:50 8,500. Dropped: 11:59 (before the start), 12:10 (no
    // energy), 12:15 (not after 12:20), 12:40 (register back to 4,000), 13:30 (after now).
    // 8,500 − 500 = 8,000 Wh × 2.00 = 1600 gr.
    session::MeterSample no_energy;
    no_energy.timestamp = at("2026-11-28T12:10:00Z");
    no_energy.power_w = 11'000;
    const SessionSoFar s{
        at("2026-11-28T12:00:00Z"),
        500,
        {energy("2026-11-28T11:59:00Z", 100), no_energy, energy("2026-11-28T12:20:00Z", 5'500),
         energy("2026-11-28T12:15:00Z", 3'000), energy("2026-11-28T12:40:00Z", 4'000),
         energy("2026-11-28T12:50:00Z", 8'500), energy("2026-11-28T13:30:00Z", 20'000)}};
    EXPECT_EQ(running_cost_grosz(one(plain(200)), s, at("2026-11-28T13:00:00Z")), 1600);
}

TEST(RunningCost, NowBeforeTheStartCostsNothing) {
    // A station clock ahead of ours: the session is priced as zero long, 0 Wh.
    const SessionSoFar s{at("2026-11-28T12:00:00Z"), 0, {}};
    EXPECT_EQ(running_cost_grosz(one(plain(200, 600)), s, at("2026-11-28T11:59:00Z")), 0);
}

TEST(RunningCost, TheVersionInForceAtTheStartIsUsed) {
    // v1 1.00 zł/kWh from 1 Nov, v2 3.00 zł/kWh from 28 Nov 12:30; each session 10 kWh.
    const std::vector<TariffVersion> versions{{at("2026-11-28T12:30:00Z"), plain(300)},
                                              {at("2026-11-01T00:00:00Z"), plain(100)}};
    const auto ten_kwh = [](const char* start, const char* end) {
        return SessionSoFar{at(start), 0, {energy(end, 10'000)}};
    };
    // Started 12:00 under v1, still charging after v2 took effect: 10 × 1.00 = 1000 gr.
    EXPECT_EQ(running_cost_grosz(versions, ten_kwh("2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z"),
                                 at("2026-11-28T13:00:00Z")),
              1000);
    // Started exactly when v2 took effect: 10 × 3.00 = 3000 gr.
    EXPECT_EQ(running_cost_grosz(versions, ten_kwh("2026-11-28T12:30:00Z", "2026-11-28T13:00:00Z"),
                                 at("2026-11-28T13:00:00Z")),
              3000);
    // Older than every version known: the earliest, v1: 1000 gr.
    EXPECT_EQ(running_cost_grosz(versions, ten_kwh("2026-10-31T23:00:00Z", "2026-10-31T23:30:00Z"),
                                 at("2026-10-31T23:30:00Z")),
              1000);
}

TEST(RunningCost, UnknownWithoutATariff) {
    const SessionSoFar s{at("2026-11-28T12:00:00Z"), 0, {energy("2026-11-28T12:30:00Z", 1'000)}};
    EXPECT_EQ(running_cost_grosz({}, s, at("2026-11-28T12:30:00Z")), std::nullopt);
}

TEST(RunningCost, UnknownWhenTheEngineRefusesTheTariff) {
    tariff::Tariff empty;  // no elements: the engine's kEmptyTariff
    const SessionSoFar s{at("2026-11-28T12:00:00Z"), 0, {energy("2026-11-28T12:30:00Z", 1'000)}};
    EXPECT_EQ(running_cost_grosz(one(empty), s, at("2026-11-28T12:30:00Z")), std::nullopt);
}

}  // namespace
}  // namespace iskra::gateway
