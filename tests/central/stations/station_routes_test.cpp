// Stations and connectors through the dispatcher: pre-registration with a hashed password,
// filters and paging, detail with connectors, status history, bad input.
#include "iskra/central/stations/allow_list.hpp"
#include "iskra/central/stations/station_events.hpp"
#include "iskra/crypto/password_hash.hpp"
#include "stations_test_support.hpp"

namespace iskra::central::stations {
namespace {

using nlohmann::json;
using testing::body_of;

class StationRoutesTest : public testing::StationsTest {
protected:
    void SetUp() override {
        StationsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
    }

    std::string stored_hash(const std::string& id) {
        auto session = db().session();
        std::string station = id;
        Poco::Nullable<std::string> hash;
        storage::sql(session, "SELECT password_hash FROM stations WHERE id = ?"),
            Poco::Data::Keywords::use(station), Poco::Data::Keywords::into(hash),
            Poco::Data::Keywords::now;
        return hash.isNull() ? "" : hash.value();
    }

    void report(const std::string& station, std::int64_t evse, session::ConnectorStatus status,
                std::int64_t at_ms, const std::string& gateway) {
        session::ConnectorStatusChanged event;
        event.station_id = station;
        event.connector = {evse, 1};
        event.status = status;
        event.timestamp = session::Timestamp(std::chrono::milliseconds(at_ms));
        db().transaction(
            [&](Poco::Data::Session& s) { record_connector_status(s, gateway, event, at_ms); });
    }

    std::string site;
};

TEST_P(StationRoutesTest, PreRegisteringPutsItOnTheAllowListWithAHashedPassword) {
    auto response = call("POST", "/api/v1/stations",
                         json{{"id", "ST-1"},
                              {"site_id", site},
                              {"name", "North"},
                              {"password", "correct-horse-battery"},
                              {"security_profile", 2}});
    ASSERT_EQ(response.status, 201) << response.body;
    auto station = body_of(response);
    EXPECT_EQ(station["allowed"], true);
    EXPECT_EQ(station["has_password"], true);
    EXPECT_FALSE(station.contains("password_hash"));
    EXPECT_EQ(station["online"], false);
    EXPECT_TRUE(station["connectors"].empty());
    const auto hash = stored_hash("ST-1");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(crypto::verify_password(hash, "correct-horse-battery"));
    auto session = db().session();
    EXPECT_EQ(stations_version(session), 1);

    EXPECT_EQ(call("POST", "/api/v1/stations", json{{"id", "ST-1"}, {"site_id", site}}).status,
              409);
    EXPECT_EQ(count_rows("stations"), 1);
    EXPECT_EQ(stations_version(session), 1);
}

TEST_P(StationRoutesTest, UpdateAndDelete) {
    create_station("ST-1", site);
    auto patched = call("PATCH", "/api/v1/stations/ST-1",
                        json{{"name", "South"}, {"protocol", "ocpp2.0.1"}, {"allowed", false}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(body_of(patched)["name"], "South");
    EXPECT_EQ(body_of(patched)["allowed"], false);
    auto session = db().session();
    EXPECT_EQ(stations_version(session), 2);
    // A change of nothing on the allow-list does not bump its version.
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-1", json{{"name", "East"}}).status, 200);
    EXPECT_EQ(stations_version(session), 2);
    EXPECT_EQ(call("DELETE", "/api/v1/stations/ST-1").status, 204);
    EXPECT_EQ(call("GET", "/api/v1/stations/ST-1").status, 404);
    EXPECT_EQ(call("DELETE", "/api/v1/stations/ST-1").status, 404);
}

TEST_P(StationRoutesTest, ListFiltersAndPages) {
    auto other = create_site("Other");
    const auto gateway = add_gateway(site, 1000);
    ASSERT_EQ(call("POST", "/api/v1/station-categories", json{{"id", "dc"}, {"name", "DC"}}).status,
              201);
    create_station("ST-A", site);
    create_station("ST-B", site);
    create_station("ST-C", other);
    ASSERT_EQ(
        call("PATCH", "/api/v1/stations/ST-B", json{{"category", "dc"}, {"name", "Żabka"}}).status,
        200);
    const auto now = storage::now_ms();
    report("ST-A", 1, session::ConnectorStatus::Charging, now, gateway);
    report("ST-B", 1, session::ConnectorStatus::Available, now - 60 * 60 * 1000, gateway);

    auto ids = [&](const std::string& query) {
        auto body = body_of(call("GET", "/api/v1/stations" + query));
        std::vector<std::string> out;
        for (const auto& item : body["items"])
            out.push_back(item["id"]);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(ids(""), (V{"ST-A", "ST-B", "ST-C"}));
    EXPECT_EQ(ids("?site_id=" + site), (V{"ST-A", "ST-B"}));
    EXPECT_EQ(ids("?status=Charging"), (V{"ST-A"}));
    EXPECT_EQ(ids("?category=dc"), (V{"ST-B"}));
    EXPECT_EQ(ids("?q=st-c"), (V{"ST-C"}));
    EXPECT_EQ(ids("?online=true"), (V{"ST-A"}));
    EXPECT_EQ(ids("?online=false"), (V{"ST-B", "ST-C"}));
    EXPECT_EQ(ids("?limit=1&offset=1"), (V{"ST-B"}));
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations?limit=1"))["total"], 3);
    EXPECT_EQ(call("GET", "/api/v1/stations?status=Sleeping").status, 400);
    EXPECT_EQ(call("GET", "/api/v1/stations?online=maybe").status, 400);
    EXPECT_EQ(call("GET", "/api/v1/stations?q=" + std::string(500, 'x')).status, 400);
}

TEST_P(StationRoutesTest, DetailShowsConnectorsWithLiveStatus) {
    create_station("ST-1", site);
    const auto gateway = add_gateway(site, 1000);
    auto created =
        call("POST", "/api/v1/stations/ST-1/connectors",
             json{{"evse_id", 1}, {"connector_id", 1}, {"type", "CCS2"}, {"max_power_w", 150000}});
    ASSERT_EQ(created.status, 201) << created.body;
    report("ST-1", 1, session::ConnectorStatus::Charging, 5000, gateway);
    report("ST-1", 2, session::ConnectorStatus::Available, 5000, gateway);  // not described yet
    auto station = body_of(call("GET", "/api/v1/stations/ST-1"));
    ASSERT_EQ(station["connectors"].size(), 2u);
    EXPECT_EQ(station["connectors"][0]["type"], "CCS2");
    EXPECT_EQ(station["connectors"][0]["max_power_w"], 150000);
    EXPECT_EQ(station["connectors"][0]["status"], "Charging");
    EXPECT_EQ(station["connectors"][1]["type"], nullptr);

    auto patched = call("PATCH", "/api/v1/stations/ST-1/connectors/2/1",
                        json{{"type", "Type2"}, {"max_power_w", 22000}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(body_of(patched)["status"], "Available");
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations/ST-1/connectors"))["total"], 2);
    EXPECT_EQ(call("DELETE", "/api/v1/stations/ST-1/connectors/2/1").status, 204);
    EXPECT_EQ(call("DELETE", "/api/v1/stations/ST-1/connectors/2/1").status, 404);
    EXPECT_EQ(call("PATCH", "/api/v1/stations/ST-1/connectors/x/1", json::object()).status, 404);
}

TEST_P(StationRoutesTest, ConnectorBadInputIs4xxAndChangesNothing) {
    create_station("ST-1", site);
    const std::vector<std::pair<json, std::string>> cases = {
        {json::object(), "evse_id"},
        {{{"evse_id", 1}}, "connector_id"},
        {{{"evse_id", 0}, {"connector_id", 1}}, "evse_id"},
        {{{"evse_id", 1}, {"connector_id", "1"}}, "connector_id"},
        {{{"evse_id", 1}, {"connector_id", 1}, {"type", "Type9"}}, "type"},
        {{{"evse_id", 1}, {"connector_id", 1}, {"max_power_w", 0}}, "max_power_w"},
        {{{"evse_id", 1}, {"connector_id", 1}, {"max_power_w", 1.5}}, "max_power_w"},
        {{{"evse_id", 1}, {"connector_id", 1}, {"voltage", 400}}, "voltage"},
    };
    for (const auto& [body, field] : cases) {
        auto response = call("POST", "/api/v1/stations/ST-1/connectors", body);
        EXPECT_EQ(response.status, 400) << body.dump();
        EXPECT_EQ(body_of(response)["error"]["field"], field) << body.dump();
    }
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-404/connectors",
                   json{{"evse_id", 1}, {"connector_id", 1}})
                  .status,
              404);
    EXPECT_EQ(count_rows("connectors"), 0);
    ASSERT_EQ(
        call("POST", "/api/v1/stations/ST-1/connectors", json{{"evse_id", 1}, {"connector_id", 1}})
            .status,
        201);
    EXPECT_EQ(
        call("POST", "/api/v1/stations/ST-1/connectors", json{{"evse_id", 1}, {"connector_id", 1}})
            .status,
        409);
}

TEST_P(StationRoutesTest, StationBadInputIs4xxAndChangesNothing) {
    const std::vector<std::tuple<json, int, std::string>> cases = {
        {json::object(), 400, "id"},
        {{{"id", "ST 1"}, {"site_id", site}}, 400, "id"},
        {{{"id", "ST/1"}, {"site_id", site}}, 400, "id"},
        {{{"id", std::string(49, 'A')}, {"site_id", site}}, 400, "id"},
        {{{"id", "ST-1"}}, 400, "site_id"},
        {{{"id", "ST-1"}, {"site_id", "no-such-site"}}, 422, "site_id"},
        {{{"id", "ST-1"}, {"site_id", site}, {"category", "nope"}}, 422, "category"},
        {{{"id", "ST-1"}, {"site_id", site}, {"password", "short"}}, 400, "password"},
        {{{"id", "ST-1"}, {"site_id", site}, {"password", 1234567890123456}}, 400, "password"},
        {{{"id", "ST-1"}, {"site_id", site}, {"protocol", "ocpp1.5"}}, 400, "protocol"},
        {{{"id", "ST-1"}, {"site_id", site}, {"security_profile", 4}}, 400, "security_profile"},
        {{{"id", "ST-1"}, {"site_id", site}, {"allowed", "yes"}}, 400, "allowed"},
        {{{"id", "ST-1"}, {"site_id", site}, {"vendor", "ABB"}}, 400, "vendor"},
    };
    for (const auto& [body, status, field] : cases) {
        auto response = call("POST", "/api/v1/stations", body);
        EXPECT_EQ(response.status, status) << body.dump();
        EXPECT_EQ(body_of(response)["error"]["field"], field) << body.dump();
    }
    EXPECT_EQ(
        call_raw("POST", "/api/v1/stations", std::string(100000, '{'), "application/json").status,
        400);
    EXPECT_EQ(count_rows("stations"), 0);
    EXPECT_EQ(count_rows("station_allowlist_changes"), 0);

    create_station("ST-1", site);
    EXPECT_EQ(call("PATCH", "/api/v1/stations/ST-1", json{{"site_id", "nope"}}).status, 422);
    EXPECT_EQ(call("PATCH", "/api/v1/stations/ST-1", json{{"id", "ST-2"}}).status, 400);
    EXPECT_EQ(call("PATCH", "/api/v1/stations/ST-404", json{{"name", "x"}}).status, 404);
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations/ST-1"))["site_id"], site);
}

TEST_P(StationRoutesTest, StatusHistoryPagesAndFiltersByTime) {
    create_station("ST-1", site);
    const auto gateway = add_gateway(site, 1000);
    report("ST-1", 1, session::ConnectorStatus::Available, 1000, gateway);
    report("ST-1", 1, session::ConnectorStatus::Preparing, 2000, gateway);
    report("ST-1", 2, session::ConnectorStatus::Charging, 3000, gateway);
    report("ST-1", 1, session::ConnectorStatus::Charging, 4000, gateway);
    auto all = body_of(call("GET", "/api/v1/stations/ST-1/status-history?limit=2"));
    EXPECT_EQ(all["total"], 4);
    ASSERT_EQ(all["items"].size(), 2u);
    EXPECT_EQ(all["items"][0]["at"], "1970-01-01T00:00:04.000Z");
    auto window = body_of(call("GET",
                               "/api/v1/stations/ST-1/status-history?from=1970-01-01T00:00:02Z"
                               "&to=1970-01-01T00:00:04.000Z&evse_id=1"));
    ASSERT_EQ(window["total"], 1);
    EXPECT_EQ(window["items"][0]["status"], "Preparing");
    EXPECT_EQ(call("GET", "/api/v1/stations/ST-1/status-history?from=yesterday").status, 400);
    EXPECT_EQ(call("GET", "/api/v1/stations/ST-404/status-history").status, 404);
}

ISKRA_STATIONS_BACKENDS(StationRoutesTest);

}  // namespace
}  // namespace iskra::central::stations
