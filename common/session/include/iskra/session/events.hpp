// The version-neutral events a station's messages become at the gateway (DESIGN.md, "The flow of
// one charging session", step 2): the only form in which sessions travel to the store, the
// outbox, central and the simulator's checks. Plain values: no I/O, no clock, no OCPP types.
//
// Each OCPP message maps to one event. Meter samples taken within a transaction message
// (1.6 StopTransaction's transactionData, 2.0.1 TransactionEvent's meterValue) stay inside that
// event, so the gateway commits a session's money-relevant facts together with the message that
// carried them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "iskra/ocpp/version.hpp"
#include "iskra/session/timestamp.hpp"
#include "iskra/session/vocabulary.hpp"

namespace iskra::session {

// One moment's readings from one meter. Energy and power are integers in Wh and W (DESIGN.md
// conventions), converted exactly from whatever unit the station used; current, voltage and SoC
// are doubles because nothing is billed on them. A quantity the station did not send is nullopt,
// never 0: a sample without an energy register says nothing about energy.
struct MeterSample {
    Timestamp timestamp;
    ReadingContext context = ReadingContext::SamplePeriodic;
    std::optional<std::int64_t> energy_wh;  // Energy.Active.Import.Register
    std::optional<std::int64_t> power_w;    // Power.Active.Import
    std::optional<double> current_a;        // Current.Import
    std::optional<double> voltage_v;        // Voltage
    std::optional<double> soc_percent;      // SoC
    // Every measurand the station sent in this sample, modelled above or not, in order sent.
    std::vector<Measurand> measurands;

    bool operator==(const MeterSample&) const = default;
};

// 2.0.1 numbers each TransactionEvent of a transaction from 0; a gap means a lost message.
struct TransactionSequence {
    std::int64_t seq_no = 0;
    std::string trigger_reason;  // 2.0.1's TriggerReasonEnumType name, e.g. "MeterValuePeriodic"

    bool operator==(const TransactionSequence&) const = default;
};

struct StationBooted {
    static constexpr std::string_view kName = "StationBooted";
    std::string station_id;
    ocpp::Version protocol = ocpp::Version::v16;
    std::string vendor;
    std::string model;
    std::optional<std::string> serial_number;
    std::optional<std::string> firmware_version;
    std::optional<std::string> iccid;
    std::optional<std::string> imsi;
    std::optional<std::string> meter_type;           // 1.6 only
    std::optional<std::string> meter_serial_number;  // 1.6 only
    std::optional<std::string> boot_reason;          // 2.0.1 only, e.g. "PowerUp"

    bool operator==(const StationBooted&) const = default;
};

struct ConnectorStatusChanged {
    static constexpr std::string_view kName = "ConnectorStatusChanged";
    std::string station_id;
    ConnectorRef connector;  // EVSE 0: the station itself
    ConnectorStatus status = ConnectorStatus::Available;
    std::optional<Timestamp> timestamp;  // optional in 1.6
    // What the station said went wrong, kept as it said it. error_code is 1.6's errorCode
    // ("GroundFailure"), nullopt for NoError; 2.0.1 reports faults through other messages.
    std::optional<std::string> error_code;
    std::optional<std::string> info;
    std::optional<std::string> vendor_id;
    std::optional<std::string> vendor_error_code;

    bool operator==(const ConnectorStatusChanged&) const = default;
};

struct AuthorizationRequested {
    static constexpr std::string_view kName = "AuthorizationRequested";
    std::string station_id;
    Token token;

    bool operator==(const AuthorizationRequested&) const = default;
};

// A decision about a token, whoever took it (central, local list, cache, offline policy).
struct AuthorizationDecision {
    AuthorizationStatus status = AuthorizationStatus::Invalid;
    std::optional<Timestamp> expires_at;  // 1.6 expiryDate, 2.0.1 cacheExpiryDateTime
    std::optional<Token> group;           // 1.6 parentIdTag, 2.0.1 groupIdToken

    bool operator==(const AuthorizationDecision&) const = default;
};

struct AuthorizationAnswered {
    static constexpr std::string_view kName = "AuthorizationAnswered";
    std::string station_id;
    Token token;
    AuthorizationDecision decision;

    bool operator==(const AuthorizationAnswered&) const = default;
};

struct SessionStarted {
    static constexpr std::string_view kName = "SessionStarted";
    std::string station_id;
    TransactionRef transaction;
    std::optional<ConnectorRef> connector;  // always in 1.6; 2.0.1 may leave out the EVSE
    std::optional<Token> token;             // 2.0.1 may start on plug-in, before a token
    // 1.6 meterStart; in 2.0.1 the Transaction.Begin energy register of the samples, if any.
    std::optional<std::int64_t> meter_start_wh;
    Timestamp started_at;
    std::optional<std::int64_t> reservation_id;
    std::optional<std::int64_t> remote_start_id;  // 2.0.1 only
    // 2.0.1 says whether the event happened while the station was offline; 1.6 cannot say.
    std::optional<bool> offline;
    std::optional<TransactionSequence> sequence;  // 2.0.1 only
    std::vector<MeterSample> samples;

    bool operator==(const SessionStarted&) const = default;
};

// 2.0.1 TransactionEvent(Updated): progress within a running transaction. 1.6 has no
// counterpart; its progress arrives as MeterValuesReported and ConnectorStatusChanged.
struct SessionUpdated {
    static constexpr std::string_view kName = "SessionUpdated";
    std::string station_id;
    TransactionRef transaction;
    Timestamp timestamp;
    std::optional<ConnectorRef> connector;
    std::optional<Token> token;  // set when the driver authorised after the transaction began
    std::optional<ChargingState> charging_state;
    std::optional<std::int64_t> time_spent_charging_s;
    std::optional<std::int64_t> remote_start_id;
    bool offline = false;
    TransactionSequence sequence;
    std::vector<MeterSample> samples;

    bool operator==(const SessionUpdated&) const = default;
};

// Meter readings outside the transaction messages: 1.6 and 2.0.1 MeterValues.
struct MeterValuesReported {
    static constexpr std::string_view kName = "MeterValuesReported";
    std::string station_id;
    ConnectorRef connector;                     // EVSE 0: the station's main meter
    std::optional<TransactionRef> transaction;  // 1.6 only; 2.0.1 sends these in TransactionEvent
    std::vector<MeterSample> samples;

    bool operator==(const MeterValuesReported&) const = default;
};

struct SessionEnded {
    static constexpr std::string_view kName = "SessionEnded";
    std::string station_id;
    TransactionRef transaction;
    std::optional<ConnectorRef> connector;  // 2.0.1 only, when the station repeats the EVSE
    std::optional<Token> token;             // who stopped it, when a token did
    // 1.6 meterStop; in 2.0.1 the Transaction.End energy register of the samples, if any.
    std::optional<std::int64_t> meter_stop_wh;
    Timestamp ended_at;
    StopReason reason = StopReason::Local;
    std::optional<std::int64_t> time_spent_charging_s;  // 2.0.1 only
    std::optional<bool> offline;
    std::optional<TransactionSequence> sequence;  // 2.0.1 only
    std::vector<MeterSample> samples;             // 1.6 transactionData, 2.0.1 the final meterValue

    bool operator==(const SessionEnded&) const = default;
};

struct SecurityEventReported {
    static constexpr std::string_view kName = "SecurityEventReported";
    std::string station_id;
    std::string type;  // e.g. "InvalidCentralSystemCertificate", as the station sent it
    Timestamp timestamp;
    std::optional<std::string> tech_info;

    bool operator==(const SecurityEventReported&) const = default;
};

using Event = std::variant<StationBooted, ConnectorStatusChanged, AuthorizationRequested,
                           AuthorizationAnswered, SessionStarted, SessionUpdated,
                           MeterValuesReported, SessionEnded, SecurityEventReported>;

// The event's kName, for logs and the outbox's type column.
std::string_view event_name(const Event& event);

}  // namespace iskra::session
