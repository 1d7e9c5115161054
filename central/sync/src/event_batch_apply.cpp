// Applying a batch exactly once. The order inside the transaction matters:
//   1. lock the (gateway, epoch) stream row: an upsert that creates it when new and otherwise
//      rewrites it unchanged, which takes its row lock on PostgreSQL (a concurrent batch of the
//      same stream waits here instead of doing all its work twice; SQLite's BEGIN IMMEDIATE
//      already made this the only writer) and returns the stream's id and acknowledged seq;
//   2. skip every event at or below the acknowledged seq: a retry, a duplicate, an overlap;
//   3. project the rest (event_projection.hpp), record each (stream, seq) under the unique key;
//   4. move the acknowledged seq.
// Decoding is pure and done before the transaction, which may run more than once.
//
// Why READ COMMITTED is enough on PostgreSQL (Isolation::ReadCommitted: no serialization
// failures, so 16 batches in flight do not retry each other into the ground):
//  - Exactly once. Step 1's upsert locks the stream row until commit. A second batch of the
//    same stream blocks on that lock; when it gets it, PostgreSQL applies its DO UPDATE to the
//    newest committed row version, so RETURNING hands it the acknowledged seq the first batch
//    committed, and it skips what the first applied. Two batches of a new stream: one inserts,
//    the other waits on the unique key, then takes the DO UPDATE path the same way. Should
//    anything bypass the lock, the (stream_id, seq) primary key of applied_events refuses the
//    second apply and the whole batch rolls back: never applied twice, never half applied.
//  - Each gateway's events go through its own stream lock, so the reads some projections make
//    before they write (a session's flags, a queued command's status) see no concurrent writer
//    of the same rows: sessions, connectors and commands belong to one gateway.
//  - The rows gateways could share are written so that a concurrent writer cannot be lost:
//    stations and status history by INSERT ... ON CONFLICT DO NOTHING, connectors and sessions
//    by atomic upserts, last-seen and live status by UPDATEs whose "only forward" condition is
//    in the WHERE (re-checked on the newest row version), the authorisation links by an UPDATE
//    that re-checks session_uuid IS NULL. Token and gateway reads are of reference data: a
//    committed value a moment older or newer is as right.
// SQLite has one writer at a time, so there the question does not arise.
#include <Poco/Data/Statement.h>

#include "event_projection.hpp"
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

struct Stream {
    std::int64_t id = 0;
    std::int64_t acknowledged = 0;
};

Stream lock_stream(Poco::Data::Session& s, const std::string& gateway_id, const std::string& epoch,
                   std::int64_t now_ms) {
    Stream stream;
    storage::sql(s,
                 "INSERT INTO gateway_sync_streams (gateway_id, epoch, started_at_ms) "
                 "VALUES (?, ?, ?) ON CONFLICT (gateway_id, epoch) DO UPDATE SET "
                 "acknowledged_seq = gateway_sync_streams.acknowledged_seq "
                 "RETURNING id, acknowledged_seq"),
        useRef(gateway_id), useRef(epoch), useRef(now_ms), into(stream.id),
        into(stream.acknowledged), now;
    return stream;
}

// One multi-row INSERT per chunk: a batch of 1,000 events costs one statement, not 1,000.
void record_applied(Poco::Data::Session& s, std::int64_t stream_id,
                    const std::vector<const IncomingEvent*>& events, std::int64_t now_ms) {
    constexpr std::size_t kChunk = 1000;  // 4,000 parameters
    for (std::size_t start = 0; start < events.size(); start += kChunk) {
        const std::size_t end = std::min(events.size(), start + kChunk);
        std::string text =
            "INSERT INTO applied_events (stream_id, seq, event_type, applied_at_ms) VALUES ";
        for (std::size_t i = start; i < end; ++i)
            text += i == start ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
        Poco::Data::Statement insert = storage::sql(s, text);
        for (std::size_t i = start; i < end; ++i) {
            insert, useRef(stream_id), useRef(events[i]->seq), useRef(events[i]->type),
                useRef(now_ms);
        }
        insert.execute();
    }
}

void record_kept(Poco::Data::Session& s, std::int64_t stream_id, const IncomingEvent& event,
                 const char* disposition, const std::string& reason, std::int64_t now_ms) {
    const std::string payload =
        event.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    Poco::Nullable<std::string> at;
    if (event.at) at = *event.at;
    storage::sql(s,
                 "INSERT INTO sync_rejected_events (stream_id, seq, disposition, event_type, "
                 "event_at, payload, reason, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        useRef(stream_id), useRef(event.seq), bind(std::string(disposition)), useRef(event.type),
        useRef(at), bind(payload), bind(reason), useRef(now_ms), now;
}

std::int64_t at_ms_of(const IncomingEvent& event, std::int64_t now_ms) {
    if (!event.at) return now_ms;
    auto parsed = session::parse_timestamp(*event.at);
    return parsed ? parsed->time_since_epoch().count() : now_ms;
}

}  // namespace

BatchResult apply_event_batch(storage::Database& database, const std::string& gateway_id,
                              const IncomingBatch& batch, std::int64_t now_ms) {
    const auto& events = batch.events;
    std::vector<tl::expected<detail::DecodedEvent, detail::Unusable>> decoded;
    decoded.reserve(events.size());
    for (const auto& event : events)
        decoded.push_back(detail::decode_payload(event.type, event.payload));

    // The reasoning for READ COMMITTED is at the top of this file.
    return database.transaction(
        [&](Poco::Data::Session& s) {
            BatchResult result;
            const Stream stream = lock_stream(s, gateway_id, batch.epoch, now_ms);
            result.acknowledged = stream.acknowledged;
            detail::ProjectionContext context{s, gateway_id, stream.id, now_ms};
            std::vector<const IncomingEvent*> applied;
            for (std::size_t i = 0; i < events.size(); ++i) {
                const IncomingEvent& event = events[i];
                if (event.seq <= stream.acknowledged) continue;
                applied.push_back(&event);
                if (!decoded[i]) {
                    const bool skip = decoded[i].error().unknown_type;
                    record_kept(s, stream.id, event, skip ? "skipped" : "rejected",
                                decoded[i].error().reason, now_ms);
                    ++(skip ? result.skipped : result.rejected);
                    continue;
                }
                if (auto rejection = detail::project_event(context, *decoded[i], event.seq,
                                                           at_ms_of(event, now_ms))) {
                    record_kept(s, stream.id, event, "rejected", *rejection, now_ms);
                    ++result.rejected;
                }
            }
            if (applied.empty()) return result;
            detail::flush(context);
            record_applied(s, stream.id, applied, now_ms);
            result.applied = static_cast<std::int64_t>(applied.size());
            result.acknowledged = applied.back()->seq;
            storage::sql(s,
                         "UPDATE gateway_sync_streams SET acknowledged_seq = ?, "
                         "last_batch_at_ms = ?, events_applied = events_applied + ?, "
                         "events_rejected = events_rejected + ?, events_skipped = "
                         "events_skipped + ? WHERE id = ?"),
                useRef(result.acknowledged), useRef(now_ms), useRef(result.applied),
                useRef(result.rejected), useRef(result.skipped), bind(stream.id), now;
            // Forward only: a slow batch of another stream must not move it back.
            storage::sql(s,
                         "UPDATE gateways SET last_seen_at_ms = ? WHERE id = ? AND "
                         "(last_seen_at_ms IS NULL OR last_seen_at_ms < ?)"),
                useRef(now_ms), useRef(gateway_id), useRef(now_ms), now;
            return result;
        },
        storage::Isolation::ReadCommitted);
}

}  // namespace iskra::central::sync
