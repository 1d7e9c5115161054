// What a gateway's events change in the stations module: boot facts, connector status and its
// history, command outcomes, last-seen. central/sync calls these INSIDE its own per-batch
// transaction, so they take the caller's Session and never open one, commit, or retry.
//
// Every function is idempotent for a repeated event (same values, same times): replaying a batch
// changes nothing. Each is also safe under READ COMMITTED, which sync runs its batches in on
// PostgreSQL: inserts are ON CONFLICT DO NOTHING or upserts, and every conditional UPDATE keeps
// its condition in its WHERE, which PostgreSQL re-checks on the newest row version. Times only move
// forward: an older event (a gateway catching up after hours offline) is added to the history but
// never overwrites newer live status or newer boot facts. Thread-safety: whatever the Session
// allows (one thread per Session).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Data/Session.h>

#include "iskra/session/events.hpp"

namespace iskra::central::stations {

// A station the gateway reports but central has never seen is created on the gateway's site
// with allowed = 0 (pending staff approval: the allow-list is staff's to grow) and
// availability 'Operative'. Throws std::invalid_argument when `gateway_id` names no gateway:
// the sync module authenticated it, so that is a programming error.
void record_station_booted(Poco::Data::Session& session, const std::string& gateway_id,
                           const session::StationBooted& event, std::int64_t at_ms);

// Upserts the connector's live status (EVSE 0 is the station's own status, kept on the
// stations row), appends one history row (a repeat of the same status at the same instant is
// not appended twice) and marks the station seen. The status instant is the event's timestamp
// when the station sent one, else `at_ms`.
void record_connector_status(Poco::Data::Session& session, const std::string& gateway_id,
                             const session::ConnectorStatusChanged& event, std::int64_t at_ms);

// One ConnectorStatusChanged of a sync batch, with its envelope time (`at_ms` above).
struct StatusReport {
    session::ConnectorStatusChanged event;
    std::int64_t at_ms = 0;
};

// record_connector_status for a whole batch, in the batch's order, in a handful of statements
// whatever the number of events: stations created as above, one upsert per connector with the
// newest status of the batch (the live status still moves forward only), the history rows in
// multi-row INSERTs. Does not mark stations seen: call touch_stations once for the batch.
void record_connector_statuses(Poco::Data::Session& session, const std::string& gateway_id,
                               const std::vector<StatusReport>& reports);

enum class CompletionResult {
    Applied,           // the command now holds this outcome
    AlreadyCompleted,  // it already had an outcome (a repeated event): nothing changed
    UnknownCommand,    // no command with that id was queued for this gateway
    InvalidStatus,     // `status` is none of Accepted, Rejected, Failed, Timeout
};
std::string_view to_string(CompletionResult result);

// The outcome of a command central queued (a CommandCompleted event's `central_command_id`).
// `status` is one of Accepted, Rejected, Failed, Timeout; `result_json` is the station's answer
// or the gateway's error as JSON text (stored as given; empty stores NULL). Errors as values: a
// bad event must not abort the sync batch, the caller files it as rejected instead.
CompletionResult record_command_completed(Poco::Data::Session& session,
                                          const std::string& gateway_id,
                                          const std::string& central_command_id,
                                          std::string_view status, const std::string& result_json,
                                          std::int64_t at_ms);

// last_seen_at_ms = max(last_seen_at_ms, at_ms); an unknown station is ignored (returns false).
bool touch_station(Poco::Data::Session& session, const std::string& station_id, std::int64_t at_ms);

// touch_station for every station of a batch (station id → latest time), in one statement;
// unknown stations are ignored.
void touch_stations(Poco::Data::Session& session,
                    const std::map<std::string, std::int64_t>& last_seen);

}  // namespace iskra::central::stations
