#include "station_rows.hpp"

#include "iskra/central/http/api_error.hpp"
#include "route_support.hpp"

namespace iskra::central::stations::detail {

using nlohmann::json;

const char* const kStationColumns =
    "id, site_id, gateway_id, name, protocol, vendor, model, serial_number, firmware_version, "
    "category, availability, allowed, password_hash, security_profile, status, error_code, "
    "status_at_ms, last_boot_at_ms, last_seen_at_ms, created_at_ms, updated_at_ms";

const char* const kConnectorColumns =
    "station_id, evse_id, connector_id, type, max_power_w, availability, status, error_code, "
    "info, status_at_ms, created_at_ms, updated_at_ms";

json station_json(const RecordSet& rows, std::size_t i, std::int64_t now_ms) {
    const auto last_seen = opt_integer(rows, i, "last_seen_at_ms");
    return {{"id", text(rows, i, "id")},
            {"site_id", text(rows, i, "site_id")},
            {"gateway_id", or_null(opt_text(rows, i, "gateway_id"))},
            {"name", or_null(opt_text(rows, i, "name"))},
            {"protocol", or_null(opt_text(rows, i, "protocol"))},
            {"vendor", or_null(opt_text(rows, i, "vendor"))},
            {"model", or_null(opt_text(rows, i, "model"))},
            {"serial_number", or_null(opt_text(rows, i, "serial_number"))},
            {"firmware_version", or_null(opt_text(rows, i, "firmware_version"))},
            {"category", or_null(opt_text(rows, i, "category"))},
            {"availability", text(rows, i, "availability")},
            {"allowed", integer(rows, i, "allowed") != 0},
            // Whether a password is set, never the hash.
            {"has_password", opt_text(rows, i, "password_hash").has_value()},
            {"security_profile", or_null(opt_integer(rows, i, "security_profile"))},
            {"status", or_null(opt_text(rows, i, "status"))},
            {"error_code", or_null(opt_text(rows, i, "error_code"))},
            {"status_at", iso_or_null(opt_integer(rows, i, "status_at_ms"))},
            {"online", last_seen && *last_seen >= now_ms - kOnlineWindowMs},
            {"last_boot_at", iso_or_null(opt_integer(rows, i, "last_boot_at_ms"))},
            {"last_seen_at", iso_or_null(last_seen)},
            {"created_at", iso(integer(rows, i, "created_at_ms"))},
            {"updated_at", iso(integer(rows, i, "updated_at_ms"))}};
}

json connector_json(const RecordSet& rows, std::size_t i) {
    return {{"evse_id", integer(rows, i, "evse_id")},
            {"connector_id", integer(rows, i, "connector_id")},
            {"type", or_null(opt_text(rows, i, "type"))},
            {"max_power_w", or_null(opt_integer(rows, i, "max_power_w"))},
            {"availability", text(rows, i, "availability")},
            {"status", or_null(opt_text(rows, i, "status"))},
            {"error_code", or_null(opt_text(rows, i, "error_code"))},
            {"info", or_null(opt_text(rows, i, "info"))},
            {"status_at", iso_or_null(opt_integer(rows, i, "status_at_ms"))}};
}

json load_station(Poco::Data::Session& session, const std::string& id, std::int64_t now_ms) {
    auto rows = select(
        session, std::string("SELECT ") + kStationColumns + " FROM stations WHERE id = ?", {id});
    if (rows.rowCount() == 0) throw http::ApiError::not_found("no station " + id);
    json station = station_json(rows, 0, now_ms);
    auto connectors = select(session,
                             std::string("SELECT ") + kConnectorColumns +
                                 " FROM connectors WHERE station_id = ? "
                                 "ORDER BY evse_id, connector_id",
                             {id});
    station["connectors"] = json::array();
    for (std::size_t i = 0; i < connectors.rowCount(); ++i) {
        station["connectors"].push_back(connector_json(connectors, i));
    }
    return station;
}

StationFacts station_facts(Poco::Data::Session& session, const std::string& id) {
    auto rows = select(session,
                       "SELECT id, site_id, protocol, allowed, password_hash, security_profile "
                       "FROM stations WHERE id = ?",
                       {id});
    if (rows.rowCount() == 0) throw http::ApiError::not_found("no station " + id);
    return {text(rows, 0, "id"),
            text(rows, 0, "site_id"),
            opt_text(rows, 0, "protocol"),
            integer(rows, 0, "allowed") != 0,
            opt_text(rows, 0, "password_hash"),
            opt_integer(rows, 0, "security_profile")};
}

}  // namespace iskra::central::stations::detail
