// The session model written back as OCPP 1.6: answers to stations, and the simulator's messages.
// Round trips go through JSON text, so the schema check in the decoder judges what we write.
#include "iskra/session/to_v16.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "iskra/session/from_v16.hpp"
#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;
using test::load_message;
using test::utc;

constexpr const char* kStation = "PL-WAW-0042";

// Encodes, decodes (validating against the 1.6 schema) and maps back.
template <class Message, class... Extra>
auto through_json(const Message& message, Extra... extra) {
    const auto decoded = ocpp::parse_payload<Message>(ocpp::encode_payload(message));
    if (!decoded) throw std::runtime_error("invalid 1.6 message: " + decoded.error().describe());
    return from_v16(kStation, *decoded, extra...);
}

TEST(ToV16, AuthorizationDecisionBecomesIdTagInfo) {
    AuthorizationDecision decision;
    decision.status = AuthorizationStatus::Accepted;
    decision.expires_at = utc(2026, 12, 31, 22, 59, 59);
    decision.group = Token{"FLEET-PGE-07", TokenType::Central};
    const auto info = to_v16(decision);
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(nlohmann::json::parse(ocpp::encode_payload(v16::AuthorizeResponse{*info})),
              nlohmann::json::parse(R"({"idTagInfo":{"status":"Accepted",
                  "expiryDate":"2026-12-31T22:59:59.000Z","parentIdTag":"FLEET-PGE-07"}})"));
}

TEST(ToV16, DecisionsOneSixCannotNameAreInvalid) {
    AuthorizationDecision decision;
    decision.status = AuthorizationStatus::NoCredit;
    EXPECT_EQ(to_v16(decision)->status, v16::AuthorizationStatus::Invalid);
}

TEST(ToV16, GroupTokenLongerThanAnIdTagIsRefused) {
    AuthorizationDecision decision;
    decision.status = AuthorizationStatus::Accepted;
    decision.group = Token{"PL-PGE-C12345678-9-GROUP", TokenType::EMAID};
    const auto info = to_v16(decision);
    ASSERT_FALSE(info);
    EXPECT_EQ(info.error().field, "group");
}

TEST(ToV16, MeterSampleInBaseUnits) {
    MeterSample sample;
    sample.timestamp = utc(2026, 3, 29, 0, 45, 0);
    sample.energy_wh = 12345;
    sample.power_w = 7200;
    sample.current_a = 10.6;
    const auto json = nlohmann::json::parse(ocpp::encode_payload(to_v16(sample)));
    EXPECT_EQ(json, nlohmann::json::parse(R"({"timestamp":"2026-03-29T00:45:00.000Z",
        "sampledValue":[
          {"value":"12345","context":"Sample.Periodic",
           "measurand":"Energy.Active.Import.Register","unit":"Wh"},
          {"value":"7200","context":"Sample.Periodic",
           "measurand":"Power.Active.Import","unit":"W"},
          {"value":"10.6","context":"Sample.Periodic",
           "measurand":"Current.Import","unit":"A"}]})"));
}

TEST(ToV16, StopTransactionRoundTrip) {
    const auto original =
        from_v16(kStation, load_message<v16::StopTransactionRequest>("v16/StopTransaction.json"));
    ASSERT_TRUE(original);
    const auto message = to_v16(*original);
    ASSERT_TRUE(message) << message.error().describe();
    EXPECT_EQ(message->reason, v16::Reason::EVDisconnected);
    EXPECT_EQ(through_json(*message), original);
}

TEST(ToV16, StartTransactionRoundTrip) {
    const auto original = from_v16(
        kStation, load_message<v16::StartTransactionRequest>("v16/StartTransaction.json"), 1093);
    ASSERT_TRUE(original);
    const auto message = to_v16(*original);
    ASSERT_TRUE(message) << message.error().describe();
    EXPECT_EQ(message->timestamp, "2026-03-29T00:30:00.000Z");
    EXPECT_EQ(through_json(*message, std::int64_t{1093}), original);
}

TEST(ToV16, StatusBootAndMeterValuesRoundTrip) {
    const auto status = from_v16(kStation, load_message<v16::StatusNotificationRequest>(
                                               "v16/StatusNotification.faulted.json"));
    ASSERT_TRUE(status);
    EXPECT_EQ(through_json(to_v16(*status).value()), status);

    const auto boot =
        from_v16(kStation, load_message<v16::BootNotificationRequest>("v16/BootNotification.json"));
    ASSERT_TRUE(boot);
    EXPECT_EQ(through_json(to_v16(*boot).value()), boot);

    const auto meter =
        from_v16(kStation, load_message<v16::MeterValuesRequest>("v16/MeterValues.no_energy.json"));
    ASSERT_TRUE(meter);
    EXPECT_EQ(through_json(to_v16(*meter).value()), meter);
}

TEST(ToV16, TwoZeroOneStatusesAndErrorsInOneSixWords) {
    ConnectorStatusChanged event;
    event.connector = ConnectorRef{2, 1};
    event.status = ConnectorStatus::Occupied;
    event.error_code = "GroundFailure";
    auto message = to_v16(event);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->connectorId, 2);
    EXPECT_EQ(message->status, v16::ChargePointStatus::Preparing);
    EXPECT_EQ(message->errorCode, v16::ChargePointErrorCode::GroundFailure);
    EXPECT_FALSE(message->timestamp.has_value());

    event.error_code = "TamperDetected";
    EXPECT_EQ(to_v16(event)->errorCode, v16::ChargePointErrorCode::OtherError);
    event.error_code.reset();
    EXPECT_EQ(to_v16(event)->errorCode, v16::ChargePointErrorCode::NoError);
}

TEST(ToV16, EveryStopReasonEncodesAsAOneSixReason) {
    SessionEnded event;
    event.transaction = std::int64_t{5};
    event.meter_stop_wh = 100;
    for (const auto reason : test::all_values<StopReason>()) {
        event.reason = reason;
        const auto message = to_v16(event);
        ASSERT_TRUE(message);
        const auto back = through_json(*message);
        ASSERT_TRUE(back) << to_string(reason);
        EXPECT_EQ(back->reason, from_v16(to_v16(reason))) << to_string(reason);
    }
}

TEST(ToV16, WhatOneSixCannotCarryIsNamed) {
    SessionEnded ended;
    ended.transaction = std::string("b7e4c1f0-5a2d-4c8e-9f1a-2d3c4b5a6e7f");
    ended.meter_stop_wh = 1;
    EXPECT_EQ(to_v16(ended).error().field, "transaction");
    ended.transaction = std::int64_t{5};
    ended.meter_stop_wh.reset();
    EXPECT_EQ(to_v16(ended).error().field, "meter_stop_wh");

    SessionStarted started;
    started.transaction = std::int64_t{5};
    started.connector = ConnectorRef{1, 1};
    started.meter_start_wh = 0;
    EXPECT_EQ(to_v16(started).error().field, "token");
    started.token = Token{"PL-PGE-C12345678-9-XYZ", TokenType::EMAID};
    EXPECT_EQ(to_v16(started).error().field, "token");
    started.token = Token{"04A2B9C2E15A80", TokenType::IdTag};
    started.connector = ConnectorRef{0, 0};
    EXPECT_EQ(to_v16(started).error().field, "connector");
}

}  // namespace
}  // namespace iskra::session
