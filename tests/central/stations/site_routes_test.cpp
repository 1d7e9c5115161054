// Sites, gateways and categories through the dispatcher: CRUD, filters and paging, bad input.
#include "stations_test_support.hpp"

namespace iskra::central::stations {
namespace {

using nlohmann::json;
using testing::body_of;

class SiteRoutesTest : public testing::StationsTest {};

TEST_P(SiteRoutesTest, CreateReadUpdateDelete) {
    auto created =
        call("POST", "/api/v1/sites",
             json{{"name", "Gdańsk Oliwa"},
                  {"address", "ul. Grunwaldzka 1"},
                  {"city", "Gdańsk"},
                  {"postal_code", "80-001"},
                  {"country", "PL"},
                  {"latitude_e7", 543970000},
                  {"longitude_e7", 185720000},
                  {"points_of_interest",
                   json::array({{{"kind", "cafe"}, {"name", "Kawa"}, {"distance_m", 50}}})}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto site = body_of(created);
    EXPECT_EQ(site["timezone"], "Europe/Warsaw");
    EXPECT_EQ(site["points_of_interest"][0]["name"], "Kawa");
    const std::string path = "/api/v1/sites/" + site["id"].get<std::string>();
    EXPECT_EQ(body_of(call("GET", path)), site);

    auto updated = call("PATCH", path, json{{"city", nullptr}, {"timezone", "Europe/Berlin"}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(body_of(updated)["city"], nullptr);
    EXPECT_EQ(body_of(updated)["timezone"], "Europe/Berlin");
    EXPECT_EQ(body_of(updated)["name"], "Gdańsk Oliwa");

    EXPECT_EQ(call("DELETE", path).status, 204);
    EXPECT_EQ(call("GET", path).status, 404);
    EXPECT_EQ(call("DELETE", path).status, 404);
}

TEST_P(SiteRoutesTest, ListFiltersAndPages) {
    for (auto [name, city] : {std::pair{"Alpha", "Kraków"},
                              {"Beta", "Gdańsk"},
                              {"Gamma", "Gdańsk"},
                              {"Delta 100%", "Poznań"}}) {
        ASSERT_EQ(call("POST", "/api/v1/sites", json{{"name", name}, {"city", city}}).status, 201);
    }
    auto all = body_of(call("GET", "/api/v1/sites?limit=2&offset=1"));
    EXPECT_EQ(all["total"], 4);
    ASSERT_EQ(all["items"].size(), 2u);
    EXPECT_EQ(all["items"][0]["name"], "Beta");  // by name: Alpha, Beta, Delta, Gamma
    auto gdansk = body_of(call("GET", "/api/v1/sites?city=Gda%C5%84sk"));
    EXPECT_EQ(gdansk["total"], 2);
    auto search = body_of(call("GET", "/api/v1/sites?q=ALP"));
    ASSERT_EQ(search["total"], 1);
    EXPECT_EQ(search["items"][0]["name"], "Alpha");
    // % is a character to find, not a wildcard.
    EXPECT_EQ(body_of(call("GET", "/api/v1/sites?q=100%25"))["total"], 1);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sites?q=%25"))["total"], 1);
    EXPECT_EQ(call("GET", "/api/v1/sites?limit=0").status, 400);
    EXPECT_EQ(call("GET", "/api/v1/sites?offset=-1").status, 400);
}

TEST_P(SiteRoutesTest, BadBodiesAre4xxAndChangeNothing) {
    const std::vector<std::pair<json, std::string>> cases = {
        {json::object(), "name"},
        {{{"name", 5}}, "name"},
        {{{"name", ""}}, "name"},
        {{{"name", std::string(10000, 'x')}}, "name"},
        {{{"name", "A"}, {"country", "Poland"}}, "country"},
        {{{"name", "A"}, {"latitude_e7", 900000001}}, "latitude_e7"},
        {{{"name", "A"}, {"latitude_e7", "54.1"}}, "latitude_e7"},
        {{{"name", "A"}, {"timezone", "../etc"}}, "timezone"},
        {{{"name", "A"}, {"points_of_interest", "cafe"}}, "points_of_interest"},
        {{{"name", "A"}, {"points_of_interest", json::array({{{"kind", "cafe"}}})}},
         "points_of_interest/0/name"},
        {{{"name", "A"}, {"colour", "red"}}, "colour"},
    };
    for (const auto& [body, field] : cases) {
        auto response = call("POST", "/api/v1/sites", body);
        EXPECT_EQ(response.status, 400) << body.dump();
        EXPECT_EQ(body_of(response)["error"]["field"], field) << body.dump();
    }
    EXPECT_EQ(call_raw("POST", "/api/v1/sites", "{not json", "application/json").status, 400);
    EXPECT_EQ(call_raw("POST", "/api/v1/sites", "[1]", "application/json").status, 400);
    EXPECT_EQ(call_raw("POST", "/api/v1/sites", "name=A", "text/plain").status, 415);
    EXPECT_EQ(count_rows("sites"), 0);

    auto site = create_site();
    EXPECT_EQ(call("PATCH", "/api/v1/sites/" + site, json{{"name", nullptr}}).status, 400);
    EXPECT_EQ(call("PATCH", "/api/v1/sites/nope", json{{"name", "B"}}).status, 404);
    EXPECT_EQ(call("PATCH", "/api/v1/sites/" + std::string(500, 'x'), json::object()).status, 404);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sites/" + site))["name"], "Depot");
}

TEST_P(SiteRoutesTest, ASiteWithStationsOrGatewaysCannotBeDeleted) {
    auto site = create_site();
    add_gateway(site, 1000);
    auto response = call("DELETE", "/api/v1/sites/" + site);
    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(body_of(response)["error"]["code"], "site_in_use");
    EXPECT_EQ(count_rows("sites"), 1);
}

TEST_P(SiteRoutesTest, GatewaysAreListedPerSiteAndDisabledByStaff) {
    auto site = create_site();
    auto old_gateway = add_gateway(site, 1000);
    auto newest = add_gateway(site, 2000);
    add_gateway(create_site("Other"), 3000);
    auto list = body_of(call("GET", "/api/v1/sites/" + site + "/gateways"));
    ASSERT_EQ(list["total"], 2);
    EXPECT_EQ(list["items"][0]["id"], newest);
    EXPECT_EQ(list["items"][1]["id"], old_gateway);
    EXPECT_FALSE(list["items"][0].contains("secret_hash"));

    auto patched =
        call("PATCH", "/api/v1/gateways/" + newest, json{{"enabled", false}, {"name", "Box 2"}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(body_of(patched)["enabled"], false);
    EXPECT_EQ(body_of(patched)["name"], "Box 2");
    EXPECT_EQ(body_of(call("GET", "/api/v1/gateways/" + newest))["enabled"], false);

    EXPECT_EQ(call("PATCH", "/api/v1/gateways/" + newest, json{{"enabled", "no"}}).status, 400);
    EXPECT_EQ(call("PATCH", "/api/v1/gateways/" + newest, json{{"site_id", site}}).status, 400);
    EXPECT_EQ(call("PATCH", "/api/v1/gateways/nope", json{{"enabled", true}}).status, 404);
    EXPECT_EQ(call("GET", "/api/v1/sites/nope/gateways").status, 404);
    EXPECT_EQ(body_of(call("GET", "/api/v1/gateways/" + newest))["enabled"], false);
}

TEST_P(SiteRoutesTest, Categories) {
    auto created =
        call("POST", "/api/v1/station-categories", json{{"id", "fast-dc"}, {"name", "Fast DC"}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(
        call("POST", "/api/v1/station-categories", json{{"id", "fast-dc"}, {"name", "X"}}).status,
        409);
    EXPECT_EQ(
        call("POST", "/api/v1/station-categories", json{{"id", "Fast DC"}, {"name", "X"}}).status,
        400);
    EXPECT_EQ(
        call("PATCH", "/api/v1/station-categories/fast-dc", json{{"description", "50 kW and up"}})
            .status,
        200);
    auto list = body_of(call("GET", "/api/v1/station-categories"));
    ASSERT_EQ(list["total"], 1);
    EXPECT_EQ(list["items"][0]["description"], "50 kW and up");

    auto site = create_site();
    ASSERT_EQ(call("POST", "/api/v1/stations",
                   json{{"id", "ST-1"}, {"site_id", site}, {"category", "fast-dc"}})
                  .status,
              201);
    EXPECT_EQ(call("DELETE", "/api/v1/station-categories/fast-dc").status, 409);
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-1", json{{"category", nullptr}}).status, 200);
    EXPECT_EQ(call("DELETE", "/api/v1/station-categories/fast-dc").status, 204);
    EXPECT_EQ(call("DELETE", "/api/v1/station-categories/fast-dc").status, 404);
}

TEST_P(SiteRoutesTest, RolesWithoutThePermissionAreRefused) {
    auto site = create_site();
    sign_in_as(http::Role::Driver);
    EXPECT_EQ(call("GET", "/api/v1/sites").status, 403);
    EXPECT_EQ(call("POST", "/api/v1/sites", json{{"name", "X"}}).status, 403);
    sign_in_as(http::Role::Technician);
    if (http::role_has(http::Role::Technician, http::Permission::StationsView)) {
        EXPECT_EQ(call("GET", "/api/v1/sites").status, 200);
    }
    if (!http::role_has(http::Role::Technician, http::Permission::StationsManage)) {
        EXPECT_EQ(call("DELETE", "/api/v1/sites/" + site).status, 403);
    }
    EXPECT_EQ(count_rows("sites"), 1);
}

ISKRA_STATIONS_BACKENDS(SiteRoutesTest);

}  // namespace
}  // namespace iskra::central::stations
