// The ordered outbox of events for central. Every ledger write appends its rows in the same
// transaction as the facts they describe, so an event is durable exactly when its facts are.
// Sequence numbers only grow and are never reused (central deduplicates on gateway id + seq).
// Appends and acknowledge are writes (store jobs, store thread); outbox_after and
// outbox_backlog read and may run on a reader connection of the calling thread (the uplink's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

struct OutboxEntry {
    std::int64_t seq = 0;
    std::string event_type;  // the neutral event's name ("SessionStarted") or a store event
    std::string payload;  // JSON object: the event's fields plus "session_uuid" where one applies
    Timestamp created_at;
};

struct OutboxBacklog {
    std::int64_t acknowledged = 0;  // central holds everything up to here
    std::int64_t last_seq = 0;      // 0: nothing ever appended
    std::int64_t pending = 0;       // rows after the acknowledged marker
    std::optional<Timestamp> oldest_pending_at;
};

// Returns the new row's sequence number.
tl::expected<std::int64_t, StoreError> append_outbox(Database& db, std::string_view event_type,
                                                     std::string_view payload,
                                                     Timestamp created_at);

// Rows with seq > after_seq, in order, at most `limit`.
tl::expected<std::vector<OutboxEntry>, StoreError> outbox_after(Database& db,
                                                                std::int64_t after_seq,
                                                                std::size_t limit);

// Moves the marker to up_to_seq (never backwards) and returns it. Acknowledging beyond the last
// row appended is refused (Invalid): central cannot hold what was never sent.
tl::expected<std::int64_t, StoreError> acknowledge(Database& db, std::int64_t up_to_seq,
                                                   Timestamp now);

tl::expected<OutboxBacklog, StoreError> outbox_backlog(Database& db);

}  // namespace iskra::gateway
