// The outbox's JSON form of the version-neutral events: the event's fields in snake_case,
// timestamps as ISO-8601 UTC text, enums by their specification names, plus "session_uuid"
// where the event belongs to a session. Internal to the store; central reads the same shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"

namespace iskra::gateway::detail {

nlohmann::json to_json(const session::MeterSample& sample);
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

// Compact text; bytes that are not UTF-8 are replaced rather than failing the commit.
std::string dump(const nlohmann::json& object);

// The event as an outbox payload, "session_uuid" added when given.
template <typename Event>
std::string outbox_payload(const Event& event, std::optional<std::string_view> session_uuid) {
    nlohmann::json object = to_json(event);
    if (session_uuid) object["session_uuid"] = std::string(*session_uuid);
    return dump(object);
}

}  // namespace iskra::gateway::detail
