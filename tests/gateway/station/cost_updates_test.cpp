// Which sessions are sent a running cost, when, and with what figure; prices computed by hand.
#include <gtest/gtest.h>

#include "iskra/gateway/cost_updates.hpp"
#include "tariff_feed_fixture.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

session::MeterSample energy(session::Timestamp time, std::int64_t wh) {
    session::MeterSample sample;
    sample.timestamp = time;
    sample.energy_wh = wh;
    return sample;
}

using test::energy_tariff_json;
using test::feed_for;

const LimitedSession kSession{"CP-1", session::TransactionRef{std::int64_t{17}}};
const session::Timestamp kStart = at("2026-11-28T12:00:00Z");

std::vector<std::int64_t> figures(const std::vector<CostUpdate>& updates) {
    std::vector<std::int64_t> out;
    for (const auto& u : updates)
        out.push_back(u.gross_grosz);
    return out;
}

TEST(CostUpdates, NothingIsDueWithoutAFeed) {
    CostUpdates costs(60s);
    costs.on_started(kSession, 1'000, kStart);
    EXPECT_TRUE(costs.due(kStart + 5min).empty());
    EXPECT_EQ(costs.cost_of(kSession, kStart + 5min), std::nullopt);
}

TEST(CostUpdates, FirstFigureAtOnceThenOnePerIntervalWhileItChanges) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 1'000, kStart);
    // Nothing charged yet: the display starts at 0.00.
    auto first = costs.due(kStart);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].gross_grosz, 0);
    EXPECT_EQ(first[0].currency, "PLN");
    EXPECT_EQ(first[0].session.station_id, "CP-1");

    // 2,000 − 1,000 Wh = 1 kWh × 2.00 zł = 200 gr, but the interval has not passed.
    costs.on_samples(kSession, {energy(kStart + 30s, 2'000)});
    EXPECT_TRUE(costs.due(kStart + 59s).empty());
    EXPECT_EQ(figures(costs.due(kStart + 60s)), std::vector<std::int64_t>{200});

    // No new energy: the station already shows 2.00, so nothing is resent.
    EXPECT_TRUE(costs.due(kStart + 120s).empty());
    // 4,500 − 1,000 = 3.5 kWh × 2.00 = 700 gr, an interval after the last look.
    costs.on_samples(kSession, {energy(kStart + 150s, 4'500)});
    EXPECT_TRUE(costs.due(kStart + 150s).empty());
    EXPECT_EQ(figures(costs.due(kStart + 180s)), std::vector<std::int64_t>{700});
}

TEST(CostUpdates, ZeroIntervalNeverSendsButStillPrices) {
    CostUpdates costs(0s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.on_samples(kSession, {energy(kStart + 10min, 5'000)});
    EXPECT_TRUE(costs.due(kStart + 10min).empty());
    // 5 kWh × 2.00 zł = 10.00 zł.
    EXPECT_EQ(costs.cost_of(kSession, kStart + 10min), 1000);
}

TEST(CostUpdates, AStationThatRefusesGetsNoneUntilItConnectsAgain) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.refuse_station("CP-1");
    costs.on_samples(kSession, {energy(kStart + 1min, 1'000)});
    EXPECT_TRUE(costs.due(kStart + 1min).empty());
    costs.on_connected("CP-1");
    // 1 kWh × 2.00 = 200 gr.
    EXPECT_EQ(figures(costs.due(kStart + 2min)), std::vector<std::int64_t>{200});
}

TEST(CostUpdates, AStationThatConnectsAgainGetsItsFigureAgain) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.on_samples(kSession, {energy(kStart, 0), energy(kStart + 30s, 1'000)});
    // 1 kWh × 2.00 = 200 gr, sent while the station was (as it turns out) going away.
    EXPECT_EQ(figures(costs.due(kStart + 30s)), std::vector<std::int64_t>{200});
    costs.on_connected("CP-1");
    EXPECT_EQ(figures(costs.due(kStart + 31s)), std::vector<std::int64_t>{200});
}

TEST(CostUpdates, AnEndedSessionIsForgotten) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.on_ended(kSession);
    EXPECT_EQ(costs.tracked(), 0u);
    EXPECT_TRUE(costs.due(kStart + 1min).empty());
    // Samples after the end (a late MeterValues) do not bring it back.
    costs.on_samples(kSession, {energy(kStart + 2min, 1'000)});
    EXPECT_EQ(costs.tracked(), 0u);
}

TEST(CostUpdates, AStationTheFeedDoesNotPriceGetsNothing) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-other", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.on_samples(kSession, {energy(kStart + 1min, 1'000)});
    EXPECT_TRUE(costs.due(kStart + 1min).empty());
}

TEST(CostUpdates, ARepeatedStartKeepsWhatTheSessionGathered) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    costs.on_started(kSession, 0, kStart);
    costs.on_samples(kSession, {energy(kStart + 1min, 3'000)});
    costs.on_started(kSession, 0, kStart);
    // 3 kWh × 2.00 = 600 gr.
    EXPECT_EQ(costs.cost_of(kSession, kStart + 1min), 600);
}

TEST(CostUpdates, ThinnedSamplesStillSplitASessionAt22) {
    // 21:50–22:10 at a steady 36 kW: 100 Wh every 10 s, 120 samples, 6 kWh before 22:00 and
    // 6 kWh after. Day 2.00 zł/kWh, night 1.00: 6 × 2.00 + 6 × 1.00 = 18.00 zł = 1800 gr.
    // Only points a minute apart are kept; energy is linear between them, so nothing is lost.
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200, 100)));
    const auto start = at("2026-11-28T21:50:00Z");
    costs.on_started(kSession, 0, start);
    for (int i = 1; i <= 120; ++i) {
        costs.on_samples(kSession, {energy(start + std::chrono::seconds(10 * i), 100 * i)});
    }
    EXPECT_EQ(costs.cost_of(kSession, at("2026-11-28T22:10:00Z")), 1800);
}

TEST(CostUpdates, ASessionFoundOpenAtStartIsPricedFromItsStartAndLastReading) {
    CostUpdates costs(60s);
    costs.set_feed(feed_for("CP-1", energy_tariff_json(200)));
    const LimitedSession v201{"CP-1", session::TransactionRef{std::string("tx-9")}};
    costs.seed(v201, 10'000, kStart, 15'000, kStart + 20min);
    // 15,000 − 10,000 Wh = 5 kWh × 2.00 = 1000 gr; a reading after the restart adds to it:
    // 16,000 − 10,000 = 6 kWh = 1200 gr.
    EXPECT_EQ(costs.cost_of(v201, kStart + 20min), 1000);
    costs.on_samples(v201, {energy(kStart + 25min, 16'000)});
    EXPECT_EQ(figures(costs.due(kStart + 25min)), std::vector<std::int64_t>{1200});
}

}  // namespace
}  // namespace iskra::gateway
