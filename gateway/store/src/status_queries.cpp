#include "iskra/gateway/store/status_queries.hpp"

#include "iskra/gateway/store/tariff_feed_store.hpp"

#include <map>

#include "iskra/gateway/store/migrations.hpp"

namespace iskra::gateway {
namespace {

constexpr std::string_view kSelectSessionView =
    "SELECT session_uuid, station_id, evse_id, connector_id, transaction_id_v16, "
    "transaction_id_v201, token_id, meter_start_wh, meter_stop_wh, started_at, ended_at, "
    "stop_reason, state, closed_by, offline, last_meter_wh, last_meter_at FROM sessions ";

SessionView read_session(const Statement& q) {
    SessionView view;
    view.session_uuid = q.text(0);
    view.station_id = q.text(1);
    view.evse_id = q.optional_int64(2);
    view.connector_id = q.optional_int64(3);
    view.transaction_id_v16 = q.optional_int64(4);
    view.transaction_id_v201 = q.optional_text(5);
    view.token_id = q.optional_text(6);
    view.meter_start_wh = q.optional_int64(7);
    view.meter_stop_wh = q.optional_int64(8);
    view.started_at = q.optional_timestamp(9);
    view.ended_at = q.optional_timestamp(10);
    view.stop_reason = q.optional_text(11);
    view.open = q.text(12) == "open";
    view.closed_by = q.optional_text(13);
    view.offline = q.int64(14) != 0;
    view.last_meter_wh = q.optional_int64(15);
    view.last_meter_at = q.optional_timestamp(16);
    return view;
}

template <typename T, typename Read, typename... Args>
tl::expected<std::vector<T>, StoreError> collect(Database& db, const std::string& sql, Read read,
                                                 const Args&... args) {
    auto query = db.prepare(sql);
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(args...); !bound) return tl::unexpected(bound.error());
    std::vector<T> rows;
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return rows;
        rows.push_back(read(*query));
    }
}

}  // namespace

std::optional<std::int64_t> SessionView::energy_wh() const {
    if (!meter_start_wh || !meter_stop_wh) return std::nullopt;
    return *meter_stop_wh - *meter_start_wh;
}

tl::expected<std::vector<StationOverview>, StoreError> station_overview(Database& db) {
    auto stations = collect<StationOverview>(
        db,
        "SELECT station_id, protocol, vendor, model, firmware_version, allow_state, last_seen_at, "
        "last_boot_at FROM stations ORDER BY station_id",
        [](const Statement& q) {
            StationOverview station;
            station.station_id = q.text(0);
            station.protocol = q.optional_text(1);
            station.vendor = q.optional_text(2);
            station.model = q.optional_text(3);
            station.firmware_version = q.optional_text(4);
            station.allow_state =
                parse_station_allow_state(q.text(5)).value_or(StationAllowState::Pending);
            station.last_seen_at = q.optional_timestamp(6);
            station.last_boot_at = q.optional_timestamp(7);
            return station;
        });
    if (!stations) return stations;
    std::map<std::string, StationOverview*, std::less<>> by_id;
    for (auto& station : *stations)
        by_id[station.station_id] = &station;
    auto query = db.prepare(
        "SELECT station_id, evse_id, connector_id, status, error_code, info, updated_at "
        "FROM connectors ORDER BY station_id, evse_id, connector_id");
    if (!query) return tl::unexpected(query.error());
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        auto station = by_id.find(query->text(0));
        if (station == by_id.end()) continue;
        station->second->connectors.push_back(ConnectorState{
            query->int64(1), query->int64(2), query->text(3), query->optional_text(4),
            query->optional_text(5), query->optional_timestamp(6)});
    }
    return stations;
}

tl::expected<std::vector<SessionView>, StoreError> open_sessions(Database& db) {
    return collect<SessionView>(
        db, std::string(kSelectSessionView) + "WHERE state = 'open' ORDER BY station_id, rowid",
        read_session);
}

tl::expected<std::vector<SessionView>, StoreError> sessions_of_station(
    Database& db, std::string_view station_id) {
    return collect<SessionView>(
        db, std::string(kSelectSessionView) + "WHERE station_id = ? ORDER BY rowid", read_session,
        station_id);
}

tl::expected<std::optional<SessionView>, StoreError> find_session_view(Database& db,
                                                                       std::string_view uuid) {
    auto sessions = collect<SessionView>(
        db, std::string(kSelectSessionView) + "WHERE session_uuid = ?", read_session, uuid);
    if (!sessions) return tl::unexpected(sessions.error());
    if (sessions->empty()) return std::optional<SessionView>();
    auto flags = collect<SessionFlag>(
        db, "SELECT kind, detail, at FROM session_flags WHERE session_uuid = ? ORDER BY id",
        [](const Statement& q) {
            return SessionFlag{q.text(0), q.text(1), q.optional_timestamp(2).value_or(Timestamp{})};
        },
        uuid);
    if (!flags) return tl::unexpected(flags.error());
    SessionView view = std::move(sessions->front());
    view.flags = std::move(*flags);
    return std::optional<SessionView>(std::move(view));
}

tl::expected<SiteStatus, StoreError> site_status(Database& db) {
    // One read transaction, so the page shows a single moment of the store.
    if (auto begun = db.execute("BEGIN"); !begun) return tl::unexpected(begun.error());
    SiteStatus status;
    auto fill = [&]() -> tl::expected<void, StoreError> {
        auto stations = station_overview(db);
        if (!stations) return tl::unexpected(stations.error());
        status.stations = std::move(*stations);
        auto sessions = open_sessions(db);
        if (!sessions) return tl::unexpected(sessions.error());
        status.open_sessions = std::move(*sessions);
        auto backlog = outbox_backlog(db);
        if (!backlog) return tl::unexpected(backlog.error());
        status.outbox = *backlog;
        auto feed = load_tariff_feed(db);
        if (!feed) return tl::unexpected(feed.error());
        if (*feed) status.tariff_feed = std::move((*feed)->body);
        return {};
    };
    auto filled = fill();
    (void)db.execute("COMMIT");
    if (!filled) return tl::unexpected(filled.error());
    return status;
}

StatusReader::StatusReader(std::unique_ptr<Database> database) : database_(std::move(database)) {}

tl::expected<std::unique_ptr<StatusReader>, StoreError> StatusReader::open(
    const std::filesystem::path& file) {
    auto database = open_gateway_reader(file);
    if (!database) return tl::unexpected(database.error());
    return std::unique_ptr<StatusReader>(new StatusReader(std::move(*database)));
}

tl::expected<SiteStatus, StoreError> StatusReader::site_status() {
    std::lock_guard lock(mutex_);
    return gateway::site_status(*database_);
}

tl::expected<std::optional<SessionView>, StoreError> StatusReader::find_session_view(
    std::string_view uuid) {
    std::lock_guard lock(mutex_);
    return gateway::find_session_view(*database_, uuid);
}

}  // namespace iskra::gateway
