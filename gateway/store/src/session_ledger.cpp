// The ledger's station-side rules: boots and connector status, each of which may close a session
// the station left open. Starts and updates: session_ledger_start.cpp; stops, meter values and
// the logs: session_ledger_end.cpp.
#include "iskra/gateway/store/session_ledger.hpp"

#include <chrono>

#include "ledger_support.hpp"

namespace iskra::gateway {

using detail::append_event;
using detail::on_connector;
using detail::SessionRow;

SessionLedger::SessionLedger(LedgerConfig config, SessionIdGenerator& ids)
    : config_(config), ids_(ids) {}

tl::expected<BootRecorded, StoreError> SessionLedger::record_boot(
    Database& db, const session::StationBooted& event, Timestamp received_at) {
    BootRecorded result;
    {
        auto known = db.prepare("SELECT 1 FROM stations WHERE station_id = ?");
        if (!known) return tl::unexpected(known.error());
        if (auto bound = known->bind(event.station_id); !bound)
            return tl::unexpected(bound.error());
        auto row = known->step();
        if (!row) return tl::unexpected(row.error());
        result.first_boot = !*row;
    }
    auto saved = db.execute(
        "INSERT INTO stations (station_id, protocol, vendor, model, serial_number, "
        "firmware_version, iccid, imsi, meter_type, meter_serial_number, allow_state, "
        "first_seen_at, last_seen_at, last_boot_at, last_boot_reason) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12, ?13) "
        "ON CONFLICT (station_id) DO UPDATE SET protocol = excluded.protocol, "
        "vendor = excluded.vendor, model = excluded.model, serial_number = excluded.serial_number, "
        "firmware_version = excluded.firmware_version, iccid = excluded.iccid, "
        "imsi = excluded.imsi, meter_type = excluded.meter_type, "
        "meter_serial_number = excluded.meter_serial_number, last_seen_at = excluded.last_seen_at, "
        "last_boot_at = excluded.last_boot_at, last_boot_reason = excluded.last_boot_reason",
        event.station_id, ocpp::subprotocol(event.protocol), event.vendor, event.model,
        event.serial_number, event.firmware_version, event.iccid, event.imsi, event.meter_type,
        event.meter_serial_number, to_string(config_.unknown_station_state), received_at,
        event.boot_reason);
    if (!saved) return tl::unexpected(saved.error());
    {
        auto state = db.prepare("SELECT allow_state FROM stations WHERE station_id = ?");
        if (!state) return tl::unexpected(state.error());
        if (auto bound = state->bind(event.station_id); !bound)
            return tl::unexpected(bound.error());
        auto row = state->step();
        if (!row) return tl::unexpected(row.error());
        result.allow_state =
            parse_station_allow_state(state->text(0)).value_or(StationAllowState::Pending);
    }
    if (auto appended = append_event(db, event, std::nullopt, received_at); !appended) {
        return tl::unexpected(appended.error());
    }

    // A station that boots has lost whatever it was charging; a stop it kept in its queue may
    // still come and will then be applied over this close.
    auto open = detail::open_sessions_of(db, event.station_id);
    if (!open) return tl::unexpected(open.error());
    for (auto& row : *open) {
        const Timestamp ended_at = row.last_meter_at.value_or(received_at);
        auto closed = detail::close_by_gateway(
            db, row, "reboot", session::StopReason::Reboot, ended_at, flag::kClosedByReboot,
            "the station rebooted at " + session::format_timestamp(received_at) +
                " with this session open; closed at its last reading " +
                detail::describe_reading(row.last_meter_wh ? row.last_meter_wh : row.meter_start_wh,
                                         row.last_meter_at ? row.last_meter_at : row.started_at),
            received_at);
        if (!closed) return tl::unexpected(closed.error());
        result.closed_sessions.push_back(row.uuid);
    }
    return result;
}

tl::expected<StatusRecorded, StoreError> SessionLedger::record_status(
    Database& db, const session::ConnectorStatusChanged& event, Timestamp received_at) {
    if (auto touched =
            touch_station(db, event.station_id, received_at, config_.unknown_station_state);
        !touched) {
        return tl::unexpected(touched.error());
    }
    std::optional<std::string> previous;
    {
        auto query = db.prepare(
            "SELECT status FROM connectors WHERE station_id = ? AND evse_id = ? AND "
            "connector_id = ?");
        if (!query) return tl::unexpected(query.error());
        if (auto bound = query->bind(event.station_id, event.connector.evse_id,
                                     event.connector.connector_id);
            !bound) {
            return tl::unexpected(bound.error());
        }
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) previous = query->text(0);
    }
    const auto status = session::to_string(event.status);
    auto saved = db.execute(
        "INSERT INTO connectors (station_id, evse_id, connector_id, status, error_code, info, "
        "vendor_id, vendor_error_code, station_time, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET status = excluded.status, "
        "error_code = excluded.error_code, info = excluded.info, vendor_id = excluded.vendor_id, "
        "vendor_error_code = excluded.vendor_error_code, station_time = excluded.station_time, "
        "updated_at = excluded.updated_at",
        event.station_id, event.connector.evse_id, event.connector.connector_id, status,
        event.error_code, event.info, event.vendor_id, event.vendor_error_code, event.timestamp,
        received_at);
    if (!saved) return tl::unexpected(saved.error());
    auto history = db.execute(
        "INSERT INTO connector_status_history (station_id, evse_id, connector_id, status, "
        "error_code, info, vendor_id, vendor_error_code, station_time, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        event.station_id, event.connector.evse_id, event.connector.connector_id, status,
        event.error_code, event.info, event.vendor_id, event.vendor_error_code, event.timestamp,
        received_at);
    if (!history) return tl::unexpected(history.error());
    if (auto appended = append_event(db, event, std::nullopt, received_at); !appended) {
        return tl::unexpected(appended.error());
    }

    StatusRecorded result;
    // "Going" Available: a repeated Available (2.0.1 may start a transaction on authorisation,
    // before any cable) says nothing about the session.
    if (event.status != session::ConnectorStatus::Available || event.connector.is_station() ||
        previous == "Available") {
        return result;
    }
    const Timestamp at = event.timestamp.value_or(received_at);
    auto open = detail::open_sessions_of(db, event.station_id);
    if (!open) return tl::unexpected(open.error());
    for (auto& row : *open) {
        if (!on_connector(row, event.connector)) continue;
        if (row.started_at && *row.started_at > at) continue;  // a late status from before it
        auto closed = detail::close_by_gateway(
            db, row, "status", session::StopReason::Other, at, flag::kClosedByStatus,
            "connector went Available at " + session::format_timestamp(at) + " (was " +
                previous.value_or("unknown") +
                ") with no stop for this session; closed at its last reading " +
                detail::describe_reading(row.last_meter_wh ? row.last_meter_wh : row.meter_start_wh,
                                         row.last_meter_at ? row.last_meter_at : row.started_at),
            received_at);
        if (!closed) return tl::unexpected(closed.error());
        result.closed_sessions.push_back(row.uuid);
    }
    return result;
}

}  // namespace iskra::gateway
