// A 1.6 station against a fake CSMS: boot, sessions, meter values, offline queueing and replay,
// retries, configuration keys, smart charging, availability, reset.
#include <gtest/gtest.h>

#include "fake_csms.hpp"

namespace iskra::sim::testing {
namespace {

StationConfig v16_config() {
    StationConfig config;
    config.identity.id = "CP-1";
    config.identity.serial_number = "SN-1";
    config.version = ocpp::Version::v16;
    config.evses = uniform_evses(2);
    config.default_ev.capacity_wh = 60'000;
    config.default_ev.initial_soc_percent = 20;
    return config;
}

class V16Station : public ::testing::Test {
protected:
    void SetUp() override { csms.boot(); }
    void TearDown() override { EXPECT_TRUE(csms.violations().empty()) << csms.violations()[0]; }

    FakeCsms csms{v16_config()};
};

TEST_F(V16Station, BootsThenReportsEveryConnector) {
    const auto boot = csms.calls("BootNotification");
    ASSERT_EQ(boot.size(), 1u);
    EXPECT_EQ(boot[0].payload["chargePointVendor"], "Iskra");
    EXPECT_EQ(boot[0].payload["chargePointSerialNumber"], "SN-1");
    const auto status = csms.calls("StatusNotification");
    ASSERT_EQ(status.size(), 3u);
    EXPECT_EQ(status[0].payload["connectorId"], 0);
    EXPECT_EQ(status[2].payload["connectorId"], 2);
    EXPECT_EQ(status[2].payload["status"], "Available");
    EXPECT_EQ(csms.station().registration(), Registration::Accepted);
}

TEST_F(V16Station, PendingBootIsRetriedAfterTheInterval) {
    FakeCsms pending(v16_config());
    pending.answers["BootNotification"] = [&](const Json&) -> std::optional<Json> {
        return Json{{"status", "Pending"},
                    {"currentTime", session::format_timestamp(pending.now())},
                    {"interval", 20}};
    };
    pending.boot();
    EXPECT_TRUE(pending.calls("StatusNotification").empty());
    pending.answers.erase("BootNotification");
    pending.run_for(21s);
    EXPECT_EQ(pending.calls("BootNotification").size(), 2u);
    EXPECT_EQ(pending.calls("StatusNotification").size(), 3u);
}

TEST_F(V16Station, HeartbeatsAtTheIntervalTheCsmsGave) {
    csms.run_for(299s);
    EXPECT_TRUE(csms.calls("Heartbeat").empty());
    csms.run_for(2s);
    EXPECT_EQ(csms.calls("Heartbeat").size(), 1u);
}

TEST_F(V16Station, PlugTapChargeTapUnplug) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Preparing");
    ASSERT_TRUE(csms.station().tap("04A2B3C4", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.last("Authorize")->payload["idTag"], "04A2B3C4");
    const auto start = csms.last("StartTransaction");
    ASSERT_TRUE(start);
    EXPECT_EQ(start->payload["connectorId"], 1);
    EXPECT_EQ(start->payload["meterStart"], 0);
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Charging");

    csms.run_for(60s);
    const auto mv = csms.last("MeterValues");
    ASSERT_TRUE(mv);
    EXPECT_EQ(mv->payload["transactionId"], 100);
    const auto& sampled = mv->payload["meterValue"][0]["sampledValue"];
    EXPECT_EQ(sampled[0]["measurand"], "Energy.Active.Import.Register");
    EXPECT_EQ(sampled[0]["value"], "183");  // 11 kW for 60 s
    EXPECT_EQ(sampled[1]["value"], "11000");

    ASSERT_TRUE(csms.station().tap("04A2B3C4", std::nullopt, csms.now()));
    csms.pump();
    const auto stop = csms.last("StopTransaction");
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->payload["transactionId"], 100);
    EXPECT_EQ(stop->payload["meterStop"], 183);
    EXPECT_EQ(stop->payload["reason"], "Local");
    EXPECT_EQ(stop->payload["idTag"], "04A2B3C4");
    ASSERT_TRUE(stop->payload.contains("transactionData"));
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Finishing");
    ASSERT_TRUE(csms.station().unplug(1, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Available");
}

TEST_F(V16Station, IskrasRunningCostIsShownAndUnreadableOnesRefused) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("04A2B3C4", std::nullopt, csms.now()));
    csms.pump();
    const auto running_cost = [&](const std::string& data) {
        return csms.command(
            "DataTransfer",
            {{"vendorId", "org.iskra"}, {"messageId", "RunningCost"}, {"data", data}})["status"];
    };
    EXPECT_EQ(running_cost(R"({"transactionId":100,"totalCost":"24.34","currency":"PLN"})"),
              "Accepted");
    EXPECT_EQ(csms.station().view(csms.now()).connectors[0].cost, "24.34 PLN");
    EXPECT_EQ(running_cost(R"({"transactionId":100,"totalCost":24.34})"), "Rejected");
    EXPECT_EQ(
        csms.command("DataTransfer", {{"vendorId", "org.iskra"}, {"messageId", "Other"}})["status"],
        "UnknownMessageId");
    EXPECT_EQ(csms.station().view(csms.now()).connectors[0].cost, "24.34 PLN");
}

TEST_F(V16Station, RefusedCardStartsNothing) {
    csms.answers["Authorize"] = [](const Json&) -> std::optional<Json> {
        return Json{{"idTagInfo", {{"status", "Invalid"}}}};
    };
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("BAD", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_FALSE(csms.last("StartTransaction"));
}

TEST_F(V16Station, RemoteStartWithAutoPlugAndRemoteStop) {
    FakeCsms auto_plug([] {
        auto c = v16_config();
        c.auto_plug = true;
        return c;
    }());
    auto_plug.boot();
    const Json answer = auto_plug.command("RemoteStartTransaction", {{"idTag", "APP-1"}});
    EXPECT_EQ(answer["status"], "Accepted");
    auto_plug.run_for(3s);
    const auto start = auto_plug.last("StartTransaction");
    ASSERT_TRUE(start);
    EXPECT_EQ(start->payload["idTag"], "APP-1");
    EXPECT_EQ(auto_plug.command("RemoteStopTransaction", {{"transactionId", 999}})["status"],
              "Rejected");
    EXPECT_EQ(auto_plug.command("RemoteStopTransaction", {{"transactionId", 100}})["status"],
              "Accepted");
    EXPECT_EQ(auto_plug.last("StopTransaction")->payload["reason"], "Remote");
    EXPECT_TRUE(auto_plug.violations().empty());
}

TEST_F(V16Station, RemoteStartOnABusyConnectorIsRejected) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("A", 1, csms.now()));
    csms.pump();
    EXPECT_EQ(
        csms.command("RemoteStartTransaction", {{"idTag", "B"}, {"connectorId", 1}})["status"],
        "Rejected");
    EXPECT_EQ(
        csms.command("RemoteStartTransaction", {{"idTag", "B"}, {"connectorId", 7}})["status"],
        "Rejected");
}

TEST_F(V16Station, OfflineTransactionMessagesAreQueuedAndReplayedInOrder) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    csms.station().network_outage(10min, csms.now());
    csms.clear_calls();
    csms.run_for(5min);
    EXPECT_TRUE(csms.calls().empty());
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));  // stop while offline
    EXPECT_GE(csms.station().queued_tx_messages(), 5u);
    csms.run_for(6min);
    EXPECT_GE(csms.transport().connects, 2);
    csms.connect();
    EXPECT_TRUE(csms.calls("BootNotification").empty());  // no reboot, no new boot
    const auto mv = csms.calls("MeterValues");
    ASSERT_EQ(mv.size(), 5u);
    for (const auto& m : mv)
        EXPECT_EQ(m.payload["transactionId"], 100);
    const auto stop = csms.last("StopTransaction");
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->payload["reason"], "Local");
    EXPECT_EQ(stop->payload["meterStop"], 11000 * 300 / 3600);
    EXPECT_EQ(csms.station().queued_tx_messages(), 0u);
}

TEST_F(V16Station, TransactionStartedOfflineGetsItsIdOnReplay) {
    csms.command("SendLocalList",
                 {{"listVersion", 1},
                  {"updateType", "Full"},
                  {"localAuthorizationList",
                   Json::array({{{"idTag", "LOCAL"}, {"idTagInfo", {{"status", "Accepted"}}}}})}});
    csms.station().network_outage(2min, csms.now());
    ASSERT_TRUE(csms.station().plug_in(2, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("LOCAL", std::nullopt, csms.now()));
    ASSERT_TRUE(csms.station().tap("UNKNOWN", 1, csms.now()));  // not known: refused offline
    csms.run_for(30s);
    ASSERT_TRUE(csms.station().tap("LOCAL", std::nullopt, csms.now()));
    csms.run_for(2min);
    csms.connect();
    const auto starts = csms.calls("StartTransaction");
    ASSERT_EQ(starts.size(), 1u);
    EXPECT_EQ(starts[0].payload["idTag"], "LOCAL");
    EXPECT_EQ(csms.last("StopTransaction")->payload["transactionId"], 100);
    EXPECT_EQ(csms.last("StopTransaction")->payload["meterStop"], 11000 * 30 / 3600);
}

TEST_F(V16Station, FailedTransactionMessageIsRetriedThenGivenUp) {
    csms.command("ChangeConfiguration",
                 {{"key", "TransactionMessageRetryInterval"}, {"value", "10"}});
    csms.command("ChangeConfiguration", {{"key", "TransactionMessageAttempts"}, {"value", "2"}});
    csms.answers["StopTransaction"] = [](const Json&) -> std::optional<Json> {
        return std::nullopt;
    };
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    ASSERT_TRUE(csms.station().unplug(1, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.calls("StopTransaction").size(), 1u);
    EXPECT_EQ(csms.last("StopTransaction")->payload["reason"], "EVDisconnected");
    csms.run_for(9s);
    EXPECT_EQ(csms.calls("StopTransaction").size(), 1u);
    csms.run_for(2s);
    EXPECT_EQ(csms.calls("StopTransaction").size(), 2u);
    csms.run_for(60s);
    EXPECT_EQ(csms.calls("StopTransaction").size(), 2u);
    EXPECT_EQ(csms.station().queued_tx_messages(), 0u);
}

TEST_F(V16Station, ConfigurationKeysReadChangeAndTakeEffect) {
    Json got = csms.command("GetConfiguration", {{"key", {"MeterValueSampleInterval", "Nope"}}});
    EXPECT_EQ(got["configurationKey"][0]["value"], "60");
    EXPECT_EQ(got["unknownKey"][0], "Nope");
    EXPECT_EQ(csms.command("ChangeConfiguration",
                           {{"key", "NumberOfConnectors"}, {"value", "4"}})["status"],
              "Rejected");
    EXPECT_EQ(csms.command("ChangeConfiguration", {{"key", "Nope"}, {"value", "4"}})["status"],
              "NotSupported");
    EXPECT_EQ(csms.command("ChangeConfiguration",
                           {{"key", "MeterValuesSampledData"}, {"value", "Temperature"}})["status"],
              "Rejected");
    EXPECT_EQ(csms.command("ChangeConfiguration",
                           {{"key", "MeterValuesSampledData"},
                            {"value", "Energy.Active.Import.Register,SoC,Voltage"}})["status"],
              "Accepted");
    EXPECT_EQ(csms.command("ChangeConfiguration",
                           {{"key", "MeterValueSampleInterval"}, {"value", "10"}})["status"],
              "Accepted");
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    csms.run_for(31s);
    const auto mv = csms.calls("MeterValues");
    EXPECT_EQ(mv.size(), 3u);
    const auto& sampled = mv.back().payload["meterValue"][0]["sampledValue"];
    ASSERT_EQ(sampled.size(), 3u);
    EXPECT_EQ(sampled[1]["measurand"], "Voltage");
    EXPECT_EQ(sampled[2]["measurand"], "SoC");
    got = csms.command("GetConfiguration", Json::object());
    EXPECT_GT(got["configurationKey"].size(), 20u);
}

TEST_F(V16Station, ChargingProfileLimitsTheMeter) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    const Json profile = {
        {"chargingProfileId", 5},
        {"stackLevel", 0},
        {"chargingProfilePurpose", "TxProfile"},
        {"chargingProfileKind", "Relative"},
        {"chargingSchedule",
         {{"chargingRateUnit", "A"},
          {"chargingSchedulePeriod", Json::array({{{"startPeriod", 0}, {"limit", 8.0}}})}}}};
    EXPECT_EQ(csms.command("SetChargingProfile",
                           {{"connectorId", 1}, {"csChargingProfiles", profile}})["status"],
              "Accepted");
    csms.run_for(3600s);
    // 8 A × 230 V × 3 phases for an hour.
    EXPECT_EQ(csms.last("MeterValues")->payload["meterValue"][0]["sampledValue"][0]["value"],
              "5520");
    const Json composite = csms.command(
        "GetCompositeSchedule", {{"connectorId", 1}, {"duration", 600}, {"chargingRateUnit", "A"}});
    EXPECT_EQ(composite["status"], "Accepted");
    EXPECT_EQ(composite["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"], 8.0);
    EXPECT_EQ(csms.command("ClearChargingProfile", {{"id", 5}})["status"], "Accepted");
    EXPECT_EQ(csms.command("ClearChargingProfile", {{"id", 5}})["status"], "Unknown");
}

TEST_F(V16Station, InoperativeDuringATransactionIsScheduled) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_EQ(
        csms.command("ChangeAvailability", {{"connectorId", 1}, {"type", "Inoperative"}})["status"],
        "Scheduled");
    EXPECT_EQ(
        csms.command("ChangeAvailability", {{"connectorId", 2}, {"type", "Inoperative"}})["status"],
        "Accepted");
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Unavailable");
    ASSERT_TRUE(csms.station().unplug(1, csms.now()));
    csms.pump();
    const auto last = csms.last("StatusNotification");
    EXPECT_EQ(last->payload["connectorId"], 1);
    EXPECT_EQ(last->payload["status"], "Unavailable");
}

TEST_F(V16Station, SoftResetStopsTransactionsAndBootsAgain) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.command("Reset", {{"type", "Soft"}})["status"], "Accepted");
    EXPECT_EQ(csms.last("StopTransaction")->payload["reason"], "SoftReset");
    csms.run_for(10s);
    EXPECT_EQ(csms.transport().connects, 2);
    csms.connect();
    EXPECT_EQ(csms.calls("BootNotification").size(), 2u);
}

TEST_F(V16Station, PowerLossEndsTheTransactionReportedAfterReboot) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    csms.run_for(10min);
    csms.station().power_loss(csms.now());
    csms.run_for(5min);
    csms.station().power_restore(csms.now());
    csms.connect();
    const auto stop = csms.last("StopTransaction");
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->payload["reason"], "PowerLoss");
    EXPECT_EQ(stop->payload["meterStop"], 11000 / 6);
}

TEST_F(V16Station, FaultStopsChargingAndIsReported) {
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    ASSERT_TRUE(csms.station().fault(1, "GroundFailure", csms.now()));
    csms.pump();
    const auto status = csms.last("StatusNotification");
    EXPECT_EQ(status->payload["status"], "Faulted");
    EXPECT_EQ(status->payload["errorCode"], "GroundFailure");
    EXPECT_TRUE(csms.last("StopTransaction"));
    ASSERT_TRUE(csms.station().clear_fault(1, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Finishing");
}

TEST_F(V16Station, ReservationHoldsTheConnectorForItsCard) {
    const std::string expiry = session::format_timestamp(csms.now() + 10min);
    EXPECT_EQ(csms.command("ReserveNow", {{"connectorId", 1},
                                          {"expiryDate", expiry},
                                          {"idTag", "MINE"},
                                          {"reservationId", 3}})["status"],
              "Accepted");
    EXPECT_EQ(csms.last("StatusNotification")->payload["status"], "Reserved");
    ASSERT_TRUE(csms.station().tap("OTHER", 1, csms.now()));
    ASSERT_TRUE(csms.station().plug_in(1, std::nullopt, WhenFull::Stay, csms.now()));
    csms.pump();
    EXPECT_FALSE(csms.last("StartTransaction"));
    ASSERT_TRUE(csms.station().tap("MINE", std::nullopt, csms.now()));
    csms.pump();
    EXPECT_EQ(csms.last("StartTransaction")->payload["reservationId"], 3);
}

TEST_F(V16Station, EvFullSuspendsThenTheDriverLeaves) {
    model::EvSpec ev;
    ev.capacity_wh = 11'000;
    ev.initial_soc_percent = 90;
    ASSERT_TRUE(csms.station().plug_in(1, ev, WhenFull::Unplug, csms.now()));
    ASSERT_TRUE(csms.station().tap("CARD", std::nullopt, csms.now()));
    csms.pump();
    csms.run_for(2h);
    const auto stop = csms.last("StopTransaction");
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->payload["reason"], "EVDisconnected");
    EXPECT_NEAR(stop->payload["meterStop"].get<double>(), 1100, 3);
}

TEST_F(V16Station, TriggersAndMiscellaneousCommandsAreAnswered) {
    EXPECT_EQ(csms.command("TriggerMessage", {{"requestedMessage", "Heartbeat"}})["status"],
              "Accepted");
    EXPECT_TRUE(csms.last("Heartbeat"));
    EXPECT_EQ(csms.command("TriggerMessage",
                           {{"requestedMessage", "MeterValues"}, {"connectorId", 2}})["status"],
              "Accepted");
    EXPECT_EQ(csms.last("MeterValues")->payload["connectorId"], 2);
    EXPECT_EQ(csms.command("UnlockConnector", {{"connectorId", 1}})["status"], "Unlocked");
    EXPECT_EQ(csms.command("UnlockConnector", {{"connectorId", 9}})["status"], "NotSupported");
    EXPECT_EQ(csms.command("DataTransfer", {{"vendorId", "other"}})["status"], "UnknownVendorId");
    EXPECT_EQ(csms.command("ClearCache", Json::object())["status"], "Accepted");
    EXPECT_EQ(csms.command("GetLocalListVersion", Json::object())["listVersion"], 0);
    // GetDiagnostics and UpdateFirmware: station_files_test.cpp.
}

}  // namespace
}  // namespace iskra::sim::testing
