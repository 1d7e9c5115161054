// POST /api/gateway/v1/events, without HTTP: reading a batch body and applying it exactly once
// (common/sync/README.md, "Events: exactly once, in order"). Public so tests and the ingestion
// benchmark can drive it directly; the route is a thin wrapper.
// Thread-safe: any number of threads may apply batches, for the same gateway or not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/central/storage/database.hpp"

namespace iskra::central::sync {

inline constexpr std::size_t kMaxBatchEvents = 1000;
inline constexpr std::size_t kMaxEpochLength = 64;

struct IncomingEvent {
    std::int64_t seq = 0;
    std::string type;
    std::optional<std::string> at;  // the envelope's ISO-8601 "at", as sent
    nlohmann::json payload;         // whatever was sent; an unreadable one is kept, not 400
};

struct IncomingBatch {
    // The gateway outbox's epoch: seqs count within it. Empty for a gateway from before epochs.
    std::string epoch;
    std::vector<IncomingEvent> events;
};

// The batch's epoch and events. Throws http::ApiError: 400 naming the field ("events",
// "events[3].seq", "epoch") for a body that is not this shape (no events array, an event that
// is not an object, a seq that is not a positive integer or not strictly increasing, a type
// that is not a string, an epoch that is not a string of at most kMaxEpochLength letters,
// digits, '-' or '_'), 413 for more than kMaxBatchEvents events. Takes the body by value to
// move the payloads out of it.
IncomingBatch parse_event_batch(nlohmann::json body);

struct BatchResult {
    std::int64_t acknowledged = 0;  // the highest seq central holds for the gateway's epoch after
    std::int64_t applied = 0;       // events of this batch applied now (kept ones included)
    std::int64_t rejected = 0;      // of which kept in sync_rejected_events as unreadable
    std::int64_t skipped = 0;       // of which kept there as of a type central does not know
};

// In one transaction: locks the (gateway, epoch) stream, applies every event with a seq above
// its acknowledged one (projections into charging and stations, or a kept-event row), records
// each (stream, seq) under a unique key and moves the acknowledged seq. A retry or a
// concurrent duplicate of the same batch applies nothing twice. Throws
// storage::DatabaseException when the database fails (nothing is applied then).
BatchResult apply_event_batch(storage::Database& database, const std::string& gateway_id,
                              const IncomingBatch& batch, std::int64_t now_ms);

}  // namespace iskra::central::sync
