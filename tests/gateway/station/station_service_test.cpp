// What a station observes of the gateway's answers, with the store replaced by a fake that
// holds every commit until the test releases it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_site_ledger.hpp"
#include "iskra/gateway/station_service.hpp"
#include "tariff_feed_fixture.hpp"

namespace iskra::gateway {
namespace {

using nlohmann::json;

const session::Timestamp kTestNow = session::parse_timestamp("2026-11-28T12:00:00.000Z").value();
session::Timestamp g_now = kTestNow;
session::Timestamp fixed_now() {
    return g_now;
}

class StationServiceTest : public ::testing::Test {
protected:
    void SetUp() override { g_now = kTestNow; }  // a test may move the clock

    StationConnection& connect(std::string id, ocpp::Version version) {
        connection_ = std::make_unique<StationConnection>(std::move(id), version, nullptr,
                                                          rpc::EndpointOptions{}, "127.0.0.1");
        service_.on_connected(*connection_);
        return *connection_;
    }
    // Sends one CALL and returns every frame the gateway has written since.
    std::vector<json> send(const std::string& frame) {
        const std::size_t before = connection_->outbound().size();
        connection_->endpoint().on_text(frame, StationConnection::Clock::now());
        return frames_since(before);
    }
    std::vector<json> frames_since(std::size_t index) {
        std::vector<json> out;
        for (std::size_t i = index; i < connection_->outbound().size(); ++i) {
            out.push_back(json::parse(connection_->outbound()[i]));
        }
        return out;
    }
    std::vector<json> commit() {
        const std::size_t before = connection_->outbound().size();
        ledger_.commit_all();
        return frames_since(before);
    }

    StationRegistry registry_{0, false};
    test::FakeSiteLedger ledger_;
    StationService service_{StationServiceOptions{}, registry_, ledger_, fixed_now};
    std::unique_ptr<StationConnection> connection_;
};

TEST_F(StationServiceTest, BootIsAnsweredOnlyAfterItIsCommitted) {
    registry_.set("CP-1", StationEntry{});
    connect("CP-1", ocpp::Version::v16);
    EXPECT_TRUE(send(R"([2,"b1","BootNotification",{"chargePointVendor":"Ekoenergetyka",
                        "chargePointModel":"AC22"}])")
                    .empty());
    ASSERT_EQ(ledger_.events.size(), 1u);
    EXPECT_EQ(std::get<session::StationBooted>(ledger_.events[0]).vendor, "Ekoenergetyka");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0], json::parse(R"([3,"b1",{"status":"Accepted",
              "currentTime":"2026-11-28T12:00:00.000Z","interval":300}])"));
}

TEST_F(StationServiceTest, UnknownStationIsRejectedAtBootWithTheRetryInterval) {
    connect("CP-unknown", ocpp::Version::v201);
    send(R"([2,"b1","BootNotification",{"reason":"PowerUp",
             "chargingStation":{"model":"X","vendorName":"Y"}}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0][2]["status"], "Rejected");
    EXPECT_EQ(answers[0][2]["interval"], 60);
    EXPECT_EQ(answers[0][2]["statusInfo"]["reasonCode"], "Rejected");
}

TEST_F(StationServiceTest, StartTransactionAnswersTheLedgersTransactionIdAndTokenStatus) {
    connect("CP-1", ocpp::Version::v16);
    ledger_.auth_answer.decision.status = session::AuthorizationStatus::Blocked;
    send(R"([2,"s1","StartTransaction",{"connectorId":2,"idTag":"04A2B3C4","meterStart":1000,
             "timestamp":"2026-11-28T11:59:00Z"}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0],
              json::parse(R"([3,"s1",{"idTagInfo":{"status":"Blocked"},"transactionId":41}])"));
    ASSERT_EQ(ledger_.authorized.size(), 1u);
    EXPECT_EQ(ledger_.authorized[0].id, "04A2B3C4");
    const auto& started = std::get<session::SessionStarted>(ledger_.events.at(0));
    EXPECT_EQ(started.meter_start_wh, 1000);
    EXPECT_EQ(started.connector->evse_id, 2);
}

TEST_F(StationServiceTest, AStoreFailureIsAnInternalErrorSoTheStationRetries) {
    connect("CP-1", ocpp::Version::v16);
    ledger_.failure = "disk I/O error";
    send(R"([2,"m1","MeterValues",{"connectorId":1,"transactionId":41,"meterValue":[
             {"timestamp":"2026-11-28T12:00:00Z","sampledValue":[{"value":"1500"}]}]}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0][0], 4);
    EXPECT_EQ(answers[0][2], "InternalError");
}

TEST_F(StationServiceTest, UnreadableMeterValueIsRefusedNamingTheField) {
    connect("CP-1", ocpp::Version::v16);
    const auto answers = send(R"([2,"m1","MeterValues",{"connectorId":1,"meterValue":[
             {"timestamp":"2026-11-28T12:00:00Z","sampledValue":[{"value":"12,5"}]}]}])");
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0][2], "PropertyConstraintViolation");
    EXPECT_NE(answers[0][3].get<std::string>().find("/meterValue/0/sampledValue/0/value"),
              std::string::npos);
    EXPECT_TRUE(ledger_.events.empty());
}

TEST_F(StationServiceTest, TransactionEventStartedWithTokenAnswersIdTokenInfo) {
    connect("CP-2", ocpp::Version::v201);
    send(R"([2,"t1","TransactionEvent",{"eventType":"Started","timestamp":"2026-11-28T12:00:00Z",
             "triggerReason":"Authorized","seqNo":0,
             "transactionInfo":{"transactionId":"tx-7"},"evse":{"id":1,"connectorId":1},
             "idToken":{"idToken":"AB12","type":"ISO14443"}}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0], json::parse(R"([3,"t1",{"idTokenInfo":{"status":"Accepted"}}])"));
    EXPECT_TRUE(std::holds_alternative<session::SessionStarted>(ledger_.events.at(0)));
}

TEST_F(StationServiceTest, TransactionEventEndedWithoutTokenIsRecordedAndAnsweredEmpty) {
    connect("CP-2", ocpp::Version::v201);
    send(R"([2,"t3","TransactionEvent",{"eventType":"Ended","timestamp":"2026-11-28T13:00:00Z",
             "triggerReason":"EVCommunicationLost","seqNo":5,"offline":true,
             "transactionInfo":{"transactionId":"tx-7","stoppedReason":"EVDisconnected"}}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0], json::parse(R"([3,"t3",{}])"));
    const auto& ended = std::get<session::SessionEnded>(ledger_.events.at(0));
    EXPECT_EQ(ended.reason, session::StopReason::EVDisconnected);
    EXPECT_EQ(ended.offline, true);
    EXPECT_TRUE(ledger_.authorized.empty());
}

TEST_F(StationServiceTest, MessagesWithoutASessionAreKeptForCentral) {
    connect("CP-1", ocpp::Version::v16);
    send(R"([2,"f1","FirmwareStatusNotification",{"status":"Installed"}])");
    send(R"([2,"d1","DataTransfer",{"vendorId":"com.example","data":"x"}])");
    const auto answers = commit();
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0], json::parse(R"([3,"f1",{}])"));
    EXPECT_EQ(answers[1], json::parse(R"([3,"d1",{"status":"UnknownVendorId"}])"));
    ASSERT_EQ(ledger_.station_messages.size(), 2u);
    EXPECT_EQ(ledger_.station_messages[0].first, "FirmwareStatusNotification");
    EXPECT_EQ(json::parse(ledger_.station_messages[0].second)["status"], "Installed");
}

TEST_F(StationServiceTest, EveryStationInitiatedActionHasAHandler) {
    for (const auto version : {ocpp::Version::v16, ocpp::Version::v201}) {
        connect("CP-all", version);
        for (const auto& action : ocpp::actions(version)) {
            if (action.initiator != ocpp::Initiator::Station) continue;
            // An empty payload: a handler answers it (or its decoder refuses it); without one
            // the endpoint says "no handler".
            const auto answers = send(R"([2,"a1",")" + std::string(action.name) + R"(",{}])");
            for (const auto& answer : answers) {
                EXPECT_FALSE(answer.dump().find("no handler") != std::string::npos)
                    << ocpp::subprotocol(version) << " " << action.name;
            }
            commit();
        }
    }
}

TEST_F(StationServiceTest, RemoteStartWithAnEnergyLimitIsStoppedWhenTheLimitIsReached) {
    connect("CP-1", ocpp::Version::v16);
    std::optional<tl::expected<std::string, std::string>> answer;
    service_.remote_start("CP-1",
                          {2, session::Token{"DRIVER-7", session::TokenType::Central},
                           SessionLimit{10'000, std::nullopt}},
                          [&](auto result) { answer = std::move(result); });
    ASSERT_EQ(connection_->outbound().size(), 1u);
    const auto start = json::parse(connection_->outbound()[0]);
    EXPECT_EQ(start[2], "RemoteStartTransaction");
    EXPECT_EQ(start[3], json::parse(R"({"connectorId":2,"idTag":"DRIVER-7"})"));
    send(R"([3,")" + start[1].get<std::string>() + R"(",{"status":"Accepted"}])");
    ASSERT_TRUE(answer && *answer);

    send(R"([2,"s1","StartTransaction",{"connectorId":2,"idTag":"DRIVER-7","meterStart":500,
             "timestamp":"2026-11-28T12:00:05Z"}])");
    commit();
    send(R"([2,"m1","MeterValues",{"connectorId":2,"transactionId":41,"meterValue":[
             {"timestamp":"2026-11-28T12:30:00Z","sampledValue":[{"value":"10499"}]}]}])");
    commit();
    std::size_t before = connection_->outbound().size();
    service_.on_tick();
    EXPECT_EQ(connection_->outbound().size(), before) << "9,999 Wh is under the limit";

    send(R"([2,"m2","MeterValues",{"connectorId":2,"transactionId":41,"meterValue":[
             {"timestamp":"2026-11-28T12:31:00Z","sampledValue":[{"value":"10.5","unit":"kWh"}]}]}])");
    commit();
    before = connection_->outbound().size();
    service_.on_tick();
    const auto stop = frames_since(before);
    ASSERT_EQ(stop.size(), 1u);
    EXPECT_EQ(stop[0][2], "RemoteStopTransaction");
    EXPECT_EQ(stop[0][3], json::parse(R"({"transactionId":41})"));
}

TEST_F(StationServiceTest, RemoteStartOfADisconnectedStationSaysSo) {
    std::optional<tl::expected<std::string, std::string>> answer;
    service_.remote_start("CP-absent", {}, [&](auto result) { answer = std::move(result); });
    ASSERT_TRUE(answer);
    ASSERT_FALSE(*answer);
    EXPECT_EQ(answer->error(), "station CP-absent is not connected");
}

TEST_F(StationServiceTest, A16SessionIsSentItsRunningCostByDataTransfer) {
    service_.set_tariff_feed(test::feed_for("CP-1", test::energy_tariff_json(200)));
    connect("CP-1", ocpp::Version::v16);
    send(R"([2,"s1","StartTransaction",{"connectorId":1,"idTag":"04A2B3C4","meterStart":1000,
             "timestamp":"2026-11-28T11:30:00Z"}])");
    commit();
    send(R"([2,"m1","MeterValues",{"connectorId":1,"transactionId":41,"meterValue":[
             {"timestamp":"2026-11-28T11:59:00Z","sampledValue":[{"value":"13170"}]}]}])");
    commit();
    std::size_t before = connection_->outbound().size();
    service_.on_tick();
    auto sent = frames_since(before);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0][2], "DataTransfer");
    EXPECT_EQ(sent[0][3]["vendorId"], "org.iskra");
    EXPECT_EQ(sent[0][3]["messageId"], "RunningCost");
    // 13,170 − 1,000 Wh = 12.17 kWh × 2.00 zł = 24.34 zł.
    EXPECT_EQ(json::parse(sent[0][3]["data"].get<std::string>()),
              json::parse(R"({"transactionId":41,"totalCost":"24.34","currency":"PLN"})"));

    // A station without the extension says so; it is not asked again on this connection.
    send(R"([3,")" + sent[0][1].get<std::string>() + R"(",{"status":"UnknownVendorId"}])");
    send(R"([2,"m2","MeterValues",{"connectorId":1,"transactionId":41,"meterValue":[
             {"timestamp":"2026-11-28T12:00:00Z","sampledValue":[{"value":"14000"}]}]}])");
    commit();
    g_now += std::chrono::minutes(5);
    before = connection_->outbound().size();
    service_.on_tick();
    EXPECT_TRUE(frames_since(before).empty());
}

TEST_F(StationServiceTest, A201SessionIsSentCostUpdatedUntilItEnds) {
    service_.set_tariff_feed(test::feed_for("CP-2", test::energy_tariff_json(200)));
    connect("CP-2", ocpp::Version::v201);
    send(R"([2,"t1","TransactionEvent",{"eventType":"Started","timestamp":"2026-11-28T11:30:00Z",
             "triggerReason":"CablePluggedIn","seqNo":0,
             "transactionInfo":{"transactionId":"tx-7"},"evse":{"id":1,"connectorId":1},
             "meterValue":[{"timestamp":"2026-11-28T11:30:00Z","sampledValue":[{"value":2000,
               "context":"Transaction.Begin"}]}]}])");
    commit();
    send(R"([2,"t2","TransactionEvent",{"eventType":"Updated","timestamp":"2026-11-28T11:59:00Z",
             "triggerReason":"MeterValuePeriodic","seqNo":1,
             "transactionInfo":{"transactionId":"tx-7"},
             "meterValue":[{"timestamp":"2026-11-28T11:59:00Z","sampledValue":[{"value":8170}]}]}])");
    commit();
    std::size_t before = connection_->outbound().size();
    service_.on_tick();
    auto sent = frames_since(before);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0][2], "CostUpdated");
    // 8,170 − 2,000 Wh = 6.17 kWh × 2.00 zł = 12.34 zł.
    EXPECT_EQ(sent[0][3], json::parse(R"({"totalCost":12.34,"transactionId":"tx-7"})"));
    send(R"([3,")" + sent[0][1].get<std::string>() + R"(",{}])");

    send(R"([2,"t3","TransactionEvent",{"eventType":"Ended","timestamp":"2026-11-28T12:00:00Z",
             "triggerReason":"EVCommunicationLost","seqNo":2,
             "transactionInfo":{"transactionId":"tx-7","stoppedReason":"EVDisconnected"},
             "meterValue":[{"timestamp":"2026-11-28T12:00:00Z","sampledValue":[{"value":9000,
               "context":"Transaction.End"}]}]}])");
    commit();
    g_now += std::chrono::minutes(5);
    before = connection_->outbound().size();
    service_.on_tick();
    EXPECT_TRUE(frames_since(before).empty()) << "an ended session gets no more figures";
}

TEST_F(StationServiceTest, HeartbeatNeedsNoCommit) {
    connect("CP-1", ocpp::Version::v201);
    const auto answers = send(R"([2,"h1","Heartbeat",{}])");
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0], json::parse(R"([3,"h1",{"currentTime":"2026-11-28T12:00:00.000Z"}])"));
}

}  // namespace
}  // namespace iskra::gateway
