// OCPP 1.6 messages as stations send them, mapped to the events a back office relies on.
#include "iskra/session/from_v16.hpp"

#include <gtest/gtest.h>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;
using test::load_message;
using test::utc;

constexpr const char* kStation = "PL-WAW-0042";

TEST(FromV16, BootNotificationPrefersChargePointSerialNumber) {
    const auto event =
        from_v16(kStation, load_message<v16::BootNotificationRequest>("v16/BootNotification.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->station_id, kStation);
    EXPECT_EQ(event->protocol, ocpp::Version::v16);
    EXPECT_EQ(event->vendor, "Ekoenergetyka");
    EXPECT_EQ(event->model, "AXON Side 22");
    EXPECT_EQ(event->serial_number, "EKO-22-004711");
    EXPECT_EQ(event->firmware_version, "3.2.1-pl");
    EXPECT_EQ(event->iccid, "8948031234567890123");
    EXPECT_EQ(event->meter_type, "Iskra WS1102");
    EXPECT_EQ(event->meter_serial_number, "70123456");
    EXPECT_FALSE(event->boot_reason.has_value());
}

TEST(FromV16, BootNotificationFallsBackToDeprecatedChargeBoxSerial) {
    const auto request = ocpp::parse_payload<v16::BootNotificationRequest>(
        R"({"chargePointVendor":"Garo","chargePointModel":"GLB","chargeBoxSerialNumber":"GB-1"})");
    ASSERT_TRUE(request);
    EXPECT_EQ(from_v16(kStation, *request)->serial_number, "GB-1");
}

TEST(FromV16, FaultedConnectorKeepsTheVendorsWords) {
    const auto event = from_v16(kStation, load_message<v16::StatusNotificationRequest>(
                                              "v16/StatusNotification.faulted.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->connector, (ConnectorRef{2, 1}));
    EXPECT_EQ(event->status, ConnectorStatus::Faulted);
    EXPECT_EQ(event->timestamp, utc(2026, 11, 28, 12, 5, 7, 250));
    EXPECT_EQ(event->error_code, "GroundFailure");
    EXPECT_EQ(event->info, "RCD tripped");
    EXPECT_EQ(event->vendor_id, "pl.ekoenergetyka");
    EXPECT_EQ(event->vendor_error_code, "E-0412");
}

TEST(FromV16, ConnectorZeroIsTheStationItself) {
    const auto event = from_v16(kStation, load_message<v16::StatusNotificationRequest>(
                                              "v16/StatusNotification.station.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_TRUE(event->connector.is_station());
    EXPECT_EQ(event->status, ConnectorStatus::Unavailable);
    EXPECT_FALSE(event->error_code.has_value());  // NoError is not an error
    EXPECT_FALSE(event->timestamp.has_value());
}

TEST(FromV16, EveryStatusArrivesUnderItsOwnName) {
    for (const auto status : test::all_values<v16::ChargePointStatus>()) {
        v16::StatusNotificationRequest request;
        request.connectorId = 1;
        request.status = status;
        const auto event = from_v16(kStation, request);
        ASSERT_TRUE(event);
        EXPECT_EQ(to_string(event->status), v16::to_string(status));
    }
}

TEST(FromV16, AuthorizeAskedAndAnswered) {
    const auto request = load_message<v16::AuthorizeRequest>("v16/Authorize.json");
    const auto asked = from_v16(kStation, request);
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->token, (Token{"04A2B9C2E15A80", TokenType::IdTag}));

    const auto answered = from_v16(
        kStation, request, load_message<v16::AuthorizeResponse>("v16/AuthorizeResponse.json"));
    ASSERT_TRUE(answered) << answered.error().describe();
    EXPECT_EQ(answered->token.id, "04A2B9C2E15A80");
    EXPECT_EQ(answered->decision.status, AuthorizationStatus::Accepted);
    EXPECT_EQ(answered->decision.expires_at, utc(2026, 12, 31, 22, 59, 59));
    EXPECT_EQ(answered->decision.group, (Token{"FLEET-PGE-07", TokenType::IdTag}));
}

TEST(FromV16, StartTransactionWithTheAssignedTransactionId) {
    const auto event = from_v16(
        kStation, load_message<v16::StartTransactionRequest>("v16/StartTransaction.json"), 1093);
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->transaction, TransactionRef{std::int64_t{1093}});
    EXPECT_EQ(event->connector, (ConnectorRef{1, 1}));
    EXPECT_EQ(event->token, (Token{"04A2B9C2E15A80", TokenType::IdTag}));
    EXPECT_EQ(event->meter_start_wh, 1520300);
    EXPECT_EQ(format_timestamp(event->started_at), "2026-03-29T00:30:00.000Z");
    EXPECT_EQ(event->reservation_id, 42);
    EXPECT_FALSE(event->offline.has_value());  // 1.6 cannot say
    EXPECT_FALSE(event->sequence.has_value());
    EXPECT_TRUE(event->samples.empty());
}

TEST(FromV16, StartTransactionOnConnectorZeroIsUnusable) {
    auto request = load_message<v16::StartTransactionRequest>("v16/StartTransaction.json");
    request.connectorId = 0;
    const auto event = from_v16(kStation, request, 1);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/connectorId");
}

TEST(FromV16, MeterValuesInKilowattHoursAndKilowatts) {
    const auto event =
        from_v16(kStation, load_message<v16::MeterValuesRequest>("v16/MeterValues.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->connector, (ConnectorRef{1, 1}));
    EXPECT_EQ(event->transaction, TransactionRef{std::int64_t{1093}});
    ASSERT_EQ(event->samples.size(), 2u);

    const auto& first = event->samples[0];
    EXPECT_EQ(format_timestamp(first.timestamp), "2026-03-29T00:45:00.000Z");
    EXPECT_EQ(first.context, ReadingContext::SamplePeriodic);
    EXPECT_EQ(first.energy_wh, 12345);  // "12.345" kWh
    EXPECT_EQ(first.power_w, 7200);     // "7.2" kW
    EXPECT_EQ(first.current_a, 10.6);   // the highest of the three phases
    EXPECT_EQ(first.voltage_v, 231.2);
    EXPECT_EQ(first.soc_percent, 41.0);
    EXPECT_EQ(first.measurands,
              (std::vector<Measurand>{Measurand::EnergyActiveImportRegister,
                                      Measurand::PowerActiveImport, Measurand::CurrentImport,
                                      Measurand::Voltage, Measurand::SoC, Measurand::Temperature}));

    const auto& second = event->samples[1];
    EXPECT_EQ(second.timestamp, utc(2026, 3, 29, 1, 0, 0));
    EXPECT_EQ(second.context, ReadingContext::SampleClock);
    EXPECT_EQ(second.energy_wh, 14124);  // 14123.5 Wh rounds half-up
    EXPECT_EQ(second.power_w, 7000);     // 7000.4 W rounds down
    EXPECT_FALSE(second.current_a.has_value());
}

TEST(FromV16, SampleWithoutEnergyRegisterSaysNothingAboutEnergy) {
    const auto event =
        from_v16(kStation, load_message<v16::MeterValuesRequest>("v16/MeterValues.no_energy.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_FALSE(event->transaction.has_value());
    ASSERT_EQ(event->samples.size(), 1u);
    const auto& sample = event->samples[0];
    EXPECT_FALSE(sample.energy_wh.has_value());
    EXPECT_EQ(sample.power_w, 6900);  // per-phase powers, no unit given: W, summed
    EXPECT_EQ(sample.current_a, 10.0);
    EXPECT_EQ(sample.measurands,
              (std::vector<Measurand>{Measurand::PowerActiveImport, Measurand::CurrentImport}));
}

TEST(FromV16, MainMeterOnConnectorZero) {
    const auto request = ocpp::parse_payload<v16::MeterValuesRequest>(
        R"({"connectorId":0,"meterValue":[{"timestamp":"2026-11-28T12:00:00Z",
            "sampledValue":[{"value":"88001"}]}]})");
    ASSERT_TRUE(request);
    const auto event = from_v16(kStation, *request);
    ASSERT_TRUE(event);
    EXPECT_TRUE(event->connector.is_station());
    // No measurand, no unit: the specification's defaults, Energy.Active.Import.Register in Wh.
    EXPECT_EQ(event->samples.at(0).energy_wh, 88001);
}

TEST(FromV16, OutletRegisterIsBilledNotTheInlet) {
    for (const char* order : {R"([{"value":"10.5","unit":"kWh","location":"Inlet"},
                                  {"value":"10.2","unit":"kWh","location":"Outlet"}])",
                              R"([{"value":"10.2","unit":"kWh"},
                                  {"value":"10.5","unit":"kWh","location":"Inlet"}])"}) {
        const auto request = ocpp::parse_payload<v16::MeterValuesRequest>(
            std::string(R"({"connectorId":1,"meterValue":[{"timestamp":"2026-11-28T12:00:00Z",
                "sampledValue":)") +
            order + "}]}");
        ASSERT_TRUE(request) << request.error().describe();
        const auto event = from_v16(kStation, *request);
        ASSERT_TRUE(event);
        EXPECT_EQ(event->samples.at(0).energy_wh, 10200) << order;
    }
}

TEST(FromV16, UnreadableValueNamesTheField) {
    const auto request = ocpp::parse_payload<v16::MeterValuesRequest>(
        R"({"connectorId":1,"transactionId":7,"meterValue":[
            {"timestamp":"2026-11-28T12:00:00Z","sampledValue":[
               {"value":"1","measurand":"Voltage"}]},
            {"timestamp":"2026-11-28T12:01:00Z","sampledValue":[
               {"value":"230","measurand":"Voltage"},
               {"value":"12,5","measurand":"Energy.Active.Import.Register","unit":"kWh"}]}]})");
    ASSERT_TRUE(request);
    const auto event = from_v16(kStation, *request);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/meterValue/1/sampledValue/1/value");
    EXPECT_NE(event.error().describe().find("12,5"), std::string::npos);
}

TEST(FromV16, UnitThatCannotExpressTheMeasurandNamesTheUnit) {
    const auto request = ocpp::parse_payload<v16::MeterValuesRequest>(
        R"({"connectorId":1,"meterValue":[{"timestamp":"2026-11-28T12:00:00Z","sampledValue":[
              {"value":"5","measurand":"Energy.Active.Import.Register","unit":"kvarh"}]}]})");
    ASSERT_TRUE(request);
    const auto event = from_v16(kStation, *request);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/meterValue/0/sampledValue/0/unit");
}

TEST(FromV16, UnmodelledMeasurandsAndSignedDataAreNotRead) {
    const auto request = ocpp::parse_payload<v16::MeterValuesRequest>(
        R"({"connectorId":1,"meterValue":[{"timestamp":"2026-11-28T12:00:00Z","sampledValue":[
              {"value":"warm","measurand":"Temperature","unit":"Celsius"},
              {"value":"AQIDBA==","format":"SignedData"},
              {"value":"1000"}]}]})");
    ASSERT_TRUE(request);
    const auto event = from_v16(kStation, *request);
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->samples.at(0).energy_wh, 1000);
}

TEST(FromV16, StopTransactionWithTransactionData) {
    const auto event =
        from_v16(kStation, load_message<v16::StopTransactionRequest>("v16/StopTransaction.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->transaction, TransactionRef{std::int64_t{1093}});
    EXPECT_EQ(event->token, (Token{"04A2B9C2E15A80", TokenType::IdTag}));
    EXPECT_EQ(event->meter_stop_wh, 1542805);
    EXPECT_EQ(format_timestamp(event->ended_at), "2026-03-29T02:12:31.500Z");
    EXPECT_EQ(event->reason, StopReason::EVDisconnected);
    ASSERT_EQ(event->samples.size(), 2u);
    EXPECT_EQ(event->samples[0].context, ReadingContext::TransactionBegin);
    EXPECT_EQ(event->samples[0].energy_wh, 1520300);
    EXPECT_EQ(event->samples[1].context, ReadingContext::TransactionEnd);
    EXPECT_EQ(event->samples[1].energy_wh, 1542805);
    EXPECT_EQ(event->samples[1].power_w, 0);
}

TEST(FromV16, StopTransactionWithoutReasonIsLocal) {
    auto request = load_message<v16::StopTransactionRequest>("v16/StopTransaction.json");
    request.reason.reset();
    EXPECT_EQ(from_v16(kStation, request)->reason, StopReason::Local);
}

TEST(FromV16, BadValueInTransactionDataNamesTransactionData) {
    auto request = load_message<v16::StopTransactionRequest>("v16/StopTransaction.json");
    request.transactionData->at(1).sampledValue.at(0).value = "1.542.805";
    const auto event = from_v16(kStation, request);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/transactionData/1/sampledValue/0/value");
}

TEST(FromV16, SecurityEventNormalisedToUtc) {
    const auto event = from_v16(kStation, load_message<v16::SecurityEventNotificationRequest>(
                                              "v16/SecurityEventNotification.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->type, "InvalidCentralSystemCertificate");
    EXPECT_EQ(event->timestamp, utc(2026, 11, 28, 11, 0, 0, 123));
    EXPECT_EQ(event->tech_info, "certificate chain ends at an unknown root");
}

TEST(FromV16, EventsNameThemselves) {
    const auto event =
        from_v16(kStation, load_message<v16::StopTransactionRequest>("v16/StopTransaction.json"));
    ASSERT_TRUE(event);
    EXPECT_EQ(event_name(Event{*event}), "SessionEnded");
}

}  // namespace
}  // namespace iskra::session
