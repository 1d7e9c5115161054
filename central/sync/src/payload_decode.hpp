// An outbox payload as the projections take it, read by common/sync's decoder (the one reader of
// the gateway's payloads; payload_decode.cpp adapts it). Pure.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/session/events.hpp"

namespace iskra::central::sync::detail {

// SessionFlagged, CommandCompleted and StationMessage are the gateway's own events, not the
// session model's.
struct SessionFlaggedEvent {
    std::string station_id;
    std::string kind;
    std::string detail;
};

struct CommandCompletedEvent {
    std::optional<std::string> central_command_id;  // absent: a command the gateway issued itself
    std::string station_id;
    std::string status;       // Accepted | Rejected | Failed | Timeout (any case on the wire)
    std::string result_json;  // the station's answer or the gateway's reason, as JSON text
};

// A StationMessage: stored as it came (the payload as JSON text).
struct StationMessageEvent {
    std::string station_id;
    std::string action;
    std::string payload_json;
};

struct DecodedEvent {
    std::variant<session::Event, SessionFlaggedEvent, CommandCompletedEvent, StationMessageEvent>
        event;
    std::optional<std::string> session_uuid;
    std::optional<std::string> closed_by;  // SessionEnded written by the gateway itself
    std::optional<std::string> source;     // AuthorizationAnswered: who decided at the gateway
};

// Why an event cannot be applied. An unknown type is a newer gateway's event, not a broken one:
// kept as skipped rather than rejected (common/sync/README.md).
struct Unusable {
    bool unknown_type = false;
    std::string reason;  // names the field
};

tl::expected<DecodedEvent, Unusable> decode_payload(const std::string& type,
                                                    const nlohmann::json& payload);

}  // namespace iskra::central::sync::detail
