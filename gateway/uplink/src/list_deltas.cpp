#include "iskra/gateway/uplink/list_deltas.hpp"

#include <set>
#include <string>
#include <vector>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/gateway/store/uplink_state.hpp"

namespace iskra::gateway {

tl::expected<void, StoreError> apply_local_list_delta(Database& db,
                                                      const sync::LocalListDelta& delta) {
    std::vector<LocalListEntry> entries;
    entries.reserve(delta.entries.size() + delta.removed.size());
    for (const auto& entry : delta.entries) {
        entries.push_back(LocalListEntry{
            entry.token,
            session::AuthorizationDecision{entry.status, entry.expires_at, entry.group}});
    }
    if (delta.full) return replace_local_list(db, delta.version, entries);
    for (const auto& token : delta.removed)
        entries.push_back(LocalListEntry{token, std::nullopt});
    return update_local_list(db, delta.version, entries);
}

tl::expected<void, StoreError> apply_stations_delta(Database& db, const sync::StationsDelta& delta,
                                                    Timestamp now) {
    auto state = uplink_state(db);
    if (!state) return tl::unexpected(state.error());
    if (delta.version <= state->stations_version) {
        return tl::unexpected(store_error(StoreErrorKind::Conflict,
                                          "stations version " + std::to_string(delta.version) +
                                              " is not newer than " +
                                              std::to_string(state->stations_version)));
    }
    std::set<std::string> listed;
    for (const auto& station : delta.stations) {
        listed.insert(station.station_id);
        auto allowed = set_station_allow_state(
            db, station.station_id,
            station.allowed ? StationAllowState::Allowed : StationAllowState::Rejected, now);
        if (!allowed) return allowed;
        if (station.password_hash) {
            auto hashed =
                set_station_password_hash(db, station.station_id, station.password_hash, now);
            if (!hashed) return hashed;
        }
    }
    std::vector<std::string> rejected(delta.removed.begin(), delta.removed.end());
    if (delta.full) {
        auto known = station_credentials(db);
        if (!known) return tl::unexpected(known.error());
        for (const auto& station : *known) {
            if (!listed.contains(station.station_id)) rejected.push_back(station.station_id);
        }
    }
    for (const auto& station_id : rejected) {
        auto refused = set_station_allow_state(db, station_id, StationAllowState::Rejected, now);
        if (!refused) return refused;
    }
    return set_stations_version(db, delta.version);
}

}  // namespace iskra::gateway
