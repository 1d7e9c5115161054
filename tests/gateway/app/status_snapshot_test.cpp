// The status API's shape, and the text `iskra-gateway status` prints from it.
#include <gtest/gtest.h>

#include "status_command.hpp"
#include "status_snapshot.hpp"

namespace iskra::gateway {
namespace {

session::Timestamp at(const char* text) {
    return session::parse_timestamp(text).value();
}

TEST(StatusSnapshot, StationsConnectorsSessionsAndBacklog) {
    SiteStatus status;
    StationOverview station;
    station.station_id = "CP-1";
    station.protocol = "ocpp1.6";
    station.allow_state = StationAllowState::Allowed;
    station.connectors.push_back(
        {1, 1, "Charging", std::nullopt, std::nullopt, at("2026-11-28T12:00:00Z")});
    status.stations.push_back(station);
    SessionView session;
    session.session_uuid = "5f0b9d9e-7c1c-4c1e-9a55-3f0d0d7a1c11";
    session.station_id = "CP-1";
    session.connector_id = 1;
    session.transaction_id_v16 = 41;
    session.token_id = "04A2B3C4";
    session.meter_start_wh = 1000;
    session.last_meter_wh = 7500;
    session.started_at = at("2026-11-28T11:00:00Z");
    session.open = true;
    status.open_sessions.push_back(session);
    status.outbox.pending = 17;

    const auto json = site_status_json(status);
    EXPECT_EQ(json["outbox_backlog"], 17);
    EXPECT_EQ(json["connectors"][0]["status"], "Charging");
    EXPECT_EQ(json["connectors"][0]["station_id"], "CP-1");
    EXPECT_EQ(json["connectors"][0]["updated_at"], "2026-11-28T12:00:00.000Z");
    EXPECT_EQ(json["open_sessions"][0]["transaction_id"], 41);
    EXPECT_EQ(json["open_sessions"][0]["meter_start_wh"], 1000);
    EXPECT_EQ(json["open_sessions"][0]["last_meter_wh"], 7500);
    EXPECT_EQ(json["stations"][0]["allow_state"], "allowed");

    nlohmann::json whole = json;
    whole["uplink"] = "standalone";
    whole["connected"] = connections_json(
        {ConnectionSummary{"CP-1", ocpp::Version::v16, "10.0.0.7", std::chrono::seconds(300),
                           std::chrono::seconds(4), "MeterValues", rpc::EndpointStats{}}});
    const std::string text = format_status_text(whole.dump());
    EXPECT_NE(text.find("outbox backlog: 17"), std::string::npos) << text;
    EXPECT_NE(text.find("CP-1  ocpp1.6  from 10.0.0.7  idle 4s  last MeterValues"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("CP-1/1  Charging"), std::string::npos) << text;
    EXPECT_NE(text.find("token 04A2B3C4"), std::string::npos) << text;
}

TEST(StatusCommand, GarbageFromTheServerIsSaidPlainly) {
    EXPECT_EQ(format_status_text("<html>"), "the gateway sent no readable status\n");
}

}  // namespace
}  // namespace iskra::gateway
