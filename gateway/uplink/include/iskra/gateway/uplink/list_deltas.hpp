// Applying central's list deltas to the store (common/sync/README.md, Lists down). Each runs
// inside one store job (store thread) together with its new version, so the gateway holds the
// old list or the new one, never a mix.
#pragma once

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"
#include "iskra/sync/downlink_messages.hpp"

namespace iskra::gateway {

// Full: replaces the local list; otherwise upserts entries and removes `removed` (refused with
// Conflict unless the version is newer than the stored one).
tl::expected<void, StoreError> apply_local_list_delta(Database& db,
                                                      const sync::LocalListDelta& delta);

// Stations listed become Allowed (or Rejected when not allowed) with their password hash;
// removed ones, and with `full` every station the list leaves out, become Rejected (kept, not
// deleted: their sessions and history stay). Refused (Conflict) unless the version is newer.
tl::expected<void, StoreError> apply_stations_delta(Database& db, const sync::StationsDelta& delta,
                                                    Timestamp now);

}  // namespace iskra::gateway
