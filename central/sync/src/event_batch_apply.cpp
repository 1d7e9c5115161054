// Applying a batch exactly once. The order inside the transaction matters:
//   1. lock the gateway's sync_state row (PostgreSQL: SELECT ... FOR UPDATE, so a concurrent
//      batch of the same gateway waits here instead of doing all its work and failing at
//      commit; SQLite: BEGIN IMMEDIATE already made this the only writer);
//   2. skip every event at or below acknowledged_seq: a retry, a duplicate, an overlap;
//   3. project the rest, record each (gateway_id, seq) under the unique key;
//   4. move acknowledged_seq.
// Decoding is pure and done before the transaction, which may run more than once.
#include <Poco/Data/Statement.h>

#include "event_projection.hpp"
#include "iskra/central/stations/station_events.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/sync/event_batch.hpp"
#include "iskra/session/timestamp.hpp"
#include "payload_decode.hpp"

namespace iskra::central::sync {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

std::int64_t lock_sync_state(Poco::Data::Session& s, const std::string& gateway_id) {
    storage::sql(s,
                 "INSERT INTO gateway_sync_state (gateway_id, acknowledged_seq) VALUES (?, 0) "
                 "ON CONFLICT (gateway_id) DO NOTHING"),
        useRef(gateway_id), now;
    const bool postgres = storage::backend_of(s) == storage::Backend::PostgreSQL;
    std::int64_t acknowledged = 0;
    storage::sql(s, std::string("SELECT acknowledged_seq FROM gateway_sync_state WHERE "
                                "gateway_id = ?") +
                        (postgres ? " FOR UPDATE" : "")),
        into(acknowledged), useRef(gateway_id), now;
    return acknowledged;
}

// One multi-row INSERT per chunk: a batch of 1,000 events costs four statements, not 1,000.
void record_applied(Poco::Data::Session& s, const std::string& gateway_id,
                    const std::vector<const IncomingEvent*>& events, std::int64_t now_ms) {
    constexpr std::size_t kChunk = 250;
    for (std::size_t start = 0; start < events.size(); start += kChunk) {
        const std::size_t end = std::min(events.size(), start + kChunk);
        std::string text =
            "INSERT INTO applied_events (gateway_id, seq, event_type, applied_at_ms) VALUES ";
        for (std::size_t i = start; i < end; ++i)
            text += i == start ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
        Poco::Data::Statement insert = storage::sql(s, text);
        for (std::size_t i = start; i < end; ++i) {
            insert, useRef(gateway_id), useRef(events[i]->seq), useRef(events[i]->type),
                useRef(now_ms);
        }
        insert.execute();
    }
}

void record_rejected(Poco::Data::Session& s, const std::string& gateway_id,
                     const IncomingEvent& event, const std::string& reason, std::int64_t now_ms) {
    const std::string payload =
        event.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    Poco::Nullable<std::string> at;
    if (event.at) at = *event.at;
    storage::sql(s,
                 "INSERT INTO sync_rejected_events (gateway_id, seq, event_type, event_at, "
                 "payload, reason, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        useRef(gateway_id), useRef(event.seq), useRef(event.type), useRef(at), bind(payload),
        bind(reason), useRef(now_ms), now;
}

std::int64_t at_ms_of(const IncomingEvent& event, std::int64_t now_ms) {
    if (!event.at) return now_ms;
    auto parsed = session::parse_timestamp(*event.at);
    return parsed ? parsed->time_since_epoch().count() : now_ms;
}

}  // namespace

BatchResult apply_event_batch(storage::Database& database, const std::string& gateway_id,
                              const std::vector<IncomingEvent>& events, std::int64_t now_ms) {
    std::vector<tl::expected<detail::DecodedEvent, std::string>> decoded;
    decoded.reserve(events.size());
    for (const auto& event : events)
        decoded.push_back(detail::decode_payload(event.type, event.payload));

    return database.transaction([&](Poco::Data::Session& s) {
        BatchResult result;
        const std::int64_t acknowledged = lock_sync_state(s, gateway_id);
        result.acknowledged = acknowledged;
        detail::ProjectionContext context{s, gateway_id, now_ms, {}, {}, {}};
        std::vector<const IncomingEvent*> applied;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const IncomingEvent& event = events[i];
            if (event.seq <= acknowledged) continue;
            applied.push_back(&event);
            std::optional<std::string> rejection;
            if (!decoded[i]) {
                rejection = decoded[i].error();
            } else {
                rejection = detail::project_event(context, *decoded[i], at_ms_of(event, now_ms));
            }
            if (rejection) {
                record_rejected(s, gateway_id, event, *rejection, now_ms);
                ++result.rejected;
            }
        }
        if (applied.empty()) return result;
        detail::flush_sessions(context);
        record_applied(s, gateway_id, applied, now_ms);
        for (const auto& [station_id, at_ms] : context.seen_stations) {
            stations::touch_station(s, station_id, at_ms);
        }
        result.applied = static_cast<std::int64_t>(applied.size());
        result.acknowledged = applied.back()->seq;
        storage::sql(s,
                     "UPDATE gateway_sync_state SET acknowledged_seq = ?, last_batch_at_ms = ?, "
                     "events_applied = events_applied + ?, events_rejected = events_rejected "
                     "+ ? WHERE gateway_id = ?"),
            useRef(result.acknowledged), useRef(now_ms), useRef(result.applied),
            useRef(result.rejected), useRef(gateway_id), now;
        storage::sql(s, "UPDATE gateways SET last_seen_at_ms = ? WHERE id = ?"), useRef(now_ms),
            useRef(gateway_id), now;
        return result;
    });
}

}  // namespace iskra::central::sync
