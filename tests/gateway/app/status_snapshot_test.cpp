// The status API's shape, and the text `iskra-gateway status` prints from it.
#include <gtest/gtest.h>

#include "iskra/tariff/ocpi_json.hpp"
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

    const auto json = site_status_json(status, at("2026-11-28T12:00:00Z"));
    EXPECT_TRUE(json["open_sessions"][0]["cost_so_far_grosz"].is_null());  // no tariff known
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

TEST(StatusSnapshot, CostSoFarFromTheStoredTariffFeed) {
    tariff::TariffElement element;
    element.components.push_back({tariff::ComponentType::kEnergy,
                                  tariff::UnitPrice::from_grosz(200), tariff::VatRate::k23, 1});
    tariff::Tariff energy;
    energy.elements.push_back(element);
    const nlohmann::json feed = {
        {"tariffs",
         {{{"id", "std"},
           {"currency", "PLN"},
           {"current",
            {{"version", 1},
             {"valid_from", "2026-11-01T00:00:00.000Z"},
             {"tariff", tariff::tariff_to_json(energy)}}},
           {"next", nullptr}}}},
        {"stations",
         {{{"station_id", "CP-1"}, {"ad_hoc", "std"}, {"subscriber", nullptr}, {"fleet", nullptr}},
          {{"station_id", "CP-2"},
           {"ad_hoc", nullptr},
           {"subscriber", nullptr},
           {"fleet", nullptr}}}}};
    SiteStatus status;
    status.tariff_feed = feed.dump();
    for (const char* station : {"CP-1", "CP-2"}) {
        SessionView session;
        session.session_uuid = std::string("s-") + station;
        session.station_id = station;
        session.meter_start_wh = 1000;
        session.last_meter_wh = 7500;
        session.last_meter_at = at("2026-11-28T11:30:00Z");
        session.started_at = at("2026-11-28T11:00:00Z");
        session.open = true;
        status.open_sessions.push_back(session);
    }
    const auto json = site_status_json(status, at("2026-11-28T12:00:00Z"));
    // CP-1, ad hoc at 2.00 zł/kWh gross: 7,500 − 1,000 = 6,500 Wh × 2.00 = 13.00 zł = 1300 gr.
    EXPECT_EQ(json["open_sessions"][0]["cost_so_far_grosz"], 1300);
    // CP-2 has no ad hoc tariff.
    EXPECT_TRUE(json["open_sessions"][1]["cost_so_far_grosz"].is_null());
}

TEST(StatusCommand, GarbageFromTheServerIsSaidPlainly) {
    EXPECT_EQ(format_status_text("<html>"), "the gateway sent no readable status\n");
}

}  // namespace
}  // namespace iskra::gateway
