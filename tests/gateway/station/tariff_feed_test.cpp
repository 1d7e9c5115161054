// Central's tariff feed read by the gateway, then the running cost of a session from it.
#include <gtest/gtest.h>

#include "iskra/gateway/tariff_feed.hpp"
#include "tariff_feed_fixture.hpp"

namespace iskra::gateway {
namespace {

using nlohmann::json;

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

json feed() {
    return {
        {"generated_at", "2026-11-28T12:00:00.000Z"},
        {"tariffs",
         {{{"id", "std"},
           {"name", "Standard"},
           {"currency", "PLN"},
           {"current",
            {{"version", 1},
             {"valid_from", "2026-11-01T00:00:00.000Z"},
             {"tariff", test::energy_tariff_json(200)}}},
           {"next",
            {{"version", 2},
             {"valid_from", "2026-12-01T00:00:00.000Z"},
             {"tariff", test::energy_tariff_json(250)}}}},
          {{"id", "fleet"},
           {"name", "Fleet"},
           {"currency", "PLN"},
           {"current",
            {{"version", 3},
             {"valid_from", "2026-11-01T00:00:00.000Z"},
             {"tariff", test::energy_tariff_json(150)}}},
           {"next", nullptr}}}},
        {"stations",
         {{{"station_id", "CP-1"}, {"ad_hoc", "std"}, {"subscriber", "std"}, {"fleet", "fleet"}},
          {{"station_id", "CP-2"},
           {"ad_hoc", nullptr},
           {"subscriber", nullptr},
           {"fleet", nullptr}}}}};
}

SessionSoFar ten_kwh(const char* start, const char* end) {
    session::MeterSample sample;
    sample.timestamp = at(end);
    sample.energy_wh = 10'000;
    return SessionSoFar{at(start), 0, {sample}};
}

TEST(TariffFeed, EachKindGetsItsTariff) {
    const auto parsed = parse_tariff_feed(feed());
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->versions_for("CP-1", tariff::CustomerKind::kAdHoc).size(), 2u);
    EXPECT_EQ(parsed->versions_for("CP-1", tariff::CustomerKind::kFleet).size(), 1u);
    ASSERT_NE(parsed->tariff_for("CP-1", tariff::CustomerKind::kFleet), nullptr);
    EXPECT_EQ(parsed->tariff_for("CP-1", tariff::CustomerKind::kFleet)->currency, "PLN");
    EXPECT_TRUE(parsed->versions_for("CP-2", tariff::CustomerKind::kAdHoc).empty());
    EXPECT_TRUE(parsed->versions_for("CP-9", tariff::CustomerKind::kAdHoc).empty());
}

TEST(TariffFeed, AStationTheFeedDoesNotListPaysTheDefault) {
    auto with_default = feed();
    with_default["default"] = {{"ad_hoc", "std"}, {"subscriber", nullptr}, {"fleet", "fleet"}};
    const auto parsed = parse_tariff_feed(with_default);
    ASSERT_TRUE(parsed) << parsed.error();
    // CP-9 is newer than the feed; CP-2 is listed, with nothing assigned, and stays unpriced.
    EXPECT_EQ(parsed->tariff_for("CP-9", tariff::CustomerKind::kAdHoc)->id, "std");
    EXPECT_EQ(parsed->tariff_for("CP-9", tariff::CustomerKind::kFleet)->id, "fleet");
    EXPECT_EQ(parsed->tariff_for("CP-9", tariff::CustomerKind::kSubscriber), nullptr);
    EXPECT_EQ(parsed->tariff_for("CP-2", tariff::CustomerKind::kAdHoc), nullptr);

    with_default["default"] = "std";
    const auto refused = parse_tariff_feed(with_default);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), "default: not an object");
}

TEST(TariffFeed, RunningCostFromTheFeed) {
    const auto parsed = parse_tariff_feed(feed());
    ASSERT_TRUE(parsed) << parsed.error();
    const auto& ad_hoc = parsed->versions_for("CP-1", tariff::CustomerKind::kAdHoc);
    // Ad hoc, current version: 10 kWh × 2.00 zł = 2000 gr.
    EXPECT_EQ(running_cost_grosz(ad_hoc, ten_kwh("2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z"),
                                 at("2026-11-28T13:00:00Z")),
              2000);
    // Started after the next version took effect: 10 kWh × 2.50 zł = 2500 gr.
    EXPECT_EQ(running_cost_grosz(ad_hoc, ten_kwh("2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z"),
                                 at("2026-12-01T09:00:00Z")),
              2500);
    // Fleet: 10 kWh × 1.50 zł = 1500 gr.
    EXPECT_EQ(running_cost_grosz(parsed->versions_for("CP-1", tariff::CustomerKind::kFleet),
                                 ten_kwh("2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z"),
                                 at("2026-11-28T13:00:00Z")),
              1500);
}

TEST(TariffFeed, ABadTariffFailsTheWholeFeed) {
    auto bad = feed();
    bad["tariffs"][1]["current"]["tariff"] = json::array();
    const auto parsed = parse_tariff_feed(bad);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().rfind("tariffs/1/current/tariff/", 0), 0u) << parsed.error();
}

TEST(TariffFeed, NotAFeed) {
    EXPECT_FALSE(parse_tariff_feed(json::object()));
    EXPECT_FALSE(parse_tariff_feed(json{{"tariffs", json::array()}, {"stations", {{{"x", 1}}}}}));
}

}  // namespace
}  // namespace iskra::gateway
