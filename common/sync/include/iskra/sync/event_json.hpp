// The outbox's JSON form of events, the one central reads: each event's fields in snake_case,
// timestamps as ISO-8601 UTC text with milliseconds, enums by their specification names, optional
// fields left out when absent, plus "session_uuid" where the event belongs to a session.
// The gateway's store writes these bytes once and never rewrites them, so a change here is a
// protocol change (common/sync/README.md). Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"
#include "iskra/sync/events.hpp"
#include "iskra/sync/wire_error.hpp"

namespace iskra::sync {

nlohmann::json to_json(const session::MeterSample& sample);
nlohmann::json to_json(const session::Token& token);
nlohmann::json to_json(const session::StationBooted& event);
nlohmann::json to_json(const session::ConnectorStatusChanged& event);
nlohmann::json to_json(const session::AuthorizationRequested& event);
nlohmann::json to_json(const session::AuthorizationAnswered& event);
nlohmann::json to_json(const session::SessionStarted& event);
nlohmann::json to_json(const session::SessionUpdated& event);
nlohmann::json to_json(const session::MeterValuesReported& event);
nlohmann::json to_json(const session::SessionEnded& event);
nlohmann::json to_json(const session::SecurityEventReported& event);
nlohmann::json to_json(const session::Event& event);
nlohmann::json to_json(const SessionFlagged& event);
nlohmann::json to_json(const CommandCompleted& event);
nlohmann::json to_json(const StationMessage& event);
nlohmann::json to_json(const EventBody& body);

// The whole payload: the body's fields plus the OutboxEvent's extras that are set.
nlohmann::json to_json(const OutboxEvent& event);

// The event as an outbox payload text, "session_uuid" added when given.
template <typename Event>
std::string outbox_payload(const Event& event, std::optional<std::string_view> session_uuid) {
    nlohmann::json object = to_json(event);
    if (session_uuid) object["session_uuid"] = std::string(*session_uuid);
    return dump(object);
}

}  // namespace iskra::sync
