// A 2.0.1 station against a fake CSMS: boot, TransactionEvents with seqNo and the offline flag,
// remote start/stop, device model, reports, triggers, reset.
#include <gtest/gtest.h>

#include "fake_csms.hpp"

namespace iskra::sim::testing {
namespace {

StationConfig v201_config() {
    StationConfig config;
    config.identity.id = "EVSE-9";
    config.version = ocpp::Version::v201;
    config.evses = uniform_evses(2);
    return config;
}

class V201Station : public ::testing::Test {
protected:
    void SetUp() override { csms.boot(); }
    void TearDown() override { EXPECT_TRUE(csms.violations().empty()) << csms.violations()[0]; }

    void start_session(const std::string& card = "CARD") {
        ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
        ASSERT_TRUE(csms.station().tap(card, std::nullopt, csms.now()));
        csms.pump();
    }
    std::vector<SentCall> events() { return csms.calls("TransactionEvent"); }

    FakeCsms csms{v201_config()};
};

TEST_F(V201Station, BootsWithReasonAndReportsEachEvse) {
    const auto boot = csms.calls("BootNotification");
    ASSERT_EQ(boot.size(), 1u);
    EXPECT_EQ(boot[0].payload["reason"], "PowerUp");
    EXPECT_EQ(boot[0].payload["chargingStation"]["vendorName"], "Iskra");
    const auto status = csms.calls("StatusNotification");
    ASSERT_EQ(status.size(), 2u);
    EXPECT_EQ(status[1].payload["evseId"], 2);
    EXPECT_EQ(status[1].payload["connectorId"], 1);
    EXPECT_EQ(status[1].payload["connectorStatus"], "Available");
}

TEST_F(V201Station, SessionIsStartedUpdatedEndedWithSequenceNumbers) {
    start_session();
    EXPECT_EQ(csms.last("StatusNotification")->payload["connectorStatus"], "Occupied");
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].payload["eventType"], "Started");
    EXPECT_EQ(ev[0].payload["triggerReason"], "Authorized");
    EXPECT_EQ(ev[0].payload["seqNo"], 0);
    EXPECT_EQ(ev[0].payload["idToken"]["idToken"], "CARD");
    EXPECT_EQ(ev[0].payload["evse"]["id"], 1);
    EXPECT_EQ(ev[0].payload["transactionInfo"]["chargingState"], "Charging");
    EXPECT_FALSE(ev[0].payload.contains("offline"));
    const std::string tx = ev[0].payload["transactionInfo"]["transactionId"];

    csms.run_for(120s);
    ev = events();
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[2].payload["triggerReason"], "MeterValuePeriodic");
    EXPECT_EQ(ev[2].payload["seqNo"], 2);
    EXPECT_EQ(ev[2].payload["meterValue"][0]["sampledValue"][0]["value"], 366.0);  // 11 kW, 2 min

    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    ev = events();
    const auto& end = ev.back().payload;
    EXPECT_EQ(end["eventType"], "Ended");
    EXPECT_EQ(end["seqNo"], 3);
    EXPECT_EQ(end["transactionInfo"]["transactionId"], tx);
    EXPECT_EQ(end["transactionInfo"]["stoppedReason"], "Local");
    EXPECT_EQ(end["transactionInfo"]["timeSpentCharging"], 120);
    EXPECT_EQ(end["triggerReason"], "StopAuthorized");
    EXPECT_EQ(end["meterValue"][0]["sampledValue"][0]["context"], "Transaction.End");
}

TEST_F(V201Station, CostUpdatedIsShownForItsTransactionOnly) {
    start_session();
    const std::string tx = events()[0].payload["transactionInfo"]["transactionId"];
    EXPECT_EQ(csms.command("CostUpdated", {{"totalCost", 12.34}, {"transactionId", tx}}),
              Json::object());
    EXPECT_EQ(csms.station().view(csms.now()).connectors[0].cost, "12.34");
    // Another transaction's figure changes nothing on this display.
    EXPECT_EQ(csms.command("CostUpdated", {{"totalCost", 99}, {"transactionId", "other"}}),
              Json::object());
    EXPECT_EQ(csms.station().view(csms.now()).connectors[0].cost, "12.34");
}

TEST_F(V201Station, TransactionIdsAreReproducibleFromTheSeed) {
    start_session();
    FakeCsms again(v201_config());
    again.boot();
    ASSERT_TRUE(again.station().plug_in(1, std::nullopt, WhenFull::Stay, again.now()));
    ASSERT_TRUE(again.station().tap("CARD", std::nullopt, again.now()));
    again.pump();
    EXPECT_EQ(events()[0].payload["transactionInfo"]["transactionId"],
              again.last("TransactionEvent")->payload["transactionInfo"]["transactionId"]);
}

TEST_F(V201Station, OfflineEventsCarryTheFlagAndReplayInOrder) {
    start_session();
    csms.station().network_outage(5min, csms.now());
    csms.clear_calls();
    csms.run_for(150s);
    ASSERT_TRUE(csms.station().unplug(1, csms.now()));
    csms.run_for(155s);
    csms.connect();
    const auto ev = events();
    ASSERT_EQ(ev.size(), 3u);  // two periodic updates, then the end
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(ev[i].payload["seqNo"], static_cast<int>(i) + 1);
        EXPECT_EQ(ev[i].payload["offline"], true);
    }
    EXPECT_EQ(ev.back().payload["eventType"], "Ended");
    EXPECT_EQ(ev.back().payload["triggerReason"], "EVDeparted");
    EXPECT_EQ(ev.back().payload["transactionInfo"]["stoppedReason"], "EVDisconnected");
}

TEST_F(V201Station, RemoteStartWaitsForThePlugAndRemoteStopEnds) {
    const Json answer = csms.command(
        "RequestStartTransaction",
        {{"idToken", {{"idToken", "APP"}, {"type", "Central"}}}, {"remoteStartId", 42}});
    EXPECT_EQ(answer["status"], "Accepted");
    EXPECT_TRUE(events().empty());
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    const auto started = events().at(0).payload;
    EXPECT_EQ(started["triggerReason"], "RemoteStart");
    EXPECT_EQ(started["transactionInfo"]["remoteStartId"], 42);
    EXPECT_EQ(started["idToken"]["type"], "Central");
    const std::string tx = started["transactionInfo"]["transactionId"];
    EXPECT_EQ(csms.command("RequestStopTransaction", {{"transactionId", "nope"}})["status"],
              "Rejected");
    EXPECT_EQ(csms.command("RequestStopTransaction", {{"transactionId", tx}})["status"],
              "Accepted");
    const auto end = events().back().payload;
    EXPECT_EQ(end["triggerReason"], "RemoteStop");
    EXPECT_EQ(end["transactionInfo"]["stoppedReason"], "Remote");
}

TEST_F(V201Station, TxStartPointEvConnectedStartsOnThePlug) {
    Json set = csms.command(
        "SetVariables", {{"setVariableData", Json::array({{{"component", {{"name", "TxCtrlr"}}},
                                                           {"variable", {{"name", "TxStartPoint"}}},
                                                           {"attributeValue", "EVConnected"}}})}});
    EXPECT_EQ(set["setVariableResult"][0]["attributeStatus"], "Accepted");
    ASSERT_TRUE(csms.station().plug_in(2, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].payload["triggerReason"], "CablePluggedIn");
    EXPECT_EQ(ev[0].payload["transactionInfo"]["chargingState"], "EVConnected");
    const std::string tx = ev[0].payload["transactionInfo"]["transactionId"];
    const Json answer = csms.command("RequestStartTransaction",
                                     {{"idToken", {{"idToken", "APP"}, {"type", "Central"}}},
                                      {"remoteStartId", 7},
                                      {"evseId", 2}});
    EXPECT_EQ(answer["transactionId"], tx);
    ev = events();
    EXPECT_EQ(ev[1].payload["triggerReason"], "RemoteStart");
    EXPECT_EQ(ev[1].payload["idToken"]["idToken"], "APP");
    EXPECT_EQ(ev.back().payload["transactionInfo"]["chargingState"], "Charging");
}

TEST_F(V201Station, DeviceModelVariablesReadSetAndChangeBehaviour) {
    Json got = csms.command(
        "GetVariables",
        {{"getVariableData",
          Json::array(
              {{{"component", {{"name", "OCPPCommCtrlr"}}},
                {"variable", {{"name", "HeartbeatInterval"}}}},
               {{"component", {{"name", "Nope"}}}, {"variable", {{"name", "X"}}}},
               {{"component", {{"name", "TxCtrlr"}}}, {"variable", {{"name", "X"}}}},
               {{"component", {{"name", "OCPPCommCtrlr"}}},
                {"variable", {{"name", "MessageAttempts"}, {"instance", "TransactionEvent"}}}},
               {{"component", {{"name", "EVSE"}, {"evse", {{"id", 2}}}}},
                {"variable", {{"name", "AvailabilityState"}}}}})}});
    const auto& r = got["getVariableResult"];
    EXPECT_EQ(r[0]["attributeValue"], "300");
    EXPECT_EQ(r[1]["attributeStatus"], "UnknownComponent");
    EXPECT_EQ(r[2]["attributeStatus"], "UnknownVariable");
    EXPECT_EQ(r[3]["attributeValue"], "3");
    EXPECT_EQ(r[4]["attributeValue"], "Available");
    Json set = csms.command(
        "SetVariables",
        {{"setVariableData", Json::array({{{"component", {{"name", "SampledDataCtrlr"}}},
                                           {"variable", {{"name", "TxUpdatedInterval"}}},
                                           {"attributeValue", "15"}},
                                          {{"component", {{"name", "ChargingStation"}}},
                                           {"variable", {{"name", "Model"}}},
                                           {"attributeValue", "X"}},
                                          {{"component", {{"name", "SampledDataCtrlr"}}},
                                           {"variable", {{"name", "TxUpdatedInterval"}}},
                                           {"attributeValue", "soon"}}})}});
    EXPECT_EQ(set["setVariableResult"][0]["attributeStatus"], "Accepted");
    EXPECT_EQ(set["setVariableResult"][1]["attributeStatus"], "Rejected");
    EXPECT_EQ(set["setVariableResult"][2]["attributeStatus"], "Rejected");
    start_session();
    csms.run_for(46s);
    EXPECT_EQ(events().size(), 4u);
}

TEST_F(V201Station, BaseReportFollowsTheAnswerInNumberedParts) {
    EXPECT_EQ(csms.command("GetBaseReport",
                           {{"requestId", 9}, {"reportBase", "FullInventory"}})["status"],
              "Accepted");
    const auto reports = csms.calls("NotifyReport");
    ASSERT_GE(reports.size(), 2u);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        EXPECT_EQ(reports[i].payload["requestId"], 9);
        EXPECT_EQ(reports[i].payload["seqNo"], static_cast<int>(i));
        EXPECT_EQ(reports[i].payload["tbc"], i + 1 < reports.size());
    }
    EXPECT_EQ(
        csms.command("GetReport", {{"requestId", 10},
                                   {"componentVariable",
                                    Json::array({{{"component", {{"name", "Nope"}}}}})}})["status"],
        "EmptyResultSet");
}

TEST_F(V201Station, TriggerMessages) {
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "BootNotification"}})["status"],
              "Rejected");
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "StatusNotification"},
                                              {"evse", {{"id", 2}, {"connectorId", 1}}}})["status"],
              "Accepted");
    EXPECT_EQ(csms.last("StatusNotification")->payload["evseId"], 2);
    EXPECT_EQ(
        csms.command("TriggerMessage", {{"requestedMessage", "SignV2GCertificate"}})["status"],
        "NotImplemented");
    start_session();
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "TransactionEvent"}})["status"],
              "Accepted");
    EXPECT_EQ(events().back().payload["triggerReason"], "Trigger");
}

// The delays between a station's attempts to reach a CSMS that has gone away.
std::vector<std::chrono::milliseconds> retry_delays(FakeCsms& csms, int attempts) {
    std::vector<std::chrono::milliseconds> out;
    csms.station().on_closed(csms.now(), "the CSMS went away");
    for (int i = 0; i < attempts; ++i) {
        const int before = csms.transport().connects;
        const auto from = csms.now();
        for (int step = 0; step < 600 && csms.transport().connects == before; ++step)
            csms.run_for(100ms);
        out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(csms.now() - from));
        csms.station().on_connect_failed(csms.now(), "refused");
    }
    return out;
}

TEST(V201Reconnect, BackoffDoublesFromOneSecondToThirtyWithJitterPerStation) {
    StationConfig config = v201_config();
    FakeCsms one(config);
    one.boot();
    config.seed = 2;
    FakeCsms two(config);
    two.boot();
    const auto a = retry_delays(one, 9);
    const auto b = retry_delays(two, 9);
    const std::int64_t nominal[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000};
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (const auto& delays : {a, b}) {
            EXPECT_GE(delays[i].count(), nominal[i] * 8 / 10) << "attempt " << i;
            EXPECT_LE(delays[i].count(), std::min<std::int64_t>(30000, nominal[i] * 12 / 10) + 100)
                << "attempt " << i;
        }
    }
    EXPECT_NE(a, b);  // each station's own jitter: a site does not come back in one wave
    // Connected again, the next outage starts from a second again.
    one.connect();
    EXPECT_LE(retry_delays(one, 1)[0].count(), 1300);
}

TEST_F(V201Station, OnIdleResetWaitsForTheTransaction) {
    start_session();
    EXPECT_EQ(csms.command("Reset", {{"type", "OnIdle"}})["status"], "Scheduled");
    csms.run_for(10s);
    EXPECT_EQ(csms.transport().connects, 1);
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.run_for(10s);
    EXPECT_EQ(csms.transport().connects, 2);
    csms.connect();
    EXPECT_EQ(csms.last("BootNotification")->payload["reason"], "RemoteReset");
}

TEST_F(V201Station, ChargingProfileLimitAndReport) {
    start_session();
    const std::string tx = events()[0].payload["transactionInfo"]["transactionId"];
    const Json profile = {
        {"id", 11},
        {"stackLevel", 1},
        {"chargingProfilePurpose", "TxProfile"},
        {"chargingProfileKind", "Relative"},
        {"transactionId", tx},
        {"chargingSchedule",
         Json::array({{{"id", 1},
                       {"chargingRateUnit", "W"},
                       {"chargingSchedulePeriod",
                        Json::array({{{"startPeriod", 0}, {"limit", 2000.0}}})}}})}};
    EXPECT_EQ(
        csms.command("SetChargingProfile", {{"evseId", 1}, {"chargingProfile", profile}})["status"],
        "Accepted");
    csms.run_for(60s);
    EXPECT_EQ(events().back().payload["meterValue"][0]["sampledValue"][1]["value"], 2000.0);
    EXPECT_EQ(
        csms.command("GetChargingProfiles",
                     {{"requestId", 4},
                      {"chargingProfile", {{"chargingProfilePurpose", "TxProfile"}}}})["status"],
        "Accepted");
    EXPECT_EQ(csms.last("ReportChargingProfiles")->payload["chargingProfile"][0]["id"], 11);
    const Json composite = csms.command("GetCompositeSchedule", {{"evseId", 1}, {"duration", 300}});
    EXPECT_EQ(composite["schedule"]["chargingSchedulePeriod"][0]["limit"], 2000.0);
}

TEST_F(V201Station, EveryOtherCommandIsAnswered) {
    const std::string later = session::format_timestamp(csms.now() + 1h);
    EXPECT_EQ(csms.command("ReserveNow", {{"id", 1},
                                          {"expiryDateTime", later},
                                          {"idToken", {{"idToken", "R"}, {"type", "ISO14443"}}},
                                          {"evseId", 2}})["status"],
              "Accepted");
    EXPECT_EQ(csms.last("StatusNotification")->payload["connectorStatus"], "Reserved");
    EXPECT_EQ(csms.command("CancelReservation", {{"reservationId", 1}})["status"], "Accepted");
    EXPECT_EQ(
        csms.command("SendLocalList", {{"versionNumber", 3}, {"updateType", "Full"}})["status"],
        "Accepted");
    EXPECT_EQ(csms.command("GetLocalListVersion", Json::object())["versionNumber"], 3);
    EXPECT_EQ(csms.command("ClearCache", Json::object())["status"], "Accepted");
    EXPECT_EQ(csms.command("UnlockConnector", {{"evseId", 1}, {"connectorId", 1}})["status"],
              "Unlocked");
    EXPECT_EQ(csms.command("ChangeAvailability", {{"operationalStatus", "Inoperative"}})["status"],
              "Accepted");
    EXPECT_EQ(csms.last("StatusNotification")->payload["connectorStatus"], "Unavailable");
    EXPECT_EQ(csms.command("GetTransactionStatus", Json::object())["messagesInQueue"], false);
    EXPECT_EQ(csms.command("DataTransfer", {{"vendorId", "Iskra"}, {"data", "x"}})["status"],
              "Accepted");
    // GetLog and UpdateFirmware: station_files_test.cpp.
    EXPECT_EQ(csms.command("SetMonitoringLevel", {{"severity", 3}})["status"], "Rejected");
    EXPECT_EQ(csms.command("CostUpdated", {{"totalCost", 1.5}, {"transactionId", "x"}}),
              Json::object());
}

}  // namespace
}  // namespace iskra::sim::testing
