#include "iskra/central/stations/station_events.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <tuple>

#include "db_util.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/session/vocabulary.hpp"

namespace iskra::central::stations {
namespace {

using detail::execute;
using detail::nullable;
using detail::Param;
using detail::select;

std::string site_of_gateway(Poco::Data::Session& session, const std::string& gateway_id) {
    auto rows = select(session, "SELECT site_id FROM gateways WHERE id = ?", {gateway_id});
    if (rows.rowCount() == 0) {
        throw std::invalid_argument("no gateway " + gateway_id + " to record a station event for");
    }
    return detail::text(rows, 0, "site_id");
}

// Creates the row of a station the gateway reports before staff registered it: on the
// gateway's site, not allowed (the allow-list is staff's to grow), so no allow-list change.
// ON CONFLICT rather than asking first: two batches may report one new station at once.
void ensure_station(Poco::Data::Session& session, const std::string& gateway_id,
                    const std::string& station_id, std::int64_t at_ms) {
    const std::string site_id = site_of_gateway(session, gateway_id);
    execute(session,
            "INSERT INTO stations (id, site_id, gateway_id, allowed, availability, "
            "created_at_ms, updated_at_ms) VALUES (?, ?, ?, 0, 'Operative', ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            {station_id, site_id, gateway_id, at_ms, at_ms});
}

// Runs `prefix` + rows + `suffix` over `params` (a run of `per_row` params per row, then
// `trailing` for the suffix's own placeholders), in chunks that stay far below either
// backend's limit on bound parameters.
void execute_rows(Poco::Data::Session& session, std::string_view prefix, std::string_view row,
                  std::string_view suffix, const std::vector<Param>& params, std::size_t per_row,
                  const std::vector<Param>& trailing = {}) {
    constexpr std::size_t kMaxParams = 4000;
    const std::size_t rows = params.size() / per_row;
    const std::size_t chunk = std::max<std::size_t>(1, kMaxParams / per_row);
    for (std::size_t start = 0; start < rows; start += chunk) {
        const std::size_t end = std::min(rows, start + chunk);
        std::string text(prefix);
        text += storage::value_rows(end - start, row);
        text += suffix;
        std::vector<Param> bound(params.begin() + static_cast<std::ptrdiff_t>(start * per_row),
                                 params.begin() + static_cast<std::ptrdiff_t>(end * per_row));
        bound.insert(bound.end(), trailing.begin(), trailing.end());
        execute(session, text, bound);
    }
}

std::int64_t status_at_of(const StatusReport& report) {
    return report.event.timestamp ? report.event.timestamp->time_since_epoch().count()
                                  : report.at_ms;
}

using ConnectorKey = std::tuple<std::string, std::int64_t, std::int64_t>;

// Of a batch's reports for one connector, the one its live status ends with when they are
// applied in order: the newest status instant, the later report on a tie.
struct Latest {
    const StatusReport* report = nullptr;
    std::int64_t status_at = 0;
    std::int64_t first_at_ms = 0;  // the first report's time: a new row's created_at
};

}  // namespace

void record_station_booted(Poco::Data::Session& session, const std::string& gateway_id,
                           const session::StationBooted& event, std::int64_t at_ms) {
    ensure_station(session, gateway_id, event.station_id, at_ms);
    // Boot facts of an older boot (a replayed backlog) never overwrite a newer boot's.
    execute(session,
            "UPDATE stations SET gateway_id = ?, protocol = ?, vendor = ?, model = ?, "
            "serial_number = ?, firmware_version = ?, last_boot_at_ms = ?, updated_at_ms = ? "
            "WHERE id = ? AND (last_boot_at_ms IS NULL OR last_boot_at_ms <= ?)",
            {gateway_id, std::string(ocpp::subprotocol(event.protocol)), event.vendor, event.model,
             nullable(event.serial_number), nullable(event.firmware_version), at_ms, at_ms,
             event.station_id, at_ms});
    touch_station(session, event.station_id, at_ms);
}

void record_connector_status(Poco::Data::Session& session, const std::string& gateway_id,
                             const session::ConnectorStatusChanged& event, std::int64_t at_ms) {
    record_connector_statuses(session, gateway_id, {StatusReport{event, at_ms}});
    touch_station(session, event.station_id, at_ms);
}

void record_connector_statuses(Poco::Data::Session& session, const std::string& gateway_id,
                               const std::vector<StatusReport>& reports) {
    if (reports.empty()) return;
    // Stations the gateway reports before staff registered them, as ensure_station does, for
    // the whole batch at once (the first report's time is the row's creation).
    std::map<std::string, std::int64_t> stations;
    for (const auto& report : reports)
        stations.emplace(report.event.station_id, report.at_ms);
    std::vector<Param> params;
    for (const auto& [station_id, at_ms] : stations) {
        params.emplace_back(station_id);
        params.emplace_back(at_ms);
    }
    // VALUES' columns are column1, column2, ... on both backends. (The WHERE also tells
    // SQLite's parser that ON CONFLICT is not a join's ON.)
    execute_rows(session,
                 "INSERT INTO stations (id, site_id, gateway_id, allowed, availability, "
                 "created_at_ms, updated_at_ms) SELECT v.column1, g.site_id, g.id, 0, "
                 "'Operative', v.column2, v.column2 FROM (VALUES ",
                 "(?, CAST(? AS BIGINT))",
                 ") AS v, gateways g WHERE g.id = ? ON CONFLICT DO NOTHING", params, 2,
                 {gateway_id});

    // Live status moves forward only: an older event (a backlog) goes to the history alone.
    std::map<std::string, Latest> station_status;  // EVSE 0: the station's own
    std::map<ConnectorKey, Latest> connector_status;
    for (const auto& report : reports) {
        const auto& c = report.event.connector;
        Latest& latest =
            c.is_station() ? station_status[report.event.station_id]
                           : connector_status[{report.event.station_id, c.evse_id, c.connector_id}];
        const std::int64_t status_at = status_at_of(report);
        if (latest.report == nullptr) latest.first_at_ms = report.at_ms;
        if (latest.report == nullptr || status_at >= latest.status_at) {
            latest.report = &report;
            latest.status_at = status_at;
        }
    }
    for (const auto& [station_id, latest] : station_status) {
        const auto& e = latest.report->event;
        execute(session,
                "UPDATE stations SET status = ?, error_code = ?, status_at_ms = ? "
                "WHERE id = ? AND (status_at_ms IS NULL OR status_at_ms <= ?)",
                {std::string(session::to_string(e.status)), nullable(e.error_code),
                 latest.status_at, station_id, latest.status_at});
    }
    params.clear();
    for (const auto& [key, latest] : connector_status) {
        const auto& e = latest.report->event;
        params.insert(params.end(),
                      {std::get<0>(key), std::get<1>(key), std::get<2>(key),
                       std::string(session::to_string(e.status)), nullable(e.error_code),
                       nullable(e.info), latest.status_at, latest.first_at_ms, latest.first_at_ms});
    }
    // One row per connector (PostgreSQL refuses an upsert that meets one row twice).
    execute_rows(session,
                 "INSERT INTO connectors (station_id, evse_id, connector_id, status, error_code, "
                 "info, status_at_ms, created_at_ms, updated_at_ms) VALUES ",
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 " ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET "
                 "status = excluded.status, error_code = excluded.error_code, "
                 "info = excluded.info, status_at_ms = excluded.status_at_ms "
                 "WHERE connectors.status_at_ms IS NULL "
                 "OR connectors.status_at_ms <= excluded.status_at_ms",
                 params, 9);

    // Every report in the history once: the unique key (station, evse, connector, at, status)
    // skips a repeat, from this batch or an earlier one.
    std::set<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t, std::string>> seen;
    params.clear();
    for (const auto& report : reports) {
        const auto& e = report.event;
        const std::int64_t status_at = status_at_of(report);
        std::string status(session::to_string(e.status));
        if (!seen.emplace(e.station_id, e.connector.evse_id, e.connector.connector_id, status_at,
                          status)
                 .second) {
            continue;
        }
        params.insert(params.end(), {e.station_id, e.connector.evse_id, e.connector.connector_id,
                                     std::move(status), nullable(e.error_code), nullable(e.info),
                                     status_at, report.at_ms});
    }
    execute_rows(session,
                 "INSERT INTO connector_status_history (station_id, evse_id, connector_id, "
                 "status, error_code, info, at_ms, recorded_at_ms) VALUES ",
                 "(?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT DO NOTHING", params, 8);
}

std::string_view to_string(CompletionResult result) {
    switch (result) {
        case CompletionResult::Applied:
            return "applied";
        case CompletionResult::AlreadyCompleted:
            return "already_completed";
        case CompletionResult::UnknownCommand:
            return "unknown_command";
        case CompletionResult::InvalidStatus:
            return "invalid_status";
    }
    return "invalid_status";
}

CompletionResult record_command_completed(Poco::Data::Session& session,
                                          const std::string& gateway_id,
                                          const std::string& central_command_id,
                                          std::string_view status, const std::string& result_json,
                                          std::int64_t at_ms) {
    if (status != "Accepted" && status != "Rejected" && status != "Failed" && status != "Timeout") {
        return CompletionResult::InvalidStatus;
    }
    auto rows =
        select(session, "SELECT status FROM station_commands WHERE id = ? AND gateway_id = ?",
               {central_command_id, gateway_id});
    if (rows.rowCount() == 0) return CompletionResult::UnknownCommand;
    const std::string current = detail::text(rows, 0, "status");
    if (current != "Queued" && current != "Delivered") return CompletionResult::AlreadyCompleted;
    // The condition again in the WHERE: under READ COMMITTED another transaction may have
    // settled the command since the SELECT, and the WHERE is re-checked on the newest row.
    const std::size_t changed = execute(
        session,
        "UPDATE station_commands SET status = ?, result = ?, completed_at_ms = ?, "
        "delivered_at_ms = COALESCE(delivered_at_ms, CAST(? AS BIGINT)) WHERE id = ? "
        "AND status IN ('Queued', 'Delivered')",
        {std::string(status), result_json.empty() ? Param(std::monostate{}) : Param(result_json),
         at_ms, at_ms, central_command_id});
    return changed > 0 ? CompletionResult::Applied : CompletionResult::AlreadyCompleted;
}

void touch_stations(Poco::Data::Session& session,
                    const std::map<std::string, std::int64_t>& last_seen) {
    std::vector<Param> params;
    params.reserve(last_seen.size() * 2);
    for (const auto& [station_id, at_ms] : last_seen) {
        params.emplace_back(station_id);
        params.emplace_back(at_ms);
    }
    // UPDATE ... FROM: PostgreSQL's, and SQLite's since 3.33.
    execute_rows(session, "UPDATE stations SET last_seen_at_ms = v.column2 FROM (VALUES ",
                 "(?, CAST(? AS BIGINT))",
                 ") AS v WHERE stations.id = v.column1 AND (stations.last_seen_at_ms IS NULL OR "
                 "stations.last_seen_at_ms < v.column2)",
                 params, 2);
}

bool touch_station(Poco::Data::Session& session, const std::string& station_id,
                   std::int64_t at_ms) {
    if (detail::count(session, "SELECT COUNT(*) FROM stations WHERE id = ?", {station_id}) == 0) {
        return false;
    }
    execute(session,
            "UPDATE stations SET last_seen_at_ms = ? WHERE id = ? AND "
            "(last_seen_at_ms IS NULL OR last_seen_at_ms < ?)",
            {at_ms, station_id, at_ms});
    return true;
}

}  // namespace iskra::central::stations
