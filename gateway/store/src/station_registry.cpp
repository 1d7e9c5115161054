#include "iskra/gateway/store/station_registry.hpp"

namespace iskra::gateway {

std::string_view to_string(StationAllowState state) {
    switch (state) {
        case StationAllowState::Allowed:
            return "allowed";
        case StationAllowState::Pending:
            return "pending";
        case StationAllowState::Rejected:
            return "rejected";
    }
    return "";
}

std::optional<StationAllowState> parse_station_allow_state(std::string_view text) {
    if (text == "allowed") return StationAllowState::Allowed;
    if (text == "pending") return StationAllowState::Pending;
    if (text == "rejected") return StationAllowState::Rejected;
    return std::nullopt;
}

tl::expected<void, StoreError> touch_station(Database& db, std::string_view station_id,
                                             Timestamp now, StationAllowState state_if_new) {
    // Rewritten only when it moves by more than kLastSeenResolution: every meter value touches
    // its station, and an unchanged row costs no page write in the commit.
    return db.execute(
        "INSERT INTO stations (station_id, allow_state, first_seen_at, last_seen_at) "
        "VALUES (?1, ?2, ?3, ?3) "
        "ON CONFLICT (station_id) DO UPDATE SET last_seen_at = excluded.last_seen_at "
        "WHERE stations.last_seen_at < ?4",
        station_id, to_string(state_if_new), now, now - kLastSeenResolution);
}

tl::expected<void, StoreError> set_station_allow_state(Database& db, std::string_view station_id,
                                                       StationAllowState state, Timestamp now) {
    return db.execute(
        "INSERT INTO stations (station_id, allow_state, first_seen_at, last_seen_at) "
        "VALUES (?1, ?2, ?3, ?3) "
        "ON CONFLICT (station_id) DO UPDATE SET allow_state = excluded.allow_state",
        station_id, to_string(state), now);
}

tl::expected<void, StoreError> set_station_password_hash(
    Database& db, std::string_view station_id, const std::optional<std::string>& password_hash,
    Timestamp now) {
    return db.execute(
        "INSERT INTO stations (station_id, password_hash, first_seen_at, last_seen_at) "
        "VALUES (?1, ?2, ?3, ?3) "
        "ON CONFLICT (station_id) DO UPDATE SET password_hash = excluded.password_hash",
        station_id, password_hash, now);
}

tl::expected<std::vector<StationCredentials>, StoreError> station_credentials(Database& db) {
    auto query = db.prepare(
        "SELECT station_id, allow_state, password_hash FROM stations ORDER BY station_id");
    if (!query) return tl::unexpected(query.error());
    std::vector<StationCredentials> stations;
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        stations.push_back(StationCredentials{
            query->text(0),
            parse_station_allow_state(query->text(1)).value_or(StationAllowState::Pending),
            query->optional_text(2)});
    }
    return stations;
}

}  // namespace iskra::gateway
