// A 2.0.1 station whose EVSE has several connectors (a DC charger with a CCS and a CHAdeMO
// cable) against a fake CSMS: one vehicle per EVSE, the sibling connectors Unavailable while it
// is there, statuses per connector, evse {id, connectorId} in TransactionEvent, remote start,
// unlock, availability, triggers, reservations by connector type and the device model.
#include <gtest/gtest.h>

#include "fake_csms.hpp"

namespace iskra::sim::testing {
namespace {

ConnectorConfig dc(std::string type, std::int64_t max_power_w) {
    ConnectorConfig c;
    c.spec.supply = model::Supply::DC;
    c.spec.max_power_w = max_power_w;
    c.type = std::move(type);
    return c;
}

// EVSE 1: CCS 150 kW and CHAdeMO 50 kW; EVSE 2: one AC Type 2.
StationConfig dual_config() {
    StationConfig config;
    config.identity.id = "DUAL-1";
    config.version = ocpp::Version::v201;
    config.evses = {EvseConfig{{dc("cCCS2", 150'000), dc("cG105", 50'000)}}, EvseConfig{}};
    return config;
}

// connectorStatus of the last StatusNotification for (evse, connector), "" when none.
std::string last_status(const FakeCsms& csms, std::int64_t evse, std::int64_t connector) {
    std::string out;
    for (const auto& c : csms.calls("StatusNotification")) {
        if (c.payload["evseId"] == evse && c.payload["connectorId"] == connector) {
            out = c.payload["connectorStatus"];
        }
    }
    return out;
}

class MultiConnectorEvse : public ::testing::Test {
protected:
    void SetUp() override { csms.boot(); }
    void TearDown() override { EXPECT_TRUE(csms.violations().empty()) << csms.violations()[0]; }

    Station& station() { return csms.station(); }
    std::vector<SentCall> events() { return csms.calls("TransactionEvent"); }
    Json set_variable(const std::string& component, const std::string& name,
                      const std::string& value) {
        return csms.command("SetVariables",
                            {{"setVariableData", Json::array({{{"component", {{"name", component}}},
                                                               {"variable", {{"name", name}}},
                                                               {"attributeValue", value}}})}});
    }

    FakeCsms csms{dual_config()};
};

TEST_F(MultiConnectorEvse, BootReportsEveryConnectorOfEveryEvse) {
    const auto status = csms.calls("StatusNotification");
    ASSERT_EQ(status.size(), 3u);
    EXPECT_EQ(status[0].payload["evseId"], 1);
    EXPECT_EQ(status[0].payload["connectorId"], 1);
    EXPECT_EQ(status[1].payload["evseId"], 1);
    EXPECT_EQ(status[1].payload["connectorId"], 2);
    EXPECT_EQ(status[2].payload["evseId"], 2);
    EXPECT_EQ(status[2].payload["connectorId"], 1);
    for (const auto& s : status)
        EXPECT_EQ(s.payload["connectorStatus"], "Available");
    EXPECT_EQ(station().connector_count(), 2u);
}

TEST_F(MultiConnectorEvse, OneVehicleAtATimeTheSiblingIsUnavailableUntilItLeaves) {
    ASSERT_TRUE(station().plug_in({1, 2}, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    EXPECT_EQ(last_status(csms, 1, 2), "Occupied");
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
    EXPECT_EQ(last_status(csms, 2, 1), "Available");  // the other EVSE is not concerned

    // The cable in use is the only one a second car could not take; the sibling is blocked.
    const auto busy = station().plug_in({1, 1}, std::nullopt, WhenFull::Stay, csms.now());
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error(), "EVSE 1 already has an EV at connector 2");
    const auto wrong = station().unplug({1, 1}, csms.now());
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error(), "no EV at connector 1 of EVSE 1");
    EXPECT_EQ(station().plug_in({1, 3}, std::nullopt, WhenFull::Stay, csms.now()).error(),
              "EVSE 1 already has an EV at connector 2");

    ASSERT_TRUE(station().tap("CARD", 1, csms.now()));
    csms.pump();
    const auto started = events().at(0).payload;
    EXPECT_EQ(started["eventType"], "Started");
    EXPECT_EQ(started["evse"]["id"], 1);
    EXPECT_EQ(started["evse"]["connectorId"], 2);
    // The CHAdeMO cable's 50 kW, not the CCS one's 150 kW, limits the power.
    csms.run_for(30s);
    const auto view = station().view(csms.now());
    EXPECT_EQ(view.connectors[0].power_w, 50'000);
    EXPECT_EQ(view.connectors[0].outlet_in_use, 2);
    ASSERT_EQ(view.connectors[0].outlets.size(), 2u);
    EXPECT_EQ(view.connectors[0].outlets[1].type, "cG105");
    EXPECT_EQ(view.connectors[0].outlets[0].status, session::ConnectorStatus::Unavailable);

    ASSERT_TRUE(station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_EQ(events().back().payload["eventType"], "Ended");
    EXPECT_EQ(last_status(csms, 1, 2), "Occupied");  // the car is still there
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
    ASSERT_TRUE(station().unplug({1, 2}, csms.now()));
    csms.pump();
    EXPECT_EQ(last_status(csms, 1, 2), "Available");
    EXPECT_EQ(last_status(csms, 1, 1), "Available");

    // The next car takes the CCS cable, and the EVSE's meter counts on from where it was.
    const std::int64_t meter = station().view(csms.now()).connectors[0].meter_wh;
    EXPECT_GT(meter, 0);
    ASSERT_TRUE(station().plug_in({1, 1}, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(station().tap("CARD2", 1, csms.now()));
    csms.run_for(30s);
    EXPECT_EQ(station().view(csms.now()).connectors[0].power_w, 100'000);  // the EV's maximum
    EXPECT_EQ(events().back().payload["evse"]["connectorId"], 1);
    EXPECT_EQ(last_status(csms, 1, 2), "Unavailable");
    EXPECT_GT(station().view(csms.now()).connectors[0].meter_wh, meter);
}

TEST_F(MultiConnectorEvse, RemoteStartByEvsePicksTheConnectorTheCarIsPluggedInto) {
    const Json answer = csms.command("RequestStartTransaction",
                                     {{"idToken", {{"idToken", "APP"}, {"type", "Central"}}},
                                      {"remoteStartId", 3},
                                      {"evseId", 1}});
    EXPECT_EQ(answer["status"], "Accepted");
    // Authorised, no cable yet: the driver may take either, so both stay Available.
    EXPECT_EQ(last_status(csms, 1, 1), "Available");
    EXPECT_EQ(last_status(csms, 1, 2), "Available");
    EXPECT_TRUE(events().empty());
    ASSERT_TRUE(station().plug_in(ConnectorRef(1, 2), std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    const auto started = events().at(0).payload;
    EXPECT_EQ(started["triggerReason"], "RemoteStart");
    EXPECT_EQ(started["evse"]["id"], 1);
    EXPECT_EQ(started["evse"]["connectorId"], 2);
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
    // A car already plugged in: the remote start goes where it is.
    ASSERT_TRUE(station().plug_in(2, std::nullopt, WhenFull::Stay, csms.now()));
    EXPECT_EQ(csms.command("RequestStartTransaction",
                           {{"idToken", {{"idToken", "APP2"}, {"type", "Central"}}},
                            {"remoteStartId", 4}})["status"],
              "Accepted");
    EXPECT_EQ(events().back().payload["evse"]["id"], 2);
    EXPECT_EQ(events().back().payload["evse"]["connectorId"], 1);
}

TEST_F(MultiConnectorEvse, TransactionBegunBeforeThePlugLearnsItsConnectorLater) {
    EXPECT_EQ(set_variable("TxCtrlr", "TxStartPoint",
                           "Authorized")["setVariableResult"][0]["attributeStatus"],
              "Accepted");
    csms.command("RequestStartTransaction", {{"idToken", {{"idToken", "APP"}, {"type", "Central"}}},
                                             {"remoteStartId", 5},
                                             {"evseId", 1}});
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].payload["evse"]["id"], 1);
    EXPECT_FALSE(ev[0].payload["evse"].contains("connectorId"));  // not known yet
    ASSERT_TRUE(station().plug_in({1, 2}, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    ev = events();
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[1].payload["evse"]["connectorId"], 2);
    EXPECT_EQ(ev[1].payload["transactionInfo"]["chargingState"], "Charging");
    csms.run_for(61s);
    EXPECT_FALSE(events().back().payload.contains("evse"));  // said once is enough
}

TEST_F(MultiConnectorEvse, UnlockAddressesEvseAndConnector) {
    ASSERT_TRUE(station().plug_in({1, 2}, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(station().tap("CARD", 1, csms.now()));
    csms.pump();
    auto unlock = [&](int evse, int connector) {
        return csms.command("UnlockConnector",
                            {{"evseId", evse}, {"connectorId", connector}})["status"];
    };
    EXPECT_EQ(unlock(1, 2), "OngoingAuthorizedTransaction");
    EXPECT_EQ(unlock(1, 1), "Unlocked");
    EXPECT_EQ(unlock(1, 3), "UnknownConnector");
    EXPECT_EQ(unlock(2, 2), "UnknownConnector");
    EXPECT_EQ(unlock(2, 1), "Unlocked");
}

TEST_F(MultiConnectorEvse, AvailabilityOfOneConnectorOfAnEvse) {
    auto change = [&](Json evse, const char* status) {
        return csms.command("ChangeAvailability",
                            {{"evse", std::move(evse)}, {"operationalStatus", status}})["status"];
    };
    EXPECT_EQ(change({{"id", 1}, {"connectorId", 3}}, "Inoperative"), "Rejected");
    EXPECT_EQ(change({{"id", 1}, {"connectorId", 1}}, "Inoperative"), "Accepted");
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
    EXPECT_EQ(last_status(csms, 1, 2), "Available");
    // A car that comes to the EVSE without saying where takes the cable that works.
    ASSERT_TRUE(station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(station().tap("CARD", 1, csms.now()));
    csms.pump();
    EXPECT_EQ(events().back().payload["evse"]["connectorId"], 2);
    // The connector in use waits for its transaction; the EVSE's other one is already off.
    EXPECT_EQ(change({{"id", 1}, {"connectorId", 2}}, "Inoperative"), "Scheduled");
    EXPECT_EQ(last_status(csms, 1, 2), "Occupied");
    ASSERT_TRUE(station().tap("CARD", 1, csms.now()));
    ASSERT_TRUE(station().unplug(1, csms.now()));
    csms.pump();
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
    EXPECT_EQ(last_status(csms, 1, 2), "Unavailable");
    // Both cables off: no remote start on this EVSE.
    EXPECT_EQ(csms.command("RequestStartTransaction",
                           {{"idToken", {{"idToken", "APP"}, {"type", "Central"}}},
                            {"remoteStartId", 6},
                            {"evseId", 1}})["status"],
              "Rejected");
    EXPECT_EQ(change({{"id", 1}, {"connectorId", 2}}, "Operative"), "Accepted");
    EXPECT_EQ(last_status(csms, 1, 2), "Available");
    EXPECT_EQ(last_status(csms, 1, 1), "Unavailable");
}

TEST_F(MultiConnectorEvse, TriggeredStatusOfOneConnector) {
    csms.clear_calls();
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "StatusNotification"},
                                              {"evse", {{"id", 1}, {"connectorId", 2}}}})["status"],
              "Accepted");
    auto status = csms.calls("StatusNotification");
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].payload["connectorId"], 2);
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "StatusNotification"},
                                              {"evse", {{"id", 1}, {"connectorId", 3}}}})["status"],
              "Rejected");
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "StatusNotification"},
                                              {"evse", {{"id", 1}}}})["status"],
              "Accepted");
    EXPECT_EQ(csms.calls("StatusNotification").size(), 3u);  // both connectors of EVSE 1
}

TEST_F(MultiConnectorEvse, ReservationByConnectorType) {
    const std::string later = session::format_timestamp(csms.now() + 1h);
    auto reserve = [&](int id, Json extra) {
        Json req = {{"id", id},
                    {"expiryDateTime", later},
                    {"idToken", {{"idToken", "R"}, {"type", "ISO14443"}}}};
        req.update(extra);
        return csms.command("ReserveNow", req)["status"];
    };
    EXPECT_EQ(reserve(1, {{"connectorType", "cType1"}}), "Rejected");  // nothing of the kind
    EXPECT_EQ(reserve(2, {{"connectorType", "cG105"}, {"evseId", 2}}), "Rejected");
    EXPECT_EQ(reserve(3, {{"connectorType", "cG105"}}), "Accepted");
    EXPECT_EQ(last_status(csms, 1, 1), "Reserved");
    EXPECT_EQ(last_status(csms, 1, 2), "Reserved");
    EXPECT_EQ(last_status(csms, 2, 1), "Available");
}

TEST_F(MultiConnectorEvse, DeviceModelHasAConnectorComponentPerConnector) {
    const Json got = csms.command(
        "GetVariables",
        {{"getVariableData",
          Json::array(
              {{{"component", {{"name", "Connector"}, {"evse", {{"id", 1}, {"connectorId", 2}}}}},
                {"variable", {{"name", "ConnectorType"}}}},
               {{"component", {{"name", "Connector"}, {"evse", {{"id", 1}, {"connectorId", 1}}}}},
                {"variable", {{"name", "ConnectorType"}}}},
               {{"component", {{"name", "Connector"}, {"evse", {{"id", 2}, {"connectorId", 1}}}}},
                {"variable", {{"name", "ConnectorType"}}}},
               {{"component", {{"name", "Connector"}, {"evse", {{"id", 1}, {"connectorId", 3}}}}},
                {"variable", {{"name", "ConnectorType"}}}}})}});
    const auto& r = got["getVariableResult"];
    EXPECT_EQ(r[0]["attributeValue"], "cG105");
    EXPECT_EQ(r[1]["attributeValue"], "cCCS2");
    EXPECT_EQ(r[2]["attributeValue"], "cType2");
    EXPECT_EQ(r[3]["attributeStatus"], "UnknownComponent");

    ASSERT_TRUE(station().plug_in({1, 1}, std::nullopt, WhenFull::Stay, csms.now()));
    EXPECT_EQ(csms.command("GetBaseReport",
                           {{"requestId", 7}, {"reportBase", "FullInventory"}})["status"],
              "Accepted");
    // (evse, connector) -> AvailabilityState, from every NotifyReport part.
    std::map<std::pair<int, int>, std::string> availability;
    int evse_components = 0;
    for (const auto& report : csms.calls("NotifyReport")) {
        for (const auto& item : report.payload["reportData"]) {
            const auto& component = item["component"];
            if (component["name"] == "EVSE" && item["variable"]["name"] == "AvailabilityState") {
                ++evse_components;
            }
            if (component["name"] != "Connector" ||
                item["variable"]["name"] != "AvailabilityState") {
                continue;
            }
            availability[{component["evse"]["id"].get<int>(),
                          component["evse"]["connectorId"].get<int>()}] =
                item["variableAttribute"][0]["value"];
        }
    }
    EXPECT_EQ(evse_components, 2);
    ASSERT_EQ(availability.size(), 3u);
    EXPECT_EQ((availability[{1, 1}]), "Occupied");
    EXPECT_EQ((availability[{1, 2}]), "Unavailable");
    EXPECT_EQ((availability[{2, 1}]), "Available");
}

TEST(MultiConnectorLayout, OcppOneSixKeepsConnectorsFlat) {
    StationConfig config = dual_config();
    config.version = ocpp::Version::v16;
    FakeCsms csms(config);
    csms.boot();
    EXPECT_EQ(csms.station().connector_count(), 3u);
    std::vector<int> ids;
    for (const auto& s : csms.calls("StatusNotification"))
        ids.push_back(s.payload["connectorId"].get<int>());
    EXPECT_EQ(ids, (std::vector<int>{0, 1, 2, 3}));
    // Two cars at what would have been one EVSE: 1.6 connectors are independent.
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().plug_in(2, std::nullopt, WhenFull::Stay, csms.now()));
    EXPECT_TRUE(csms.violations().empty());
}

}  // namespace
}  // namespace iskra::sim::testing
