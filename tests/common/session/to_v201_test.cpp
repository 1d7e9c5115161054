// The session model written back as OCPP 2.0.1: answers to stations, and the simulator's
// messages. Round trips go through JSON text, so the decoder's schema check judges what we write.
#include "iskra/session/to_v201.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "iskra/session/from_v201.hpp"
#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;
using test::load_message;
using test::utc;

constexpr const char* kStation = "PL-KRK-0007";

template <class Message>
auto through_json(const Message& message) {
    const auto decoded = ocpp::parse_payload<Message>(ocpp::encode_payload(message));
    if (!decoded) throw std::runtime_error("invalid 2.0.1 message: " + decoded.error().describe());
    return from_v201(kStation, *decoded);
}

Event transaction_fixture(const std::string& name) {
    auto event = from_v201(kStation, load_message<v201::TransactionEventRequest>(name));
    if (!event) throw std::runtime_error(event.error().describe());
    return *event;
}

TEST(ToV201, AuthorizationDecisionBecomesIdTokenInfo) {
    AuthorizationDecision decision;
    decision.status = AuthorizationStatus::NoCredit;
    decision.expires_at = utc(2026, 11, 28, 23, 0, 0);
    decision.group = Token{"FLEET-PGE-07", TokenType::IdTag};
    const auto info = to_v201(decision);
    ASSERT_TRUE(info) << info.error().describe();
    v201::AuthorizeResponse response;
    response.idTokenInfo = *info;
    EXPECT_EQ(nlohmann::json::parse(ocpp::encode_payload(response)),
              nlohmann::json::parse(R"({"idTokenInfo":{"status":"NoCredit",
                  "cacheExpiryDateTime":"2026-11-28T23:00:00.000Z",
                  "groupIdToken":{"idToken":"FLEET-PGE-07","type":"ISO14443"}}})"));
}

TEST(ToV201, TokenLongerThanAnIdTokenIsRefused) {
    const auto token = to_v201(Token{std::string(37, 'A'), TokenType::Central});
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().field, "token");
}

TEST(ToV201, TransactionSequenceRoundTrips) {
    for (const char* name :
         {"v201/TransactionEvent.started.json", "v201/TransactionEvent.updated.json",
          "v201/TransactionEvent.ended.json"}) {
        const Event original = transaction_fixture(name);
        const auto message = std::visit(
            [](const auto& event) -> tl::expected<v201::TransactionEventRequest, MappingError> {
                using Session = std::decay_t<decltype(event)>;
                if constexpr (std::is_same_v<Session, SessionStarted> ||
                              std::is_same_v<Session, SessionUpdated> ||
                              std::is_same_v<Session, SessionEnded>) {
                    return to_v201(event);
                } else {
                    return tl::unexpected(MappingError{"", "not a transaction event"});
                }
            },
            original);
        ASSERT_TRUE(message) << name << ": " << message.error().describe();
        const auto back = through_json(*message);
        ASSERT_TRUE(back) << name << ": " << back.error().describe();
        EXPECT_EQ(*back, original) << name;
    }
}

TEST(ToV201, OneSixSessionEndedGivesItsMeterStopAsTransactionEndSample) {
    SessionEnded ended;
    ended.transaction = std::string("GW-1093");
    ended.meter_stop_wh = 1542805;
    ended.ended_at = utc(2026, 3, 29, 2, 12, 31, 500);
    ended.reason = StopReason::SoftReset;
    ended.sequence = TransactionSequence{7, "ResetCommand"};
    const auto message = to_v201(ended);
    ASSERT_TRUE(message) << message.error().describe();
    EXPECT_EQ(message->transactionInfo.stoppedReason, v201::ReasonEnumType::ImmediateReset);
    const auto back = through_json(*message);
    ASSERT_TRUE(back) << back.error().describe();
    const auto& mapped = std::get<SessionEnded>(*back);
    EXPECT_EQ(mapped.meter_stop_wh, 1542805);
    ASSERT_EQ(mapped.samples.size(), 1u);
    EXPECT_EQ(mapped.samples[0].context, ReadingContext::TransactionEnd);
    EXPECT_EQ(mapped.samples[0].timestamp, ended.ended_at);
    EXPECT_EQ(mapped.sequence, ended.sequence);
    EXPECT_EQ(mapped.offline, false);
}

TEST(ToV201, WhatTwoZeroOneCannotCarryIsNamed) {
    SessionStarted started;
    started.transaction = std::int64_t{1093};
    started.sequence = TransactionSequence{0, "Authorized"};
    EXPECT_EQ(to_v201(started).error().field, "transaction");
    started.transaction = std::string("GW-1093");
    started.sequence.reset();
    EXPECT_EQ(to_v201(started).error().field, "sequence");
    started.sequence = TransactionSequence{0, "Plugged"};
    EXPECT_EQ(to_v201(started).error().field, "sequence.trigger_reason");
    started.sequence = TransactionSequence{0, "Authorized"};
    EXPECT_TRUE(to_v201(started));

    ConnectorStatusChanged status;
    status.connector = ConnectorRef{1, 1};
    EXPECT_EQ(to_v201(status).error().field, "timestamp");

    StationBooted boot;
    boot.boot_reason = "Sunrise";
    EXPECT_EQ(to_v201(boot).error().field, "boot_reason");
}

TEST(ToV201, OneSixStatusesAreOccupied) {
    ConnectorStatusChanged status;
    status.connector = ConnectorRef{3, 1};
    status.timestamp = utc(2026, 11, 28, 12, 0, 0);
    status.status = ConnectorStatus::SuspendedEV;
    const auto message = to_v201(status);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->connectorStatus, v201::ConnectorStatusEnumType::Occupied);
    EXPECT_EQ(message->evseId, 3);
    EXPECT_EQ(message->connectorId, 1);
}

TEST(ToV201, StatusBootAndMeterValuesRoundTrip) {
    const auto status = from_v201(
        kStation, load_message<v201::StatusNotificationRequest>("v201/StatusNotification.json"));
    ASSERT_TRUE(status);
    EXPECT_EQ(through_json(to_v201(*status).value()), status);

    const auto boot = from_v201(
        kStation, load_message<v201::BootNotificationRequest>("v201/BootNotification.json"));
    ASSERT_TRUE(boot);
    EXPECT_EQ(through_json(to_v201(*boot).value()), boot);

    auto meter_request = load_message<v201::MeterValuesRequest>("v201/MeterValues.json");
    meter_request.meterValue.at(0).sampledValue.pop_back();  // Frequency is not written back
    const auto meter = from_v201(kStation, meter_request);
    ASSERT_TRUE(meter);
    EXPECT_EQ(through_json(to_v201(*meter).value()), meter);
}

}  // namespace
}  // namespace iskra::session
