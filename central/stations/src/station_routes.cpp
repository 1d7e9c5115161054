// Stations: staff pre-register them on a site's allow-list (with an optional password, stored
// only as an Argon2id hash), list them with filters, edit, delete, and read their status
// history. Every change of allow-list facts bumps stations_version for the gateways.
#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/stations/allow_list.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/crypto/password_hash.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/session/vocabulary.hpp"
#include "route_support.hpp"
#include "station_rows.hpp"

namespace iskra::central::stations::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

// OCPP's basic-auth passwords are 16 to 40 characters (1.6 security white paper, 2.0.1 A00).
std::string hashed_password(const std::string& password) {
    if (password.size() < 16 || password.size() > 40) {
        throw ApiError::bad_request("password", "password must be 16 to 40 characters");
    }
    auto hash = crypto::hash_password(password, crypto::kMachineSecretCost);
    if (!hash) throw std::runtime_error("hashing the station password failed: " + hash.error());
    return *hash;
}

std::optional<std::string> checked_protocol(const json& body) {
    auto protocol = nullable_string(body, "protocol", 20);
    if (protocol && !ocpp::version_from_subprotocol(*protocol)) {
        throw ApiError::bad_request("protocol", "protocol must be ocpp1.6 or ocpp2.0.1");
    }
    return protocol;
}

void require_row(Poco::Data::Session& session, const char* table, const std::string& id,
                 const char* field) {
    if (count(session, std::string("SELECT COUNT(*) FROM ") + table + " WHERE id = ?", {id}) == 0) {
        throw ApiError::unprocessable(field, std::string("no ") + field + " " + id,
                                      "unknown_reference");
    }
}

// The body's editable fields as column → value, validated. Hashing happens here, before the
// transaction, because it is slow and the transaction may run more than once.
std::map<std::string, Param> station_fields(const json& body, bool creating) {
    std::map<std::string, Param> columns;
    if (creating || body.contains("site_id")) {
        columns["site_id"] = http::required_string(body, "site_id", 64);
    }
    if (body.contains("name")) columns["name"] = nullable(nullable_string(body, "name", 200));
    if (body.contains("category")) {
        columns["category"] = nullable(nullable_string(body, "category", 40));
    }
    if (body.contains("protocol")) columns["protocol"] = nullable(checked_protocol(body));
    if (body.contains("password")) {
        auto password = nullable_string(body, "password", 40);
        columns["password_hash"] =
            password ? Param(hashed_password(*password)) : Param(std::monostate{});
    }
    if (body.contains("security_profile")) {
        columns["security_profile"] =
            nullable(http::optional_integer(body, "security_profile", 0, 3));
    }
    if (auto allowed = http::optional_bool(body, "allowed")) {
        columns["allowed"] = std::int64_t{*allowed ? 1 : 0};
    } else if (creating) {
        columns["allowed"] = std::int64_t{1};  // pre-registering is putting it on the list
    }
    return columns;
}

void check_references(Poco::Data::Session& session, const std::map<std::string, Param>& columns) {
    if (auto site = columns.find("site_id"); site != columns.end()) {
        require_row(session, "sites", std::get<std::string>(site->second), "site_id");
    }
    if (auto category = columns.find("category");
        category != columns.end() && std::holds_alternative<std::string>(category->second)) {
        require_row(session, "station_categories", std::get<std::string>(category->second),
                    "category");
    }
}

http::Response list_stations(storage::Database& database, const Context& context) {
    const auto& request = context.request;
    const auto page = http::page_of(request);
    const auto now = storage::now_ms();
    std::string where = " WHERE 1 = 1";
    std::vector<Param> params;
    for (const char* field : {"site_id", "gateway_id", "category"}) {
        if (auto value = query_text(request, field)) {
            where += std::string(" AND ") + field + " = ?";
            params.emplace_back(*value);
        }
    }
    if (auto status = query_text(request, "status")) {
        if (!session::parse_connector_status(*status)) {
            throw ApiError::bad_request("status",
                                        "status must be a connector status like Charging");
        }
        where +=
            " AND (status = ? OR EXISTS (SELECT 1 FROM connectors c WHERE "
            "c.station_id = stations.id AND c.status = ?))";
        params.insert(params.end(), {*status, *status});
    }
    if (auto q = query_text(request, "q")) {
        where +=
            " AND (LOWER(id) LIKE LOWER(?) ESCAPE '!' OR LOWER(name) LIKE LOWER(?) ESCAPE '!' "
            "OR LOWER(vendor) LIKE LOWER(?) ESCAPE '!' OR LOWER(model) LIKE LOWER(?) "
            "ESCAPE '!')";
        for (int i = 0; i < 4; ++i)
            params.emplace_back(like_pattern(*q));
    }
    if (auto online = query_bool(request, "online")) {
        where += *online ? " AND last_seen_at_ms >= ?"
                         : " AND (last_seen_at_ms IS NULL OR last_seen_at_ms < ?)";
        params.emplace_back(now - kOnlineWindowMs);
    }
    if (auto allowed = query_bool(request, "allowed")) {
        where += " AND allowed = ?";
        params.emplace_back(std::int64_t{*allowed ? 1 : 0});
    }
    auto session = database.session();
    const auto total = count(session, "SELECT COUNT(*) FROM stations" + where, params);
    params.insert(params.end(), {page.limit, page.offset});
    auto rows = select(session,
                       std::string("SELECT ") + kStationColumns + " FROM stations" + where +
                           " ORDER BY id LIMIT ? OFFSET ?",
                       params);
    json items = json::array();
    for (std::size_t i = 0; i < rows.rowCount(); ++i)
        items.push_back(station_json(rows, i, now));
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

http::Response create_station(storage::Database& database, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"id", "site_id", "name", "category", "protocol", "password",
                       "security_profile", "allowed"});
    const auto id = http::required_string(body, "id", 48);
    check_station_id(id, "id");
    auto columns = station_fields(body, true);
    const auto now = storage::now_ms();
    auto station = write(
        database,
        [&](Poco::Data::Session& session) {
            if (count(session, "SELECT COUNT(*) FROM stations WHERE id = ?", {id}) > 0) {
                throw ApiError::conflict("station " + id + " exists", "duplicate", "id");
            }
            check_references(session, columns);
            std::string names = "id, availability, created_at_ms, updated_at_ms";
            std::string marks = "?, 'Operative', ?, ?";
            std::vector<Param> params{id, now, now};
            for (const auto& [column, value] : columns) {
                names += ", " + column;
                marks += ", ?";
                params.push_back(value);
            }
            execute(session, "INSERT INTO stations (" + names + ") VALUES (" + marks + ")", params);
            if (std::get<std::int64_t>(columns.at("allowed")) == 1) {
                bump_stations_version(session, id, {std::get<std::string>(columns.at("site_id"))},
                                      now);
            }
            return load_station(session, id, now);
        },
        "duplicate", "station " + id + " exists");
    return http::json_response(201, station);
}

http::Response update_station(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"site_id", "name", "category", "protocol", "password", "security_profile",
                       "allowed"});
    auto columns = station_fields(body, false);
    const auto now = storage::now_ms();
    auto station = write(
        database,
        [&](Poco::Data::Session& session) {
            const auto before = station_facts(session, id);
            check_references(session, columns);
            std::string assignments = "updated_at_ms = ?";
            std::vector<Param> params{now};
            for (const auto& [column, value] : columns) {
                assignments += ", " + column + " = ?";
                params.push_back(value);
            }
            params.emplace_back(id);
            execute(session, "UPDATE stations SET " + assignments + " WHERE id = ?", params);
            const auto after = station_facts(session, id);
            // A station moved to another site is physically elsewhere: it will boot through
            // that site's gateway, and until then its commands go to the new site's.
            if (before.site_id != after.site_id) {
                execute(session, "UPDATE stations SET gateway_id = NULL WHERE id = ?", {id});
            }
            // A new password is a change even when only the salt differs: the gateway must
            // drop the old one.
            if (before.allowed != after.allowed || before.site_id != after.site_id ||
                before.password_hash != after.password_hash ||
                before.security_profile != after.security_profile) {
                bump_stations_version(session, id, {before.site_id, after.site_id}, now);
            }
            return load_station(session, id, now);
        },
        "duplicate", "");
    return http::json_response(200, station);
}

http::Response delete_station(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto now = storage::now_ms();
    write(
        database,
        [&](Poco::Data::Session& session) {
            const auto before = station_facts(session, id);
            execute(session, "DELETE FROM stations WHERE id = ?", {id});
            if (before.allowed) bump_stations_version(session, id, {before.site_id}, now);
        },
        "duplicate", "");
    return http::no_content();
}

http::Response status_history(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto& request = context.request;
    const auto page = http::page_of(request, 100, 1000);
    std::string where = " WHERE station_id = ?";
    std::vector<Param> params{id};
    if (auto from = query_time(request, "from")) {
        where += " AND at_ms >= ?";
        params.emplace_back(*from);
    }
    if (auto to = query_time(request, "to")) {
        where += " AND at_ms < ?";
        params.emplace_back(*to);
    }
    for (const char* field : {"evse_id", "connector_id"}) {
        if (auto value = http::query_integer(request, field, 0, 1000)) {
            where += std::string(" AND ") + field + " = ?";
            params.emplace_back(*value);
        }
    }
    auto session = database.session();
    station_facts(session, id);  // 404 for an unknown station rather than an empty list
    const auto total =
        count(session, "SELECT COUNT(*) FROM connector_status_history" + where, params);
    params.insert(params.end(), {page.limit, page.offset});
    auto rows = select(session,
                       "SELECT evse_id, connector_id, status, error_code, info, at_ms, "
                       "recorded_at_ms FROM connector_status_history" +
                           where + " ORDER BY at_ms DESC, id DESC LIMIT ? OFFSET ?",
                       params);
    json items = json::array();
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        items.push_back({{"evse_id", integer(rows, i, "evse_id")},
                         {"connector_id", integer(rows, i, "connector_id")},
                         {"status", text(rows, i, "status")},
                         {"error_code", or_null(opt_text(rows, i, "error_code"))},
                         {"info", or_null(opt_text(rows, i, "info"))},
                         {"at", iso(integer(rows, i, "at_ms"))},
                         {"recorded_at", iso(integer(rows, i, "recorded_at_ms"))}});
    }
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

}  // namespace

void add_station_routes(http::Router& router, storage::Database& database) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    router.add("GET", "/api/v1/stations", Access::user(Permission::StationsView),
               [&db](const Context& c) { return list_stations(db, c); });
    router.add("POST", "/api/v1/stations", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return create_station(db, c); });
    router.add("GET", "/api/v1/stations/{id}", Access::user(Permission::StationsView),
               [&db](const Context& c) {
                   check_path_id(c.param("id"), "station");
                   auto session = db.session();
                   return http::json_response(
                       200, load_station(session, c.param("id"), storage::now_ms()));
               });
    router.add("PATCH", "/api/v1/stations/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return update_station(db, c); });
    router.add("DELETE", "/api/v1/stations/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return delete_station(db, c); });
    router.add("GET", "/api/v1/stations/{id}/status-history",
               Access::user(Permission::StationsView),
               [&db](const Context& c) { return status_history(db, c); });
}

}  // namespace iskra::central::stations::detail
