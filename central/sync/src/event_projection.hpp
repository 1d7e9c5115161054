// What one decoded event changes at central, inside the batch's transaction: sessions and
// samples and the authorisation log (central/charging), stations and commands
// (central/stations). Private to central/sync.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <vector>

#include <Poco/Data/Session.h>

#include "iskra/central/charging/session_projection.hpp"
#include "payload_decode.hpp"

namespace iskra::central::sync::detail {

struct ProjectionContext {
    Poco::Data::Session& session;
    const std::string& gateway_id;
    std::int64_t now_ms;
    // Stations heard from in this batch, with the latest event time: touched once at the end
    // rather than once per event.
    std::map<std::string, std::int64_t> seen_stations;
    // Each session's facts from this batch's events, merged in order: written once per session
    // by flush_sessions() rather than once per event.
    std::vector<charging::SessionFacts> sessions;
    std::map<std::string, std::size_t> session_index;  // uuid → position in `sessions`
};

// Applies the event; returns why it must be kept as rejected instead (e.g. a command id
// central never queued), or nothing when it was applied. `at_ms` is the envelope's time.
std::optional<std::string> project_event(ProjectionContext& context, const DecodedEvent& event,
                                         std::int64_t at_ms);

// Writes the merged session facts; call once, after every event of the batch was projected.
void flush_sessions(ProjectionContext& context);

}  // namespace iskra::central::sync::detail
