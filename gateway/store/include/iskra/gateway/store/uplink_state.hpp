// What the uplink remembers between runs: its cursor over central's command queue, the
// version of the station list central last sent (the local list's version is auth_store's) and
// the epoch of this database's outbox.
// Reads run on any connection; the setters are writes (store jobs, store thread) and belong in
// the same job as what they record, so a crash leaves the old position with the old data.
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

struct UplinkState {
    std::int64_t command_cursor = 0;    // the highest command seq logged
    std::int64_t stations_version = 0;  // 0: no list ever received
    // This database's outbox (32 hex digits, made with the database): sent with every events
    // batch so central keeps a wiped gateway's restarted seqs apart from the old ones.
    std::string outbox_epoch;
};

tl::expected<UplinkState, StoreError> uplink_state(Database& db);

// Moves the cursor forward (never back: a late answer to an older poll must not re-fetch).
tl::expected<void, StoreError> advance_command_cursor(Database& db, std::int64_t seq);

tl::expected<void, StoreError> set_stations_version(Database& db, std::int64_t version);

}  // namespace iskra::gateway
