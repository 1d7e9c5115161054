// What one decoded event changes at central, inside the batch's transaction: sessions and
// samples and the authorisation log (central/charging), stations and commands
// (central/stations), station messages (this module). Private to central/sync.
//
// Why collect-then-flush: a batch of 500 events written event by event is hundreds of
// statements, and on PostgreSQL each costs round trips. project_event() only gathers what each
// event changes (merged per session, per connector, per station) and flush() writes each kind
// with a few multi-row statements. The result is the one applying the events in order gives:
// every merge keeps the order's last word (merge_facts, newest status), and the writes of
// different kinds do not depend on each other.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "iskra/central/charging/authorization_log.hpp"
#include "iskra/central/charging/session_projection.hpp"
#include "iskra/central/stations/station_events.hpp"
#include "payload_decode.hpp"

namespace iskra::central::sync::detail {

struct StationMessageRow {
    std::int64_t seq = 0;
    std::string station_id;
    std::string action;
    std::string payload_json;
    std::int64_t at_ms = 0;
};

struct ProjectionContext {
    ProjectionContext(Poco::Data::Session& s, const std::string& gateway, std::int64_t stream,
                      std::int64_t now)
        : session(s), gateway_id(gateway), stream_id(stream), now_ms(now) {}

    Poco::Data::Session& session;
    const std::string& gateway_id;
    std::int64_t stream_id = 0;
    std::int64_t now_ms = 0;
    // Stations heard from in this batch, with the latest event time: touched once at the end.
    std::map<std::string, std::int64_t> seen_stations;
    std::vector<stations::StatusReport> statuses;
    // The gateway's own decisions of this batch, in order, some linked to a session that
    // started later in the batch; and the sessions that started with a token whose decision
    // was not among them (it is stored already: central's own, or an earlier batch's).
    std::vector<charging::AuthorizationEntry> authorizations;
    std::vector<charging::SessionStart> links_to_stored;
    // Each session's facts from this batch's events, merged in order.
    std::vector<charging::SessionFacts> sessions;
    std::map<std::string, std::size_t> session_index;  // uuid → position in `sessions`
    std::vector<StationMessageRow> messages;
};

// Gathers what the event changes (a boot or a command outcome is written at once: they are
// rare); returns why it must be kept as rejected instead (e.g. a command id central never
// queued), or nothing when it was applied. `at_ms` is the envelope's time.
std::optional<std::string> project_event(ProjectionContext& context, const DecodedEvent& event,
                                         std::int64_t seq, std::int64_t at_ms);

// Writes what the batch's events gathered; call once, after every event was projected.
void flush(ProjectionContext& context);

}  // namespace iskra::central::sync::detail
