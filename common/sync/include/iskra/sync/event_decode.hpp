// Reading an outbox payload back into a typed event: central's side of the events endpoint.
// Strict on what the encoder always writes (a missing or mistyped field is an error naming it,
// "payload.samples[2].energy_wh"), tolerant of fields it does not know, so a newer gateway's
// additions do not stop an older central. Pure functions, any thread.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/sync/events.hpp"
#include "iskra/sync/wire_error.hpp"

namespace iskra::sync {

// Whether this protocol version knows events of `type`. One it does not know comes from a newer
// gateway: central keeps it and acknowledges it rather than calling it broken (README.md).
bool is_known_event_type(std::string_view type);

// `type` is the outbox row's event type; an unknown type is an error on field "type".
WireResult<OutboxEvent> decode_event(std::string_view type, const nlohmann::json& payload);

// The same from the payload's text (as the outbox stores it).
WireResult<OutboxEvent> decode_event(std::string_view type, std::string_view payload_text);

}  // namespace iskra::sync
