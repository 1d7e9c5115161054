// Assignments through the dispatcher: one tariff per place (station, category or default, per
// customer kind or for all), changed by PATCH, gone with their station; bad input a 4xx.
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;

class AssignmentRoutesTest : public testing::TariffsTest {
protected:
    void SetUp() override {
        TariffsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        add_site("S1");
        add_category("fast");
        add_station("ST-1", "S1", "fast");
        add_station("ST-2", "S1");
        standard = create_tariff(energy_tariff(1'000'000));
        premium = create_tariff(energy_tariff(2'000'000, "gross", {{"name", "Premium"}}));
    }
    std::string standard, premium;
};

TEST_P(AssignmentRoutesTest, EachScopeAndKind) {
    auto station = call("POST", "/api/v1/tariff-assignments",
                        json{{"tariff_id", premium},
                             {"scope", "station"},
                             {"station_id", "ST-1"},
                             {"customer_kind", "ad_hoc"}});
    ASSERT_EQ(station.status, 201) << station.body;
    const json a = body_of(station);
    EXPECT_EQ(a["scope"], "station");
    EXPECT_EQ(a["station_id"], "ST-1");
    EXPECT_EQ(a["category"], nullptr);
    EXPECT_EQ(a["customer_kind"], "ad_hoc");
    EXPECT_EQ(a["tariff_id"], premium);
    assign(standard, "category", "fast");
    assign(standard, "default");
    assign(premium, "default", std::nullopt, "fleet");

    auto all = body_of(call("GET", "/api/v1/tariff-assignments"));
    EXPECT_EQ(all["total"], 4);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariff-assignments?tariff_id=" + premium))["total"], 2);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariff-assignments?station_id=ST-1"))["total"], 1);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariff-assignments?category=fast"))["total"], 1);
    EXPECT_EQ(
        body_of(call("GET", "/api/v1/tariff-assignments?scope=default&limit=1"))["items"].size(),
        1u);
    EXPECT_EQ(call("GET", "/api/v1/tariff-assignments?scope=site").status, 400);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariffs/" + premium))["assignments"].size(), 2u);
}

TEST_P(AssignmentRoutesTest, OnePlaceOneTariffChangedByPatch) {
    const std::string id = assign(standard, "station", "ST-1");
    auto again = call("POST", "/api/v1/tariff-assignments",
                      json{{"tariff_id", premium}, {"scope", "station"}, {"station_id", "ST-1"}});
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(body_of(again)["error"]["code"], "duplicate");
    // Another kind at the same station is another place.
    assign(premium, "station", "ST-1", "subscriber");
    now_ms += 5000;
    auto changed = call("PATCH", "/api/v1/tariff-assignments/" + id, json{{"tariff_id", premium}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(body_of(changed)["tariff_id"], premium);
    EXPECT_EQ(body_of(changed)["updated_at"], "2026-11-10T12:00:05.000Z");
    EXPECT_EQ(call("PATCH", "/api/v1/tariff-assignments/" + id, json{{"tariff_id", "nope"}}).status,
              422);
    EXPECT_EQ(call("PATCH", "/api/v1/tariff-assignments/nope", json{{"tariff_id", premium}}).status,
              404);
    EXPECT_EQ(call("DELETE", "/api/v1/tariff-assignments/" + id).status, 204);
    EXPECT_EQ(call("DELETE", "/api/v1/tariff-assignments/" + id).status, 404);
    EXPECT_EQ(count_rows("tariff_assignments"), 1);
}

TEST_P(AssignmentRoutesTest, AnAssignmentGoesWithItsStationOrCategory) {
    assign(standard, "station", "ST-2");
    assign(standard, "category", "fast");
    db().transaction([](Poco::Data::Session& session) {
        session << "DELETE FROM stations WHERE id = 'ST-2'", Poco::Data::Keywords::now;
        session << "UPDATE stations SET category = NULL", Poco::Data::Keywords::now;
        session << "DELETE FROM station_categories WHERE id = 'fast'", Poco::Data::Keywords::now;
    });
    EXPECT_EQ(count_rows("tariff_assignments"), 0);
}

struct BadAssignment {
    const char* what;
    json body;
    int status;
    const char* field;
};

TEST_P(AssignmentRoutesTest, BadBodiesAre4xxNamingTheFieldAndChangeNothing) {
    const std::vector<BadAssignment> cases = {
        {"no scope", {{"tariff_id", standard}}, 400, "scope"},
        {"odd scope", {{"tariff_id", standard}, {"scope", "site"}}, 400, "scope"},
        {"station without id", {{"tariff_id", standard}, {"scope", "station"}}, 400, "station_id"},
        {"category with station",
         {{"tariff_id", standard},
          {"scope", "category"},
          {"category", "fast"},
          {"station_id", "ST-1"}},
         400,
         "station_id"},
        {"default with category",
         {{"tariff_id", standard}, {"scope", "default"}, {"category", "fast"}},
         400,
         "category"},
        {"odd kind",
         {{"tariff_id", standard}, {"scope", "default"}, {"customer_kind", "vip"}},
         400,
         "customer_kind"},
        {"kind not a string",
         {{"tariff_id", standard}, {"scope", "default"}, {"customer_kind", 1}},
         400,
         "customer_kind"},
        {"no tariff", {{"scope", "default"}}, 400, "tariff_id"},
        {"unknown field",
         {{"tariff_id", standard}, {"scope", "default"}, {"site_id", "S1"}},
         400,
         "site_id"},
        {"unknown tariff", {{"tariff_id", "nope"}, {"scope", "default"}}, 422, "tariff_id"},
        {"unknown station",
         {{"tariff_id", standard}, {"scope", "station"}, {"station_id", "ST-9"}},
         422,
         "station_id"},
        {"unknown category",
         {{"tariff_id", standard}, {"scope", "category"}, {"category", "slow"}},
         422,
         "category"},
    };
    for (const auto& c : cases) {
        auto response = call("POST", "/api/v1/tariff-assignments", c.body);
        EXPECT_EQ(response.status, c.status) << c.what << ": " << response.body;
        EXPECT_EQ(body_of(response)["error"]["field"], c.field) << c.what << ": " << response.body;
    }
    EXPECT_EQ(count_rows("tariff_assignments"), 0);
}

ISKRA_STORAGE_BACKENDS(AssignmentRoutesTest);

}  // namespace
}  // namespace iskra::central::tariffs
