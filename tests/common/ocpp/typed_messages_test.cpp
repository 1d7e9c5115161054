// The typed structs as the gateway and simulator use them: fields, optionals, enums, nested
// paths in errors, and kept vendor extensions.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "iskra/ocpp/codec.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"

namespace iskra::ocpp {
namespace {

TEST(TypedV16, BootNotificationFieldsAndOptionals) {
    const auto boot = parse_payload<v16::BootNotificationRequest>(
        R"({"chargePointVendor":"Ekoenergetyka","chargePointModel":"AC22","firmwareVersion":"1.4.2"})");
    ASSERT_TRUE(boot) << boot.error().describe();
    EXPECT_EQ(boot->chargePointVendor, "Ekoenergetyka");
    EXPECT_EQ(boot->chargePointModel, "AC22");
    EXPECT_EQ(boot->firmwareVersion, "1.4.2");
    EXPECT_FALSE(boot->chargePointSerialNumber.has_value());
}

TEST(TypedV16, ResponseEncodesWithEnumNamesAsTheSpecSpellsThem) {
    v16::BootNotificationResponse response;
    response.status = v16::RegistrationStatus::Accepted;
    response.currentTime = "2026-11-28T12:00:00.000Z";
    response.interval = 300;
    EXPECT_EQ(
        nlohmann::json::parse(encode_payload(response)),
        nlohmann::json::parse(
            R"({"status":"Accepted","currentTime":"2026-11-28T12:00:00.000Z","interval":300})"));
}

TEST(TypedV16, MeterValueEnumsWithDotsAndDashes) {
    const auto values =
        parse_payload<v16::MeterValuesRequest>(R"({"connectorId":1,"transactionId":7,
        "meterValue":[{"timestamp":"2026-11-28T12:00:00Z","sampledValue":[
          {"value":"1234.5","measurand":"Energy.Active.Import.Register","unit":"kWh","phase":"L1-N"}]}]})");
    ASSERT_TRUE(values) << values.error().describe();
    const auto& sample = values->meterValue.at(0).sampledValue.at(0);
    EXPECT_EQ(sample.measurand, v16::Measurand::Energy_Active_Import_Register);
    EXPECT_EQ(sample.unit, v16::UnitOfMeasure::kWh);
    EXPECT_EQ(sample.phase, v16::Phase::L1_N);
    EXPECT_EQ(to_string(*sample.measurand), "Energy.Active.Import.Register");
}

TEST(TypedV16, ErrorNamesTheNestedPath) {
    const auto values = parse_payload<v16::MeterValuesRequest>(R"({"connectorId":1,
        "meterValue":[{"timestamp":"2026-11-28T12:00:00Z","sampledValue":[
          {"value":"1"},{"value":"2","measurand":"Energy.Wrong"}]}]})");
    ASSERT_FALSE(values);
    EXPECT_EQ(values.error().violation, Violation::Property);
    EXPECT_EQ(values.error().path, "/meterValue/0/sampledValue/1/measurand");
}

TEST(TypedV16, MultipleOfOneTenthOnChargingLimits) {
    const char* kProfile = R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,
        "stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative",
        "chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[
          {"startPeriod":0,"limit":%s}]}}})";
    char text[512];
    std::snprintf(text, sizeof text, kProfile, "16.1");
    EXPECT_TRUE(parse_payload<v16::SetChargingProfileRequest>(text));
    std::snprintf(text, sizeof text, kProfile, "16.15");
    const auto bad = parse_payload<v16::SetChargingProfileRequest>(text);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().path,
              "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit");
}

TEST(TypedV201, TransactionEventWithCustomDataKeepsVendorMembers) {
    const char* kEvent = R"({"eventType":"Started","timestamp":"2026-11-28T12:00:00.000+01:00",
        "triggerReason":"Authorized","seqNo":0,"offline":true,
        "transactionInfo":{"transactionId":"a1b2","chargingState":"EVConnected"},
        "idToken":{"idToken":"04A2B3C4","type":"ISO14443"},
        "customData":{"vendorId":"com.example","firmwareBuild":{"n":17}}})";
    const auto event = parse_payload<v201::TransactionEventRequest>(kEvent);
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->eventType, v201::TransactionEventEnumType::Started);
    EXPECT_EQ(event->offline, true);
    EXPECT_EQ(event->idToken->type, v201::IdTokenEnumType::ISO14443);
    ASSERT_EQ(event->customData->additional.size(), 1u);
    EXPECT_EQ(event->customData->additional[0].first, "firmwareBuild");
    EXPECT_EQ(nlohmann::json::parse(encode_payload(*event)), nlohmann::json::parse(kEvent));
}

TEST(TypedV201, DataTransferCarriesAnyJson) {
    const auto transfer = parse_payload<v201::DataTransferRequest>(
        R"({"vendorId":"com.example","data":[1,{"a":"ł"},null]})");
    ASSERT_TRUE(transfer) << transfer.error().describe();
    EXPECT_EQ(transfer->data->json, R"([1,{"a":"ł"},null])");
}

TEST(TypedV201, MinItemsAndMaxItems) {
    const auto empty = parse_payload<v201::GetVariablesRequest>(R"({"getVariableData":[]})");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().violation, Violation::Occurrence);
    EXPECT_EQ(empty.error().path, "/getVariableData");
}

TEST(TypedParsing, TextThatIsNotJsonIsAFormationViolation) {
    const auto broken = parse_payload<v16::HeartbeatRequest>("{\"a\":");
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().violation, Violation::Formation);
}

TEST(TypedParsing, DuplicateKeysKeepTheLastValue) {
    const auto boot = parse_payload<v16::BootNotificationRequest>(
        R"({"chargePointVendor":"A","chargePointModel":"M","chargePointVendor":"B"})");
    ASSERT_TRUE(boot);
    EXPECT_EQ(boot->chargePointVendor, "B");
}

}  // namespace
}  // namespace iskra::ocpp
