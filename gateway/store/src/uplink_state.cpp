#include "iskra/gateway/store/uplink_state.hpp"

namespace iskra::gateway {

tl::expected<UplinkState, StoreError> uplink_state(Database& db) {
    auto query =
        db.prepare("SELECT command_cursor, stations_version, outbox_epoch FROM uplink_state");
    if (!query) return tl::unexpected(query.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return UplinkState{};
    return UplinkState{query->int64(0), query->int64(1), query->text(2)};
}

tl::expected<void, StoreError> advance_command_cursor(Database& db, std::int64_t seq) {
    return db.execute("UPDATE uplink_state SET command_cursor = MAX(command_cursor, ?)", seq);
}

tl::expected<void, StoreError> set_stations_version(Database& db, std::int64_t version) {
    return db.execute("UPDATE uplink_state SET stations_version = ?", version);
}

}  // namespace iskra::gateway
