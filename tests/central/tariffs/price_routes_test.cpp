// The public price list of a station: the tariff its customer kind pays right now, with the AFIR
// figures hand-computed, the elements behind them and the next version when one is scheduled.
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;
using testing::utc_ms;

class PriceRoutesTest : public testing::TariffsTest {
protected:
    void SetUp() override {
        TariffsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        add_site("S1");
        add_category("fast");
        add_station("ST-1", "S1", "fast");
        add_station("ST-2", "S1");
        // Gross, Warsaw time: energy 0.80 zł/kWh 22:00–06:00, otherwise 1.19 zł/kWh, 0.40 zł
        // per minute of charging (24 zł/h) and 2.00 zł per session.
        city = create_tariff(json::parse(R"({"name": "Miasto", "entry": "gross", "elements": [
          {"price_components": [{"type": "ENERGY", "price_micro": 800000, "vat": "23"}],
           "restrictions": {"start_time": "22:00", "end_time": "06:00"}},
          {"price_components": [{"type": "ENERGY", "price_micro": 1190000, "vat": "23"},
                                {"type": "TIME", "price_micro": 24000000, "vat": "23"},
                                {"type": "FLAT", "price_micro": 2000000, "vat": "23"}]}]})"));
        assign(city, "default");
    }
    std::string city;
};

TEST_P(PriceRoutesTest, TheDefaultTariffWithItsAfirFigures) {
    auto response = anonymous("GET", "/api/v1/stations/ST-2/prices");
    ASSERT_EQ(response.status, 200) << response.body;
    const json p = body_of(response);
    EXPECT_EQ(p["station_id"], "ST-2");
    EXPECT_EQ(p["customer_kind"], "ad_hoc");
    EXPECT_EQ(p["at"], "2026-11-10T12:00:00.000Z");
    EXPECT_EQ(p["tariff"]["id"], city);
    EXPECT_EQ(p["tariff"]["name"], "Miasto");
    EXPECT_EQ(p["tariff"]["currency"], "PLN");
    EXPECT_EQ(p["version"], 1);
    EXPECT_EQ(p["assigned_by"], "default");
    EXPECT_EQ(p["entry"], "gross");
    // 13:00 in Warsaw, by day: 1.19 zł/kWh gross = 119 gr; net 1,190,000 / 1.23 = 967,479.67 →
    // 967,480 micro. 24 zł/h = 0.40 zł/min = 40 gr; net 24,000,000 / 60 / 1.23 = 325,203.25 →
    // 325,203. Per session 2.00 zł = 200 gr. No parking price.
    const json& prices = p["prices"];
    EXPECT_EQ(prices["per_kwh"]["gross_grosz"], 119);
    EXPECT_EQ(prices["per_kwh"]["net_micro"], 967'480);
    EXPECT_EQ(prices["per_kwh"]["element"], 1);
    EXPECT_EQ(prices["per_kwh"]["varies"], true);  // the night price
    EXPECT_EQ(prices["per_minute"]["gross_grosz"], 40);
    EXPECT_EQ(prices["per_minute"]["net_micro"], 325'203);
    EXPECT_EQ(prices["per_minute"]["varies"], false);
    EXPECT_EQ(prices["per_session"]["gross_grosz"], 200);
    EXPECT_EQ(prices["parking_per_minute"]["element"], nullptr);
    EXPECT_EQ(p["elements"].size(), 2u);
    EXPECT_EQ(p["elements"][0]["restrictions"]["start_time"], "22:00");
    EXPECT_NE(p["explain"]["pl"].get<std::string>().find("Energia: 1,19 zł/kWh brutto (VAT 23%)"),
              std::string::npos);
    EXPECT_NE(p["explain"]["en"].get<std::string>().find("Per session: 2.00 zł gross"),
              std::string::npos);
    EXPECT_EQ(p["next_version"], nullptr);
}

TEST_P(PriceRoutesTest, AtNightTheNightPrice) {
    now_ms = utc_ms(2026, 11, 10, 23);  // midnight in Warsaw
    const json p = body_of(anonymous("GET", "/api/v1/stations/ST-2/prices"));
    EXPECT_EQ(p["prices"]["per_kwh"]["gross_grosz"], 80);
    EXPECT_EQ(p["prices"]["per_kwh"]["element"], 0);
}

TEST_P(PriceRoutesTest, StationCategoryAndKindResolve) {
    const std::string fast = create_tariff(energy_tariff(2'490'000, "gross", {{"name", "Fast"}}));
    const std::string members =
        create_tariff(energy_tariff(990'000, "gross", {{"name", "Abonament"}}));
    const std::string own = create_tariff(energy_tariff(1'590'000, "gross", {{"name", "ST-2"}}));
    assign(fast, "category", "fast");
    assign(members, "default", std::nullopt, "subscriber");
    assign(own, "station", "ST-2", "fleet");
    const auto price_at = [&](const std::string& station, const std::string& kind) {
        const json p =
            body_of(anonymous("GET", "/api/v1/stations/" + station + "/prices?kind=" + kind));
        return std::pair{p["assigned_by"].get<std::string>(),
                         p["prices"]["per_kwh"]["gross_grosz"].get<std::int64_t>()};
    };
    EXPECT_EQ(price_at("ST-1", "ad_hoc"), (std::pair{std::string("category"), std::int64_t{249}}));
    EXPECT_EQ(price_at("ST-1", "subscriber"),
              (std::pair{std::string("category"), std::int64_t{249}}));
    EXPECT_EQ(price_at("ST-2", "subscriber"),
              (std::pair{std::string("default"), std::int64_t{99}}));
    EXPECT_EQ(price_at("ST-2", "fleet"), (std::pair{std::string("station"), std::int64_t{159}}));
    EXPECT_EQ(price_at("ST-2", "ad_hoc"), (std::pair{std::string("default"), std::int64_t{119}}));
}

TEST_P(PriceRoutesTest, TheNextVersionIsShownWithItsOwnFigures) {
    json next = energy_tariff(1'290'000, "gross", {{"valid_from", "2026-12-01T00:00:00.000Z"}});
    next.erase("name");
    ASSERT_EQ(call("POST", "/api/v1/tariffs/" + city + "/versions", next).status, 201);
    const json p = body_of(anonymous("GET", "/api/v1/stations/ST-2/prices"));
    EXPECT_EQ(p["version"], 1);
    ASSERT_TRUE(p["next_version"].is_object());
    EXPECT_EQ(p["next_version"]["version"], 2);
    EXPECT_EQ(p["next_version"]["valid_from"], "2026-12-01T00:00:00.000Z");
    EXPECT_EQ(p["next_version"]["prices"]["per_kwh"]["gross_grosz"], 129);
}

TEST_P(PriceRoutesTest, UnknownStationsKindsAndUnpricedStations) {
    auto unknown = anonymous("GET", "/api/v1/stations/ST-9/prices");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(body_of(unknown)["error"]["code"], "not_found");
    auto kind = anonymous("GET", "/api/v1/stations/ST-2/prices?kind=vip");
    EXPECT_EQ(kind.status, 400);
    EXPECT_EQ(body_of(kind)["error"]["field"], "kind");
    // Only a fleet default left: an ad-hoc driver has no price here.
    const std::string fleet = create_tariff(energy_tariff(1'000'000));
    auto list = body_of(call("GET", "/api/v1/tariff-assignments?tariff_id=" + city));
    ASSERT_EQ(
        call("DELETE", "/api/v1/tariff-assignments/" + list["items"][0]["id"].get<std::string>())
            .status,
        204);
    assign(fleet, "default", std::nullopt, "fleet");
    auto unpriced = anonymous("GET", "/api/v1/stations/ST-2/prices");
    EXPECT_EQ(unpriced.status, 404);
    EXPECT_EQ(body_of(unpriced)["error"]["code"], "no_tariff");
    EXPECT_EQ(anonymous("GET", "/api/v1/stations/ST-2/prices?kind=fleet").status, 200);
}

ISKRA_STORAGE_BACKENDS(PriceRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
