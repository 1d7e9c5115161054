// The session ledger: how each version-neutral event changes the site's durable truth, with the
// reconciliation rules every CSMS needs (repeated starts, double stops, sessions left open,
// offline and late messages, meter and clock anomalies). Each record_* writes its facts, its
// flags and its outbox rows together; run it inside a store job (store thread), whose
// transaction makes them durable at once. No clock is read: `received_at` is when the gateway
// received the message.
//
// Anomalies are flagged on the session (session_flags, and a SessionFlagged outbox event for the
// back office), never "fixed": what the station said is stored as it said it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/session_ids.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/session/events.hpp"

namespace iskra::gateway {

struct LedgerConfig {
    // Energy delta over time above this is "impossible_power" (the fastest DC chargers: 400 kW).
    std::int64_t max_connector_power_w = 400'000;
    // A sample time this far past the receive time is a "clock_jump".
    std::chrono::milliseconds future_tolerance = std::chrono::minutes(5);
    // A 1.6 StartTransaction (which cannot say "offline") whose timestamp is older than this at
    // receipt is taken as an offline, late start.
    std::chrono::milliseconds late_start_threshold = std::chrono::minutes(10);
    // Allow-list state given to a station the store has never seen.
    StationAllowState unknown_station_state = StationAllowState::Pending;
};

// The kinds of flag the ledger writes, as stored in session_flags.kind.
namespace flag {
inline constexpr std::string_view kClosedByStatus = "closed_by_status";
inline constexpr std::string_view kClosedByReboot = "closed_by_reboot";
inline constexpr std::string_view kClosedByNewSession = "closed_by_new_session";
inline constexpr std::string_view kStoppedAfterGatewayClose = "stopped_after_gateway_close";
inline constexpr std::string_view kConflictingStop = "conflicting_stop";
inline constexpr std::string_view kStopWithoutStart = "stop_without_start";
inline constexpr std::string_view kUnknownTransaction = "unknown_transaction";
inline constexpr std::string_view kLateStart = "late_start";
inline constexpr std::string_view kSequenceGap = "sequence_gap";
inline constexpr std::string_view kLateSequence = "late_sequence";
inline constexpr std::string_view kMeterRegression = "meter_regression";
inline constexpr std::string_view kClockJump = "clock_jump";
inline constexpr std::string_view kImpossiblePower = "impossible_power";
inline constexpr std::string_view kMeterStopBelowStart = "meter_stop_below_start";
inline constexpr std::string_view kMeterStartFromSample = "meter_start_from_sample";
inline constexpr std::string_view kMeterStopFromSample = "meter_stop_from_sample";
}  // namespace flag

struct BootRecorded {
    StationAllowState allow_state = StationAllowState::Pending;
    bool first_boot = false;
    std::vector<std::string> closed_sessions;  // left open by the reboot, now closed and flagged
};

struct StatusRecorded {
    std::vector<std::string> closed_sessions;  // the connector went Available under them
};

struct SessionStartRecorded {
    std::string session_uuid;
    // 1.6: the transactionId to answer StartTransaction with.
    std::optional<std::int64_t> transaction_id;
    bool repeated = false;  // a start already recorded: nothing new was created
};

struct SessionUpdateRecorded {
    std::string session_uuid;
    bool applied = true;   // false: this seqNo was applied before
    bool created = false;  // the transaction was unknown and was created from this update
};

struct MeterValuesRecorded {
    std::optional<std::string> session_uuid;  // nullopt: a connector-level reading
    std::size_t samples_stored = 0;           // repeats of stored samples are not stored again
};

struct SessionEndRecorded {
    std::string session_uuid;
    bool applied = true;       // false: this session's stop was already applied
    bool reassembled = false;  // the gateway never saw it start: created from the stop
};

class SessionLedger {
public:
    // `ids` names new sessions; both live as long as the ledger. Store thread only.
    SessionLedger(LedgerConfig config, SessionIdGenerator& ids);

    // Station facts and allow-list state; closes the sessions a reboot left open.
    tl::expected<BootRecorded, StoreError> record_boot(Database& db,
                                                       const session::StationBooted& event,
                                                       Timestamp received_at);

    // Connector state and history; a connector going Available under an open session closes it.
    tl::expected<StatusRecorded, StoreError> record_status(
        Database& db, const session::ConnectorStatusChanged& event, Timestamp received_at);

    // 1.6: the integer transaction in `event` is ignored (the station has none yet; pass 0) and
    // the gateway assigns one. 2.0.1: the station's string id names the transaction.
    tl::expected<SessionStartRecorded, StoreError> record_session_started(
        Database& db, const session::SessionStarted& event, Timestamp received_at);

    tl::expected<SessionUpdateRecorded, StoreError> record_session_updated(
        Database& db, const session::SessionUpdated& event, Timestamp received_at);

    tl::expected<MeterValuesRecorded, StoreError> record_meter_values(
        Database& db, const session::MeterValuesReported& event, Timestamp received_at);

    tl::expected<SessionEndRecorded, StoreError> record_session_ended(
        Database& db, const session::SessionEnded& event, Timestamp received_at);

    // Logs a decision (and, from central, caches it). `needs_recheck`: central must re-check it
    // (a decision taken offline). Returns the log row id.
    tl::expected<std::int64_t, StoreError> record_authorization(
        Database& db, const session::AuthorizationAnswered& answer, AuthorizationSource source,
        bool needs_recheck, Timestamp decided_at);

    tl::expected<void, StoreError> record_security_event(
        Database& db, const session::SecurityEventReported& event, Timestamp received_at);

private:
    LedgerConfig config_;
    SessionIdGenerator& ids_;
};

}  // namespace iskra::gateway
