// The events an outbox row carries, as typed values: the session model's events plus the
// gateway's own (SessionFlagged, CommandCompleted, StationMessage), and the extra fields the store
// adds to some payloads (session_uuid, SessionEnded's closed_by, AuthorizationAnswered's source,
// ...). Pure values; event_json.hpp encodes them, event_decode.hpp reads them back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"

namespace iskra::sync {

using session::Timestamp;

// The gateway noticed something wrong with a session (a meter running backwards, a gap in
// 2.0.1's seqNo, a session it closed itself). session_uuid travels in OutboxEvent.
struct SessionFlagged {
    static constexpr std::string_view kName = "SessionFlagged";
    std::string station_id;
    std::string kind;    // e.g. "meter_regression", "closed_by_reboot"
    std::string detail;  // human-readable
    Timestamp at;

    bool operator==(const SessionFlagged&) const = default;
};

// A command sent to a station was settled (answered, rejected, failed or timed out).
struct CommandCompleted {
    static constexpr std::string_view kName = "CommandCompleted";
    std::int64_t command_id = 0;                    // the gateway's local command log id
    std::optional<std::string> central_command_id;  // set when central queued the command
    std::string station_id;
    std::string action;       // the OCPP action, e.g. "Reset"
    std::string status;       // accepted | rejected | failed | timeout
    nlohmann::json response;  // the station's answer as JSON, a failure reason as text, or null
    Timestamp completed_at;

    bool operator==(const CommandCompleted&) const = default;
};

// A message a station sent that nothing at the site acts on (firmware and log upload status,
// device-model reports, data transfers), kept as it came for central: the OCPP action and its
// payload, unchanged.
struct StationMessage {
    static constexpr std::string_view kName = "StationMessage";
    std::string station_id;
    std::string action;      // the OCPP action, e.g. "FirmwareStatusNotification"
    nlohmann::json payload;  // the message's payload as the station sent it

    bool operator==(const StationMessage&) const = default;
};

using EventBody =
    std::variant<session::StationBooted, session::ConnectorStatusChanged,
                 session::AuthorizationRequested, session::AuthorizationAnswered,
                 session::SessionStarted, session::SessionUpdated, session::MeterValuesReported,
                 session::SessionEnded, session::SecurityEventReported, SessionFlagged,
                 CommandCompleted, StationMessage>;

// Who decided an AuthorizationAnswered at the gateway, and how it was logged there.
struct DecisionRecord {
    std::string source;  // central | local_list | cache | offline_policy | ...
    bool needs_recheck = false;
    std::int64_t decision_id = 0;
    Timestamp decided_at;

    bool operator==(const DecisionRecord&) const = default;
};

// One outbox payload, typed. The optionals are present exactly when the payload has them.
struct OutboxEvent {
    EventBody body;
    std::optional<std::string> session_uuid;
    std::optional<std::string> closed_by;    // SessionEnded the gateway wrote on its own authority
    std::optional<DecisionRecord> decision;  // AuthorizationAnswered as the store logs it

    bool operator==(const OutboxEvent&) const = default;
};

// The event's kName: the outbox's type column.
std::string_view event_type(const EventBody& body);

}  // namespace iskra::sync
