// OCPP 2.0.1 messages as stations send them, mapped to the events a back office relies on,
// including a transaction's Started / Updated / Ended sequence with an offline stretch.
#include "iskra/session/from_v201.hpp"

#include <gtest/gtest.h>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;
using test::load_message;
using test::utc;

constexpr const char* kStation = "PL-KRK-0007";
constexpr const char* kTransaction = "b7e4c1f0-5a2d-4c8e-9f1a-2d3c4b5a6e7f";

template <class Session>
Session transaction_event(const std::string& fixture) {
    const auto event = from_v201(kStation, load_message<v201::TransactionEventRequest>(fixture));
    if (!event) throw std::runtime_error(event.error().describe());
    const auto* session = std::get_if<Session>(&*event);
    if (session == nullptr) throw std::runtime_error(fixture + ": unexpected event kind");
    return *session;
}

TEST(FromV201, BootNotification) {
    const auto event = from_v201(
        kStation, load_message<v201::BootNotificationRequest>("v201/BootNotification.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->protocol, ocpp::Version::v201);
    EXPECT_EQ(event->vendor, "ABB");
    EXPECT_EQ(event->model, "Terra 54");
    EXPECT_EQ(event->serial_number, "ABB-T54-2026-0099");
    EXPECT_EQ(event->firmware_version, "1.8.27");
    EXPECT_EQ(event->iccid, "8948031234567890124");
    EXPECT_EQ(event->imsi, "260011234567891");
    EXPECT_EQ(event->boot_reason, "PowerUp");
}

TEST(FromV201, StatusNotificationOccupied) {
    const auto event = from_v201(
        kStation, load_message<v201::StatusNotificationRequest>("v201/StatusNotification.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->connector, (ConnectorRef{2, 1}));
    EXPECT_EQ(event->status, ConnectorStatus::Occupied);
    EXPECT_EQ(event->timestamp, utc(2026, 11, 28, 12, 5, 7));
    EXPECT_FALSE(event->error_code.has_value());
}

TEST(FromV201, AuthorizeAskedAndAnswered) {
    const auto request = load_message<v201::AuthorizeRequest>("v201/Authorize.json");
    const auto asked = from_v201(kStation, request);
    ASSERT_TRUE(asked);
    EXPECT_EQ(asked->token, (Token{"PL-PGE-C12345678-9", TokenType::EMAID}));

    const auto answered = from_v201(
        kStation, request, load_message<v201::AuthorizeResponse>("v201/AuthorizeResponse.json"));
    ASSERT_TRUE(answered) << answered.error().describe();
    EXPECT_EQ(answered->decision.status, AuthorizationStatus::NotAtThisTime);
    EXPECT_EQ(answered->decision.expires_at, utc(2026, 11, 28, 23, 0, 0));
    EXPECT_EQ(answered->decision.group, (Token{"FLEET-PGE-07", TokenType::Central}));
}

TEST(FromV201, StartedOnPlugInBeforeAnyToken) {
    const auto started = transaction_event<SessionStarted>("v201/TransactionEvent.started.json");
    EXPECT_EQ(started.station_id, kStation);
    EXPECT_EQ(started.transaction, TransactionRef{std::string(kTransaction)});
    EXPECT_EQ(started.connector, (ConnectorRef{1, 1}));
    EXPECT_FALSE(started.token.has_value());
    EXPECT_EQ(started.meter_start_wh, 1520300);  // 1520.3 kWh, Transaction.Begin
    EXPECT_EQ(format_timestamp(started.started_at), "2026-03-29T00:30:00.000Z");
    EXPECT_EQ(started.reservation_id, 17);
    EXPECT_EQ(started.remote_start_id, 501);
    EXPECT_EQ(started.offline, false);
    ASSERT_TRUE(started.sequence.has_value());
    EXPECT_EQ(started.sequence->seq_no, 0);
    EXPECT_EQ(started.sequence->trigger_reason, "CablePluggedIn");
    ASSERT_EQ(started.samples.size(), 1u);
    EXPECT_EQ(started.samples[0].context, ReadingContext::TransactionBegin);
}

TEST(FromV201, MeterStartIsTheTransactionBeginRegisterEvenIfNotFirst) {
    auto request =
        load_message<v201::TransactionEventRequest>("v201/TransactionEvent.started.json");
    auto early = request.meterValue->at(0);
    early.sampledValue.at(0).context = v201::ReadingContextEnumType::Sample_Periodic;
    early.sampledValue.at(0).value = 1520.1;
    request.meterValue->insert(request.meterValue->begin(), early);
    const auto event = from_v201(kStation, request);
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(std::get<SessionStarted>(*event).meter_start_wh, 1520300);
}

TEST(FromV201, UpdatedCarriesTheLateTokenAndSamples) {
    const auto updated = transaction_event<SessionUpdated>("v201/TransactionEvent.updated.json");
    EXPECT_EQ(updated.transaction, TransactionRef{std::string(kTransaction)});
    EXPECT_EQ(updated.token, (Token{"04A2B9C2E15A80", TokenType::ISO14443}));
    EXPECT_EQ(updated.charging_state, ChargingState::Charging);
    EXPECT_EQ(updated.time_spent_charging_s, 840);
    EXPECT_FALSE(updated.connector.has_value());
    EXPECT_TRUE(updated.offline);
    EXPECT_EQ(updated.sequence.seq_no, 1);
    EXPECT_EQ(updated.sequence.trigger_reason, "Authorized");
    ASSERT_EQ(updated.samples.size(), 1u);
    const auto& sample = updated.samples[0];
    EXPECT_EQ(sample.energy_wh, 1523457);  // 1523.4565 kWh: 1523456.5 Wh rounds half-up
    EXPECT_EQ(sample.power_w, 49750);      // 49.75 kW
    EXPECT_EQ(sample.current_a, 72.0);
    EXPECT_EQ(sample.voltage_v, 410.0);  // 4.1 V × 10^2
    EXPECT_EQ(sample.soc_percent, 63.0);
}

TEST(FromV201, EndedTakesTheTransactionEndRegister) {
    const auto ended = transaction_event<SessionEnded>("v201/TransactionEvent.ended.json");
    EXPECT_EQ(ended.transaction, TransactionRef{std::string(kTransaction)});
    EXPECT_EQ(ended.connector, (ConnectorRef{1, 0}));
    EXPECT_EQ(ended.meter_stop_wh, 1542805);  // no unit: Wh, the specification's default
    EXPECT_EQ(format_timestamp(ended.ended_at), "2026-03-29T02:12:31.500Z");
    EXPECT_EQ(ended.reason, StopReason::EVDisconnected);
    EXPECT_EQ(ended.time_spent_charging_s, 5980);
    ASSERT_EQ(ended.samples.size(), 2u);
    EXPECT_EQ(ended.samples[0].energy_wh, 1541000);
    EXPECT_EQ(ended.samples[1].power_w, 0);
}

TEST(FromV201, SequenceKeepsSeqNoAndOfflineSoGapsShow) {
    const auto started = transaction_event<SessionStarted>("v201/TransactionEvent.started.json");
    const auto updated = transaction_event<SessionUpdated>("v201/TransactionEvent.updated.json");
    const auto ended = transaction_event<SessionEnded>("v201/TransactionEvent.ended.json");
    // seqNo 2 never arrived: the gateway sees 0, 1, 3.
    EXPECT_EQ(started.sequence->seq_no, 0);
    EXPECT_EQ(updated.sequence.seq_no, 1);
    EXPECT_EQ(ended.sequence->seq_no, 3);
    EXPECT_EQ(started.offline, false);
    EXPECT_TRUE(updated.offline);
    EXPECT_EQ(ended.offline, true);
    EXPECT_EQ(*ended.meter_stop_wh - *started.meter_start_wh, 22505);
}

TEST(FromV201, StartedAndEndedWithoutMeterValuesLeaveTheRegistersOpen) {
    auto request =
        load_message<v201::TransactionEventRequest>("v201/TransactionEvent.started.json");
    request.meterValue.reset();
    auto event = from_v201(kStation, request);
    ASSERT_TRUE(event);
    EXPECT_FALSE(std::get<SessionStarted>(*event).meter_start_wh.has_value());

    request = load_message<v201::TransactionEventRequest>("v201/TransactionEvent.ended.json");
    request.meterValue.reset();
    request.transactionInfo.stoppedReason.reset();
    event = from_v201(kStation, request);
    ASSERT_TRUE(event);
    EXPECT_FALSE(std::get<SessionEnded>(*event).meter_stop_wh.has_value());
    EXPECT_EQ(std::get<SessionEnded>(*event).reason, StopReason::Local);  // the default
}

TEST(FromV201, EndedWithoutTransactionEndContextTakesTheLastRegister) {
    auto request = load_message<v201::TransactionEventRequest>("v201/TransactionEvent.ended.json");
    for (auto& meter_value : *request.meterValue) {
        for (auto& sampled : meter_value.sampledValue)
            sampled.context.reset();
    }
    const auto event = from_v201(kStation, request);
    ASSERT_TRUE(event);
    EXPECT_EQ(std::get<SessionEnded>(*event).meter_stop_wh, 1542805);
}

TEST(FromV201, MainMeterWithMultiplierAndPhasePowers) {
    const auto event =
        from_v201(kStation, load_message<v201::MeterValuesRequest>("v201/MeterValues.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_TRUE(event->connector.is_station());
    EXPECT_FALSE(event->transaction.has_value());
    ASSERT_EQ(event->samples.size(), 1u);
    const auto& sample = event->samples[0];
    EXPECT_EQ(sample.timestamp, utc(2026, 11, 28, 11, 0, 0));
    EXPECT_EQ(sample.context, ReadingContext::SampleClock);
    EXPECT_EQ(sample.energy_wh, 98765432);  // 98.7654321 kWh × 10^3
    EXPECT_EQ(sample.power_w, 64250);       // 21.3 + 20.9 + 22.05 kW
    // Frequency in Hz is not modelled, so its unit is not judged, but it is recorded.
    EXPECT_EQ(sample.measurands,
              (std::vector<Measurand>{Measurand::EnergyActiveImportRegister,
                                      Measurand::PowerActiveImport, Measurand::Frequency}));
}

TEST(FromV201, UnknownEnergyUnitNamesTheUnit) {
    auto request =
        load_message<v201::TransactionEventRequest>("v201/TransactionEvent.updated.json");
    request.meterValue->at(0).sampledValue.at(0).unitOfMeasure->unit = "MJ";
    const auto event = from_v201(kStation, request);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/meterValue/0/sampledValue/0/unitOfMeasure/unit");
    EXPECT_NE(event.error().message.find("MJ"), std::string::npos);
}

TEST(FromV201, EnergyBeyondInt64IsAnError) {
    auto request = load_message<v201::MeterValuesRequest>("v201/MeterValues.json");
    request.meterValue.at(0).sampledValue.at(0).value = 1e300;
    const auto event = from_v201(kStation, request);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().field, "/meterValue/0/sampledValue/0/value");
}

TEST(FromV201, SecurityEvent) {
    const auto event = from_v201(kStation, load_message<v201::SecurityEventNotificationRequest>(
                                               "v201/SecurityEventNotification.json"));
    ASSERT_TRUE(event) << event.error().describe();
    EXPECT_EQ(event->type, "FirmwareUpdated");
    EXPECT_EQ(format_timestamp(event->timestamp), "2026-11-29T01:00:00.000Z");
    EXPECT_EQ(event->tech_info, "1.8.26 -> 1.8.27");
}

}  // namespace
}  // namespace iskra::session
