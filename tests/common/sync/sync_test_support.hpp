// Sample values for the sync tests: one event of every type with every optional field set, so a
// round trip that drops or mangles a field fails.
#pragma once

#include <chrono>
#include <vector>

#include "iskra/sync/events.hpp"

namespace iskra::sync::test {

inline Timestamp utc(int h, int mi, int s, int ms = 0) {
    using namespace std::chrono;
    return sys_days{year{2026} / November / 28} + hours{h} + minutes{mi} + seconds{s} +
           milliseconds{ms};
}

inline session::MeterSample full_sample() {
    session::MeterSample sample;
    sample.timestamp = utc(10, 5, 0, 123);
    sample.context = session::ReadingContext::TransactionEnd;
    sample.energy_wh = 12345;
    sample.power_w = 7400;
    sample.current_a = 32.5;
    sample.voltage_v = 230.1;
    sample.soc_percent = 81.0;
    sample.measurands = {session::Measurand::EnergyActiveImportRegister,
                         session::Measurand::PowerActiveImport, session::Measurand::SoC};
    return sample;
}

inline std::vector<OutboxEvent> every_event() {
    using namespace session;
    const Token token{"04A2B3C4", TokenType::ISO14443};
    const ConnectorRef connector{1, 1};
    std::vector<OutboxEvent> events;

    events.push_back({StationBooted{"ST-1", ocpp::Version::v201, "Acme", "X1", "SN1", "1.2", "icc",
                                    "imsi", "mt", "msn", "PowerUp"},
                      std::nullopt, std::nullopt, std::nullopt});
    events.push_back(
        {ConnectorStatusChanged{"ST-1", connector, ConnectorStatus::Faulted, utc(10, 0, 0),
                                "GroundFailure", "info", "vendor", "E42"},
         std::nullopt, std::nullopt, std::nullopt});
    events.push_back(
        {AuthorizationRequested{"ST-1", token}, std::nullopt, std::nullopt, std::nullopt});
    events.push_back(
        {AuthorizationAnswered{"ST-1", token,
                               AuthorizationDecision{AuthorizationStatus::Accepted, utc(23, 0, 0),
                                                     Token{"G1", TokenType::Central}}},
         std::nullopt, std::nullopt, DecisionRecord{"offline_policy", true, 17, utc(10, 0, 1)}});

    SessionStarted started;
    started.station_id = "ST-1";
    started.transaction = std::string("tx-abc");
    started.connector = connector;
    started.token = token;
    started.meter_start_wh = 1000;
    started.started_at = utc(10, 0, 2);
    started.reservation_id = 5;
    started.remote_start_id = 6;
    started.offline = true;
    started.sequence = TransactionSequence{0, "Authorized"};
    started.samples = {full_sample()};
    events.push_back({started, "6f1c0a4e-0000-4000-8000-000000000001", std::nullopt, std::nullopt});

    SessionUpdated updated;
    updated.station_id = "ST-1";
    updated.transaction = std::string("tx-abc");
    updated.timestamp = utc(10, 3, 0);
    updated.connector = connector;
    updated.token = token;
    updated.charging_state = ChargingState::Charging;
    updated.time_spent_charging_s = 170;
    updated.remote_start_id = 6;
    updated.offline = true;
    updated.sequence = TransactionSequence{1, "MeterValuePeriodic"};
    updated.samples = {full_sample(), full_sample()};
    events.push_back({updated, "6f1c0a4e-0000-4000-8000-000000000001", std::nullopt, std::nullopt});

    MeterValuesReported values;
    values.station_id = "ST-1";
    values.connector = connector;
    values.transaction = std::int64_t{17};
    values.samples = {full_sample()};
    events.push_back({values, "6f1c0a4e-0000-4000-8000-000000000002", std::nullopt, std::nullopt});

    SessionEnded ended;
    ended.station_id = "ST-1";
    ended.transaction = std::int64_t{17};
    ended.connector = connector;
    ended.token = token;
    ended.meter_stop_wh = 13345;
    ended.ended_at = utc(11, 0, 0);
    ended.reason = StopReason::EVDisconnected;
    ended.time_spent_charging_s = 3500;
    ended.offline = false;
    ended.sequence = TransactionSequence{9, "EVCommunicationLost"};
    ended.samples = {full_sample()};
    events.push_back({ended, "6f1c0a4e-0000-4000-8000-000000000002", "reboot", std::nullopt});

    events.push_back({SecurityEventReported{"ST-1", "InvalidCentralSystemCertificate", utc(9, 0, 0),
                                            "cert expired"},
                      std::nullopt, std::nullopt, std::nullopt});
    events.push_back(
        {SessionFlagged{"ST-1", "meter_regression", "12000 Wh after 13000 Wh", utc(10, 4, 0)},
         "6f1c0a4e-0000-4000-8000-000000000002", std::nullopt, std::nullopt});
    events.push_back({CommandCompleted{7, "9b2e-central", "ST-1", "Reset", "accepted",
                                       nlohmann::json{{"status", "Accepted"}}, utc(10, 6, 0)},
                      std::nullopt, std::nullopt, std::nullopt});
    events.push_back({StationMessage{"ST-1", "FirmwareStatusNotification",
                                     nlohmann::json{{"status", "Installed"}, {"requestId", 4}}},
                      std::nullopt, std::nullopt, std::nullopt});
    return events;
}

}  // namespace iskra::sync::test
