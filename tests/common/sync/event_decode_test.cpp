#include <string>

#include <gtest/gtest.h>

#include "iskra/sync/event_decode.hpp"
#include "iskra/sync/event_json.hpp"
#include "sync_test_support.hpp"

namespace iskra::sync {
namespace {

using nlohmann::json;

// The encoded form of the sample event of `type`, for tests that break one field of it.
json encoded(std::string_view type) {
    for (const auto& event : test::every_event()) {
        if (event_type(event.body) == type) return to_json(event);
    }
    throw std::runtime_error("no sample event " + std::string(type));
}

WireError failure(std::string_view type, const json& payload) {
    auto decoded = decode_event(type, payload);
    EXPECT_FALSE(decoded) << type << " decoded although broken: " << payload.dump();
    return decoded ? WireError{} : decoded.error();
}

TEST(EventDecode, UnknownTypeNamesTheTypeField) {
    const WireError error = failure("SessionTeleported", json::object());
    EXPECT_EQ(error.field, "type");
    EXPECT_NE(error.message.find("SessionTeleported"), std::string::npos);
    EXPECT_FALSE(is_known_event_type("SessionTeleported"));
    for (const auto& event : test::every_event())
        EXPECT_TRUE(is_known_event_type(event_type(event.body))) << event_type(event.body);
}

TEST(EventDecode, PayloadThatIsNotAnObject) {
    EXPECT_EQ(failure("StationBooted", json::array()).field, "payload");
    auto text = decode_event("StationBooted", std::string_view("{not json"));
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().field, "payload");
}

TEST(EventDecode, MissingRequiredFieldIsNamed) {
    json payload = encoded("SessionStarted");
    payload.erase("started_at");
    EXPECT_EQ(failure("SessionStarted", payload).field, "payload.started_at");
}

TEST(EventDecode, MistypedSampleValueIsNamedWithItsIndex) {
    json payload = encoded("SessionUpdated");
    payload["samples"][1]["energy_wh"] = "12345";
    const WireError error = failure("SessionUpdated", payload);
    EXPECT_EQ(error.field, "payload.samples[1].energy_wh");
    EXPECT_EQ(error.describe(), "payload.samples[1].energy_wh: expected an integer, got a string");
}

TEST(EventDecode, FractionalEnergyIsRefusedNotTruncated) {
    json payload = encoded("MeterValuesReported");
    payload["samples"][0]["energy_wh"] = 12.5;
    EXPECT_EQ(failure("MeterValuesReported", payload).field, "payload.samples[0].energy_wh");
}

TEST(EventDecode, UnknownEnumValueIsNamed) {
    json payload = encoded("SessionEnded");
    payload["reason"] = "Teleported";
    const WireError error = failure("SessionEnded", payload);
    EXPECT_EQ(error.field, "payload.reason");
    EXPECT_NE(error.message.find("Teleported"), std::string::npos);

    payload = encoded("SessionEnded");
    payload["samples"][0]["measurands"][2] = "Smell";
    EXPECT_EQ(failure("SessionEnded", payload).field, "payload.samples[0].measurands[2]");
}

TEST(EventDecode, BadTimestampIsNamed) {
    json payload = encoded("SecurityEventReported");
    payload["timestamp"] = "2026-13-01T00:00:00Z";
    EXPECT_EQ(failure("SecurityEventReported", payload).field, "payload.timestamp");
}

TEST(EventDecode, NestedTokenFieldsAreNamed) {
    json payload = encoded("AuthorizationAnswered");
    payload["decision"]["group"].erase("type");
    EXPECT_EQ(failure("AuthorizationAnswered", payload).field, "payload.decision.group.type");

    payload = encoded("AuthorizationRequested");
    payload["token"] = "04A2";
    EXPECT_EQ(failure("AuthorizationRequested", payload).field, "payload.token");
}

TEST(EventDecode, TransactionMustBeIntegerOrString) {
    json payload = encoded("SessionEnded");
    payload["transaction"] = 1.5;
    EXPECT_EQ(failure("SessionEnded", payload).field, "payload.transaction");
}

TEST(EventDecode, StoreEventsNameTheirFields) {
    json payload = encoded("CommandCompleted");
    payload["command_id"] = "seven";
    EXPECT_EQ(failure("CommandCompleted", payload).field, "payload.command_id");

    payload = encoded("SessionFlagged");
    payload.erase("kind");
    EXPECT_EQ(failure("SessionFlagged", payload).field, "payload.kind");
}

// The gateway keeps what no site code acts on as StationMessage rows (gateway/app's ledger
// writes {"action", "payload", "station_id"}); central reads them like any other event.
TEST(EventDecode, StationMessagesAsTheGatewayWritesThem) {
    auto decoded = decode_event(
        "StationMessage",
        std::string_view(R"({"action":"DataTransfer","payload":{"vendorId":"acme","data":"x"},)"
                         R"("station_id":"ST-7"})"));
    ASSERT_TRUE(decoded) << decoded.error().describe();
    const auto& message = std::get<StationMessage>(decoded->body);
    EXPECT_EQ(message.station_id, "ST-7");
    EXPECT_EQ(message.action, "DataTransfer");
    EXPECT_EQ(message.payload, (json{{"vendorId", "acme"}, {"data", "x"}}));

    json payload = encoded("StationMessage");
    payload.erase("action");
    EXPECT_EQ(failure("StationMessage", payload).field, "payload.action");
}

TEST(EventDecode, UnknownFieldsAreIgnored) {
    json payload = encoded("StationBooted");
    payload["added_by_a_newer_gateway"] = 1;
    EXPECT_TRUE(decode_event("StationBooted", payload));
}

TEST(EventDecode, NullReadsAsAbsentForOptionalFields) {
    json payload = encoded("SessionStarted");
    payload["token"] = nullptr;
    auto decoded = decode_event("SessionStarted", payload);
    ASSERT_TRUE(decoded) << decoded.error().describe();
    EXPECT_FALSE(std::get<session::SessionStarted>(decoded->body).token);
}

TEST(EventDecode, ADecisionNeedsItsDecidedAt) {
    json payload = encoded("AuthorizationAnswered");
    payload.erase("decided_at");
    EXPECT_EQ(failure("AuthorizationAnswered", payload).field, "payload.decided_at");
}

}  // namespace
}  // namespace iskra::sync
