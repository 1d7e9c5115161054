#include "iskra/central/stations/station_events.hpp"

#include <stdexcept>

#include "db_util.hpp"
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
void ensure_station(Poco::Data::Session& session, const std::string& gateway_id,
                    const std::string& station_id, std::int64_t at_ms) {
    if (detail::count(session, "SELECT COUNT(*) FROM stations WHERE id = ?", {station_id}) > 0) {
        return;
    }
    const std::string site_id = site_of_gateway(session, gateway_id);
    execute(session,
            "INSERT INTO stations (id, site_id, gateway_id, allowed, availability, "
            "created_at_ms, updated_at_ms) VALUES (?, ?, ?, 0, 'Operative', ?, ?)",
            {station_id, site_id, gateway_id, at_ms, at_ms});
}

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
    ensure_station(session, gateway_id, event.station_id, at_ms);
    const std::int64_t status_at =
        event.timestamp ? event.timestamp->time_since_epoch().count() : at_ms;
    const std::string status(session::to_string(event.status));
    const std::int64_t evse = event.connector.evse_id;
    const std::int64_t connector = event.connector.connector_id;

    // Live status moves forward only: an older event (a backlog) goes to the history alone.
    if (event.connector.is_station()) {
        execute(session,
                "UPDATE stations SET status = ?, error_code = ?, status_at_ms = ? "
                "WHERE id = ? AND (status_at_ms IS NULL OR status_at_ms <= ?)",
                {status, nullable(event.error_code), status_at, event.station_id, status_at});
    } else {
        const Param id{event.station_id};
        if (detail::count(session,
                          "SELECT COUNT(*) FROM connectors WHERE station_id = ? AND evse_id = ? "
                          "AND connector_id = ?",
                          {id, evse, connector}) == 0) {
            execute(session,
                    "INSERT INTO connectors (station_id, evse_id, connector_id, created_at_ms, "
                    "updated_at_ms) VALUES (?, ?, ?, ?, ?)",
                    {id, evse, connector, at_ms, at_ms});
        }
        execute(session,
                "UPDATE connectors SET status = ?, error_code = ?, info = ?, status_at_ms = ? "
                "WHERE station_id = ? AND evse_id = ? AND connector_id = ? "
                "AND (status_at_ms IS NULL OR status_at_ms <= ?)",
                {status, nullable(event.error_code), nullable(event.info), status_at, id, evse,
                 connector, status_at});
    }
    // The unique key (station, evse, connector, at, status) would refuse a repeat; asking first
    // keeps a failed statement from aborting the caller's PostgreSQL transaction.
    if (detail::count(session,
                      "SELECT COUNT(*) FROM connector_status_history WHERE station_id = ? AND "
                      "evse_id = ? AND connector_id = ? AND at_ms = ? AND status = ?",
                      {event.station_id, evse, connector, status_at, status}) == 0) {
        execute(session,
                "INSERT INTO connector_status_history (station_id, evse_id, connector_id, status, "
                "error_code, info, at_ms, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {event.station_id, evse, connector, status, nullable(event.error_code),
                 nullable(event.info), status_at, at_ms});
    }
    touch_station(session, event.station_id, at_ms);
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
    execute(
        session,
        "UPDATE station_commands SET status = ?, result = ?, completed_at_ms = ?, "
        "delivered_at_ms = COALESCE(delivered_at_ms, CAST(? AS BIGINT)) WHERE id = ?",
        {std::string(status), result_json.empty() ? Param(std::monostate{}) : Param(result_json),
         at_ms, at_ms, central_command_id});
    return CompletionResult::Applied;
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
