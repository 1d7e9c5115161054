// The gateway's tariff feed: its own site's stations only, which tariff each customer kind pays,
// and each tariff's version in force and next one in a form iskra::tariff reads back and prices.
#include "iskra/tariff/ocpi_json.hpp"
#include "iskra/tariff/price.hpp"
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;

class GatewayRoutesTest : public testing::TariffsTest {
protected:
    void SetUp() override {
        TariffsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        add_site("S1");
        add_site("S2");
        add_category("fast");
        add_station("ST-1", "S1", "fast");
        add_station("ST-2", "S1");
        add_station("ST-3", "S2");
        add_gateway("gw-1", "S1");
        city = create_tariff(energy_tariff(1'190'000, "gross", {{"name", "Miasto"}}));
        fast = create_tariff(energy_tariff(2'490'000, "gross", {{"name", "Fast"}}));
        members = create_tariff(energy_tariff(990'000, "gross", {{"name", "Abonament"}}));
        assign(city, "default");
        assign(fast, "category", "fast");
        assign(members, "default", std::nullopt, "subscriber");
        json next = energy_tariff(1'290'000, "gross", {{"valid_from", "2026-12-01T00:00:00.000Z"}});
        next.erase("name");
        EXPECT_EQ(call("POST", "/api/v1/tariffs/" + city + "/versions", next).status, 201);
    }
    std::string city, fast, members;
};

const json* tariff_with_id(const json& feed, const std::string& id) {
    for (const auto& t : feed["tariffs"])
        if (t["id"] == id) return &t;
    return nullptr;
}

TEST_P(GatewayRoutesTest, TheSitesStationsAndTheirTariffs) {
    auto response = gateway_call("gw-1", "/api/gateway/v1/tariffs");
    ASSERT_EQ(response.status, 200) << response.body;
    const json feed = body_of(response);
    EXPECT_EQ(feed["generated_at"], "2026-11-10T12:00:00.000Z");
    ASSERT_EQ(feed["stations"].size(), 2u);  // not ST-3, on another site
    EXPECT_EQ(
        feed["stations"][0],
        (json{{"station_id", "ST-1"}, {"ad_hoc", fast}, {"subscriber", fast}, {"fleet", fast}}));
    EXPECT_EQ(
        feed["stations"][1],
        (json{{"station_id", "ST-2"}, {"ad_hoc", city}, {"subscriber", members}, {"fleet", city}}));
    // A station the gateway meets before central lists it pays the defaults.
    EXPECT_EQ(feed["default"], (json{{"ad_hoc", city}, {"subscriber", members}, {"fleet", city}}));
    ASSERT_EQ(feed["tariffs"].size(), 3u);
    const json* c = tariff_with_id(feed, city);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ((*c)["name"], "Miasto");
    EXPECT_EQ((*c)["current"]["version"], 1);
    EXPECT_EQ((*c)["next"]["version"], 2);
    EXPECT_EQ((*c)["next"]["valid_from"], "2026-12-01T00:00:00.000Z");
    EXPECT_EQ(tariff_with_id(feed, members)->at("next"), nullptr);

    // What the gateway does with it: 10 kWh under the version in force, 1.19 zł/kWh gross =
    // 1190 gross, net 1190 / 1.23 = 967.48 → 967, VAT 223; under the next, 1290 gross.
    auto current = tariff::tariff_from_json((*c)["current"]["tariff"]);
    auto next = tariff::tariff_from_json((*c)["next"]["tariff"]);
    ASSERT_TRUE(current && next);
    tariff::Session session;
    session.start = tariff::Instant{std::chrono::milliseconds{now_ms}};
    session.stop = session.start + std::chrono::hours{1};
    session.samples = {{session.start, 0}, {session.stop, 10'000}};
    EXPECT_EQ(tariff::price_session(*current, session)->total, (tariff::Amounts{967, 223, 1190}));
    EXPECT_EQ(tariff::price_session(*next, session)->total.gross, 1290);
}

TEST_P(GatewayRoutesTest, OnlyForAnEnrolledGateway) {
    EXPECT_EQ(gateway_call("gw-9", "/api/gateway/v1/tariffs").status, 401);
    EXPECT_EQ(anonymous("GET", "/api/gateway/v1/tariffs").status, 401);
    EXPECT_EQ(call("GET", "/api/gateway/v1/tariffs").status, 401);  // a user is not a gateway
}

TEST_P(GatewayRoutesTest, ASiteWithoutStationsYetGetsTheDefaults) {
    add_site("S3");
    add_gateway("gw-3", "S3");
    const json feed = body_of(gateway_call("gw-3", "/api/gateway/v1/tariffs"));
    EXPECT_EQ(feed["stations"], json::array());
    EXPECT_EQ(feed["default"], (json{{"ad_hoc", city}, {"subscriber", members}, {"fleet", city}}));
    ASSERT_EQ(feed["tariffs"].size(), 2u);  // not the category's
    EXPECT_EQ(tariff_with_id(feed, fast), nullptr);
}

TEST_P(GatewayRoutesTest, NoDefaultAssignmentMeansNoDefaultTariff) {
    const json assignments = body_of(call("GET", "/api/v1/tariff-assignments"));
    for (const auto& a : assignments["items"]) {
        if (a["scope"] == "default") {
            ASSERT_EQ(
                call("DELETE", "/api/v1/tariff-assignments/" + a["id"].get<std::string>()).status,
                204);
        }
    }
    const json feed = body_of(gateway_call("gw-1", "/api/gateway/v1/tariffs"));
    EXPECT_EQ(feed["default"],
              (json{{"ad_hoc", nullptr}, {"subscriber", nullptr}, {"fleet", nullptr}}));
    EXPECT_EQ(feed["stations"][1]["ad_hoc"], nullptr);  // ST-2 had only the defaults
    EXPECT_EQ(feed["stations"][0]["ad_hoc"], fast);
}

ISKRA_STORAGE_BACKENDS(GatewayRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
