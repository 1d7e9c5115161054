// Remote control through the dispatcher: each route queues the right action and payload for
// the station's version on the right gateway, answers 202 with the command, and refuses bad
// input without queueing anything.
#include "stations_test_support.hpp"

namespace iskra::central::stations {
namespace {

using nlohmann::json;
using testing::body_of;

class ControlRoutesTest : public testing::StationsTest {
protected:
    void SetUp() override {
        StationsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = add_gateway(site, 1000);
        create_station("ST-16", site, "ocpp1.6");
        create_station("ST-201", site, "ocpp2.0.1");
    }

    // POSTs and returns the queued command as the API shows it.
    json queued(const std::string& path, const json& body) {
        auto response = call("POST", path, body);
        EXPECT_EQ(response.status, 202) << path << " " << response.body;
        if (response.status != 202) return json::object();
        auto command = body_of(response)["command"];
        EXPECT_EQ(command["gateway_id"], gateway);
        EXPECT_EQ(command["status"], "Queued");
        EXPECT_EQ(command["requested_by"], testing::kStaffId);
        return command;
    }

    void insert_session(const std::string& uuid, const std::string& station,
                        const std::string& transaction, const std::string& state) {
        db().transaction([&](Poco::Data::Session& session) {
            using Poco::Data::Keywords::bind;
            storage::sql(session,
                         "INSERT INTO sessions (session_uuid, gateway_id, station_id, "
                         "transaction_ref, state, updated_at_ms) VALUES (?, ?, ?, ?, ?, 1)"),
                bind(uuid), bind(gateway), bind(station), bind(transaction), bind(state),
                Poco::Data::Keywords::now;
        });
    }

    std::string site;
    std::string gateway;
};

TEST_P(ControlRoutesTest, RestartSpeaksEachVersion) {
    auto soft16 = queued("/api/v1/stations/ST-16/restart", {{"type", "soft"}});
    EXPECT_EQ(soft16["action"], "Reset");
    EXPECT_EQ(soft16["payload"], (json{{"type", "Soft"}}));
    EXPECT_EQ(soft16["station_id"], "ST-16");
    auto hard201 = queued("/api/v1/stations/ST-201/restart", {{"type", "hard"}});
    EXPECT_EQ(hard201["payload"], (json{{"type", "Immediate"}}));
    EXPECT_EQ(hard201["seq"], 2);
    // What the gateway's long-poll hands out is the same command.
    auto delivered = queue->after(gateway, 1, 10);
    ASSERT_EQ(delivered.size(), 1u);
    EXPECT_EQ(delivered[0].id, hard201["id"]);
}

TEST_P(ControlRoutesTest, AvailabilityIsQueuedAndStoredAsStaffSetIt) {
    auto station = queued("/api/v1/stations/ST-16/availability", {{"operative", false}});
    EXPECT_EQ(station["action"], "ChangeAvailability");
    EXPECT_EQ(station["payload"], (json{{"connectorId", 0}, {"type", "Inoperative"}}));
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations/ST-16"))["availability"], "Inoperative");

    ASSERT_EQ(call("POST", "/api/v1/stations/ST-201/connectors",
                   json{{"evse_id", 2}, {"connector_id", 1}})
                  .status,
              201);
    auto connector = queued("/api/v1/stations/ST-201/availability",
                            {{"evse_id", 2}, {"connector_id", 1}, {"operative", false}});
    EXPECT_EQ(connector["payload"], (json{{"operationalStatus", "Inoperative"},
                                          {"evse", {{"id", 2}, {"connectorId", 1}}}}));
    auto st = body_of(call("GET", "/api/v1/stations/ST-201"));
    EXPECT_EQ(st["availability"], "Operative");
    EXPECT_EQ(st["connectors"][0]["availability"], "Inoperative");
}

TEST_P(ControlRoutesTest, UnlockNamesTheConnectorInEachVersion) {
    EXPECT_EQ(queued("/api/v1/stations/ST-16/unlock", {{"connector_id", 2}})["payload"],
              (json{{"connectorId", 2}}));
    EXPECT_EQ(queued("/api/v1/stations/ST-201/unlock", {{"connector_id", 2}})["payload"],
              (json{{"evseId", 2}, {"connectorId", 1}}));
    EXPECT_EQ(
        queued("/api/v1/stations/ST-201/unlock", {{"evse_id", 3}, {"connector_id", 2}})["payload"],
        (json{{"evseId", 3}, {"connectorId", 2}}));
}

TEST_P(ControlRoutesTest, GenericCommandsAreCheckedAgainstTheSchema) {
    auto command = queued("/api/v1/stations/ST-16/commands/ChangeConfiguration",
                          {{"key", "HeartbeatInterval"}, {"value", "300"}});
    EXPECT_EQ(command["action"], "ChangeConfiguration");
    EXPECT_EQ(command["payload"]["key"], "HeartbeatInterval");
    queued("/api/v1/stations/ST-201/commands/TriggerMessage",
           {{"requestedMessage", "StatusNotification"}});

    auto bad_payload = call("POST", "/api/v1/stations/ST-16/commands/ChangeConfiguration",
                            json{{"key", "HeartbeatInterval"}});
    EXPECT_EQ(bad_payload.status, 400);
    EXPECT_EQ(body_of(bad_payload)["error"]["code"], "invalid_payload");
    auto unknown = call("POST", "/api/v1/stations/ST-16/commands/Launch", json::object());
    EXPECT_EQ(body_of(unknown)["error"]["code"], "unknown_action");
    auto station_side = call("POST", "/api/v1/stations/ST-16/commands/BootNotification",
                             json{{"chargePointVendor", "x"}, {"chargePointModel", "y"}});
    EXPECT_EQ(station_side.status, 400);
    auto sneaky = call("POST", "/api/v1/stations/ST-16/commands/RemoteStartTransaction",
                       json{{"idTag", "X"}});
    EXPECT_EQ(body_of(sneaky)["error"]["code"], "use_dedicated_route");
    auto huge = call("POST", "/api/v1/stations/ST-16/commands/DataTransfer",
                     json{{"vendorId", "x"}, {"data", std::string(70000, 'x')}});
    EXPECT_EQ(huge.status, 413);
    EXPECT_EQ(count_rows("station_commands"), 2);
}

TEST_P(ControlRoutesTest, RemoteStartWithAGivenTokenAUsersTokenOrTheStaffsOwn) {
    auto given = queued("/api/v1/stations/ST-16/remote-start", {{"connector_id", 1},
                                                                {"id_token", "04A2B3C4"},
                                                                {"max_energy_wh", 20000},
                                                                {"max_duration_s", 3600}});
    EXPECT_EQ(given["action"], "RemoteStart");
    EXPECT_EQ(given["payload"], (json{{"connector_id", 1},
                                      {"id_token", "04A2B3C4"},
                                      {"max_energy_wh", 20000},
                                      {"max_duration_s", 3600}}));

    db().transaction([&](Poco::Data::Session& session) {
        storage::sql(session, "INSERT INTO users (id) VALUES ('driver-1')"),
            Poco::Data::Keywords::now;
        storage::sql(session,
                     "INSERT INTO tokens (id_token, token_type, user_id, status, created_at_ms, "
                     "updated_at_ms) VALUES ('BLOCKED1', 'ISO14443', 'driver-1', 'Blocked', 1, 1)"),
            Poco::Data::Keywords::now;
        storage::sql(
            session,
            "INSERT INTO tokens (id_token, token_type, user_id, status, created_at_ms, "
            "updated_at_ms) VALUES ('GOOD0001', 'ISO14443', 'driver-1', 'Accepted', 2, 2)"),
            Poco::Data::Keywords::now;
    });
    auto for_user = queued("/api/v1/stations/ST-201/remote-start",
                           {{"connector_id", 2}, {"user_id", "driver-1"}});
    EXPECT_EQ(for_user["payload"]["id_token"], "GOOD0001");

    auto staff = queued("/api/v1/stations/ST-16/remote-start", {{"connector_id", 1}});
    EXPECT_EQ(staff["payload"]["id_token"], "ADM7F3C2A105B6D");
    queued("/api/v1/stations/ST-16/remote-start", {{"connector_id", 1}});  // token made once
    auto session = db().session();
    Poco::Int64 n = 0;
    session << "SELECT COUNT(*) FROM tokens WHERE token_type = 'Central' AND status = 'Accepted'",
        Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    EXPECT_EQ(n, 1);

    auto no_token = call("POST", "/api/v1/stations/ST-16/remote-start",
                         json{{"connector_id", 1}, {"user_id", "nobody"}});
    EXPECT_EQ(no_token.status, 409);
    EXPECT_EQ(body_of(no_token)["error"]["code"], "no_token");
}

TEST_P(ControlRoutesTest, RemoteStopByTransactionOrSession) {
    auto by_id = queued("/api/v1/stations/ST-16/remote-stop", {{"transaction_id", 17}});
    EXPECT_EQ(by_id["action"], "RemoteStopTransaction");
    EXPECT_EQ(by_id["payload"], (json{{"transactionId", 17}}));
    insert_session("6a1f0c2e-0000-4000-8000-000000000001", "ST-201", "tx-9", "open");
    auto by_session = queued("/api/v1/stations/ST-201/remote-stop",
                             {{"session_uuid", "6a1f0c2e-0000-4000-8000-000000000001"}});
    EXPECT_EQ(by_session["action"], "RequestStopTransaction");
    EXPECT_EQ(by_session["payload"], (json{{"transactionId", "tx-9"}}));

    insert_session("closed-1", "ST-16", "5", "closed");
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-16/remote-stop", json{{"session_uuid", "closed-1"}})
                  .status,
              409);
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-16/remote-stop",
                   json{{"session_uuid", "6a1f0c2e-0000-4000-8000-000000000001"}})
                  .status,
              422);  // another station's session
    EXPECT_EQ(
        call("POST", "/api/v1/stations/ST-16/remote-stop", json{{"transaction_id", "abc"}}).status,
        400);
    EXPECT_EQ(count_rows("station_commands"), 2);
}

TEST_P(ControlRoutesTest, CommandsAreListedPerStationAndReadOneByOne) {
    auto first = queued("/api/v1/stations/ST-16/restart", {{"type", "soft"}});
    auto second = queued("/api/v1/stations/ST-16/unlock", {{"connector_id", 1}});
    queued("/api/v1/stations/ST-201/restart", {{"type", "soft"}});
    auto list = body_of(call("GET", "/api/v1/stations/ST-16/commands?limit=1"));
    EXPECT_EQ(list["total"], 2);
    ASSERT_EQ(list["items"].size(), 1u);
    auto one = body_of(call("GET", "/api/v1/commands/" + first["id"].get<std::string>()));
    EXPECT_EQ(one["action"], "Reset");
    EXPECT_EQ(one["result"], nullptr);
    EXPECT_EQ(call("GET", "/api/v1/commands/nope").status, 404);
    EXPECT_EQ(call("GET", "/api/v1/stations/ST-404/commands").status, 404);
    (void)second;
}

TEST_P(ControlRoutesTest, BadInputQueuesNothing) {
    const std::vector<std::tuple<std::string, json, int>> cases = {
        {"restart", json::object(), 400},
        {"restart", {{"type", "gentle"}}, 400},
        {"restart", {{"type", 1}}, 400},
        {"availability", json::object(), 400},
        {"availability", {{"operative", "yes"}}, 400},
        {"availability", {{"operative", true}, {"evse_id", -1}}, 400},
        {"availability", {{"operative", true}, {"evse_id", 0}, {"connector_id", 1}}, 400},
        {"unlock", json::object(), 400},
        {"unlock", {{"connector_id", 0}}, 400},
        {"remote-start", json::object(), 400},
        {"remote-start", {{"connector_id", 1}, {"user_id", "u"}, {"id_token", "t"}}, 400},
        {"remote-start", {{"connector_id", 1}, {"max_energy_wh", 0}}, 400},
        {"remote-start", {{"connector_id", 1}, {"max_duration_s", 10}}, 400},
        {"remote-start", {{"connector_id", 1}, {"id_token", std::string(37, 'A')}}, 400},
        {"remote-stop", json::object(), 400},
        {"remote-stop", {{"transaction_id", 1}, {"session_uuid", "x"}}, 400},
    };
    for (const auto& [action, body, status] : cases) {
        auto response = call("POST", "/api/v1/stations/ST-16/" + action, body);
        EXPECT_EQ(response.status, status) << action << " " << body.dump();
        EXPECT_TRUE(body_of(response)["error"].contains("code")) << response.body;
    }
    // A body each route would take: an unknown station is then 404, a broken body 400.
    const std::vector<std::pair<std::string, json>> good = {
        {"restart", {{"type", "soft"}}},
        {"availability", {{"operative", true}}},
        {"unlock", {{"connector_id", 1}}},
        {"remote-start", {{"connector_id", 1}, {"id_token", "04A2B3C4"}}},
        {"remote-stop", {{"transaction_id", 1}}},
        {"commands/Reset", {{"type", "Soft"}}},
    };
    for (const auto& [action, body] : good) {
        EXPECT_EQ(call("POST", "/api/v1/stations/ST-404/" + action, body).status, 404) << action;
        EXPECT_EQ(
            call_raw("POST", "/api/v1/stations/ST-16/" + action, "{", "application/json").status,
            400)
            << action;
        EXPECT_EQ(
            call_raw("POST", "/api/v1/stations/ST-16/" + action, body.dump(), "text/plain").status,
            415)
            << action;
    }
    EXPECT_EQ(count_rows("station_commands"), 0);
}

TEST_P(ControlRoutesTest, WithoutAGatewayOrAProtocolNothingIsQueued) {
    auto lonely = create_site("Lonely");
    create_station("ST-X", lonely, "ocpp1.6");
    create_station("ST-NEW", site, std::nullopt);
    auto no_gateway = call("POST", "/api/v1/stations/ST-X/restart", json{{"type", "soft"}});
    EXPECT_EQ(no_gateway.status, 409);
    EXPECT_EQ(body_of(no_gateway)["error"]["code"], "no_gateway");
    auto no_protocol = call("POST", "/api/v1/stations/ST-NEW/restart", json{{"type", "soft"}});
    EXPECT_EQ(no_protocol.status, 409);
    EXPECT_EQ(body_of(no_protocol)["error"]["code"], "protocol_unknown");
    // Availability is stored only together with its command.
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-X/availability", json{{"operative", false}}).status,
              409);
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations/ST-X"))["availability"], "Operative");
    EXPECT_EQ(count_rows("station_commands"), 0);
}

TEST_P(ControlRoutesTest, AMovedStationsCommandsGoToItsNewSitesGateway) {
    db().transaction([&](Poco::Data::Session& session) {
        using Poco::Data::Keywords::bind;
        storage::sql(session, "UPDATE stations SET gateway_id = ? WHERE id = 'ST-16'"),
            bind(gateway), Poco::Data::Keywords::now;
    });
    auto elsewhere = create_site("Elsewhere");
    auto new_gateway = add_gateway(elsewhere, 2000);
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-16", json{{"site_id", elsewhere}}).status, 200);
    EXPECT_EQ(body_of(call("GET", "/api/v1/stations/ST-16"))["gateway_id"], nullptr);
    auto response = call("POST", "/api/v1/stations/ST-16/restart", json{{"type", "soft"}});
    ASSERT_EQ(response.status, 202) << response.body;
    EXPECT_EQ(body_of(response)["command"]["gateway_id"], new_gateway);
}

TEST_P(ControlRoutesTest, ControlNeedsItsPermission) {
    sign_in_as(http::Role::Driver);
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-16/restart", json{{"type", "soft"}}).status, 403);
    EXPECT_EQ(call("POST", "/api/v1/stations/ST-16/remote-start", json{{"connector_id", 1}}).status,
              403);
    EXPECT_EQ(count_rows("station_commands"), 0);
}

ISKRA_STATIONS_BACKENDS(ControlRoutesTest);

}  // namespace
}  // namespace iskra::central::stations
