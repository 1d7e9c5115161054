// record_* and touch_station as central/sync calls them: inside its transaction, with events
// that may repeat or arrive late.
#include <stdexcept>

#include "iskra/central/stations/station_events.hpp"
#include "stations_test_support.hpp"

namespace iskra::central::stations {
namespace {

using testing::body_of;

class StationEventsTest : public testing::StationsTest {
protected:
    void SetUp() override {
        StationsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = add_gateway(site, 1000);
    }

    session::StationBooted boot(std::string firmware = "1.0") {
        session::StationBooted event;
        event.station_id = "ST-1";
        event.protocol = ocpp::Version::v201;
        event.vendor = "Ekoenergetyka";
        event.model = "Axon";
        event.serial_number = "SN-9";
        event.firmware_version = std::move(firmware);
        return event;
    }

    session::ConnectorStatusChanged status(std::int64_t evse, session::ConnectorStatus value,
                                           std::int64_t at_ms) {
        session::ConnectorStatusChanged event;
        event.station_id = "ST-1";
        event.connector = {evse, evse == 0 ? 0 : 1};
        event.status = value;
        event.timestamp = session::Timestamp(std::chrono::milliseconds(at_ms));
        return event;
    }

    template <typename F>
    void in_transaction(F&& fn) {
        db().transaction([&](Poco::Data::Session& session) { fn(session); });
    }

    nlohmann::json station() { return body_of(call("GET", "/api/v1/stations/ST-1")); }

    std::string site;
    std::string gateway;
};

TEST_P(StationEventsTest, BootOfAnUnknownStationCreatesItPendingOnTheGatewaysSite) {
    in_transaction([&](auto& s) { record_station_booted(s, gateway, boot(), 5000); });
    auto st = station();
    EXPECT_EQ(st["site_id"], site);
    EXPECT_EQ(st["gateway_id"], gateway);
    EXPECT_EQ(st["allowed"], false);
    EXPECT_EQ(st["protocol"], "ocpp2.0.1");
    EXPECT_EQ(st["vendor"], "Ekoenergetyka");
    EXPECT_EQ(st["firmware_version"], "1.0");
    EXPECT_EQ(st["last_boot_at"], "1970-01-01T00:00:05.000Z");
    EXPECT_EQ(st["availability"], "Operative");
    // Not on the allow-list, so the list did not change.
    auto session = db().session();
    EXPECT_EQ(stations_version(session), 0);
}

TEST_P(StationEventsTest, RepeatedAndOlderBootsChangeNothing) {
    in_transaction([&](auto& s) { record_station_booted(s, gateway, boot("2.0"), 9000); });
    const auto before = station();
    in_transaction([&](auto& s) { record_station_booted(s, gateway, boot("2.0"), 9000); });
    in_transaction([&](auto& s) { record_station_booted(s, gateway, boot("1.0"), 4000); });
    EXPECT_EQ(station(), before);
    EXPECT_EQ(count_rows("stations"), 1);
}

TEST_P(StationEventsTest, BootOfAPreRegisteredStationKeepsWhatStaffSet) {
    create_station("ST-1", site, std::nullopt);
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-1", nlohmann::json{{"name", "North"}}).status,
              200);
    in_transaction([&](auto& s) { record_station_booted(s, gateway, boot(), 5000); });
    auto st = station();
    EXPECT_EQ(st["allowed"], true);
    EXPECT_EQ(st["name"], "North");
    EXPECT_EQ(st["protocol"], "ocpp2.0.1");
}

TEST_P(StationEventsTest, ConnectorStatusIsLiveAndInTheHistoryOnce) {
    in_transaction([&](auto& s) {
        record_connector_status(s, gateway, status(1, session::ConnectorStatus::Available, 1000),
                                1500);
        record_connector_status(s, gateway, status(1, session::ConnectorStatus::Charging, 2000),
                                2500);
    });
    // A repeat, and an older event that arrives late: history only.
    in_transaction([&](auto& s) {
        record_connector_status(s, gateway, status(1, session::ConnectorStatus::Charging, 2000),
                                2500);
        record_connector_status(s, gateway, status(1, session::ConnectorStatus::Faulted, 1500),
                                3000);
    });
    auto st = station();
    ASSERT_EQ(st["connectors"].size(), 1u);
    EXPECT_EQ(st["connectors"][0]["status"], "Charging");
    EXPECT_EQ(st["connectors"][0]["status_at"], "1970-01-01T00:00:02.000Z");
    EXPECT_EQ(st["last_seen_at"], "1970-01-01T00:00:03.000Z");
    auto history = body_of(call("GET", "/api/v1/stations/ST-1/status-history"));
    EXPECT_EQ(history["total"], 3);
    EXPECT_EQ(history["items"][0]["status"], "Charging");
    EXPECT_EQ(history["items"][1]["status"], "Faulted");
}

TEST_P(StationEventsTest, EvseZeroIsTheStationsOwnStatus) {
    auto event = status(0, session::ConnectorStatus::Unavailable, 1000);
    event.error_code = "PowerMeterFailure";
    in_transaction([&](auto& s) { record_connector_status(s, gateway, event, 1000); });
    auto st = station();
    EXPECT_EQ(st["status"], "Unavailable");
    EXPECT_EQ(st["error_code"], "PowerMeterFailure");
    EXPECT_TRUE(st["connectors"].empty());
}

TEST_P(StationEventsTest, StatusWithoutTimestampUsesTheEventTime) {
    auto event = status(2, session::ConnectorStatus::Preparing, 0);
    event.timestamp.reset();
    in_transaction([&](auto& s) { record_connector_status(s, gateway, event, 7000); });
    EXPECT_EQ(station()["connectors"][0]["status_at"], "1970-01-01T00:00:07.000Z");
}

TEST_P(StationEventsTest, CommandCompletionIsAppliedOnce) {
    create_station("ST-1", site);
    auto queued = queue->enqueue("ST-1", "Reset", {{"type", "Soft"}}, std::nullopt);
    CompletionResult first{}, again{}, other_gateway{}, bad{};
    in_transaction([&](auto& s) {
        first = record_command_completed(s, gateway, queued.id, "Accepted",
                                         R"({"status":"Accepted"})", 8000);
        again = record_command_completed(s, gateway, queued.id, "Rejected", "{}", 9000);
        other_gateway = record_command_completed(s, "another", queued.id, "Accepted", "", 9000);
        bad = record_command_completed(s, gateway, queued.id, "answered", "", 9000);
    });
    EXPECT_EQ(first, CompletionResult::Applied);
    EXPECT_EQ(again, CompletionResult::AlreadyCompleted);
    EXPECT_EQ(other_gateway, CompletionResult::UnknownCommand);
    EXPECT_EQ(bad, CompletionResult::InvalidStatus);
    auto command = body_of(call("GET", "/api/v1/commands/" + queued.id));
    EXPECT_EQ(command["status"], "Accepted");
    EXPECT_EQ(command["result"]["status"], "Accepted");
    EXPECT_EQ(command["completed_at"], "1970-01-01T00:00:08.000Z");
}

TEST_P(StationEventsTest, TouchMovesLastSeenForwardOnly) {
    create_station("ST-1", site);
    bool known = false, unknown = true;
    in_transaction([&](auto& s) {
        known = touch_station(s, "ST-1", 5000);
        touch_station(s, "ST-1", 3000);
        unknown = touch_station(s, "ST-404", 5000);
    });
    EXPECT_TRUE(known);
    EXPECT_FALSE(unknown);
    EXPECT_EQ(station()["last_seen_at"], "1970-01-01T00:00:05.000Z");
}

TEST_P(StationEventsTest, AnUnknownGatewayIsAProgrammingError) {
    EXPECT_THROW(in_transaction([&](auto& s) { record_station_booted(s, "nope", boot(), 1); }),
                 std::invalid_argument);
    EXPECT_EQ(count_rows("stations"), 0);
}

ISKRA_STATIONS_BACKENDS(StationEventsTest);

}  // namespace
}  // namespace iskra::central::stations
