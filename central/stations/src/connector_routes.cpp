// Connectors: the plugs of a station (EVSE, connector within it), with the type and maximum
// power staff record. Their live status comes from the gateway (station_events.cpp); a
// connector the station reports before staff describe it appears with type and power unset.
#include <algorithm>
#include <array>
#include <charconv>

#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"
#include "station_rows.hpp"

namespace iskra::central::stations::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr std::array<std::string_view, 11> kConnectorTypes = {"Type1",   "Type2",  "CCS1",   "CCS2",
                                                              "CHAdeMO", "GBT-AC", "GBT-DC", "NACS",
                                                              "Schuko",  "Type3",  "Other"};
constexpr std::int64_t kMaxPowerW = 2'000'000;  // 2 MW: above any plug made today

std::map<std::string, Param> connector_fields(const json& body) {
    std::map<std::string, Param> columns;
    if (body.contains("type")) {
        auto type = nullable_string(body, "type", 20);
        if (type && std::find(kConnectorTypes.begin(), kConnectorTypes.end(), *type) ==
                        kConnectorTypes.end()) {
            throw ApiError::bad_request("type",
                                        "type must be one of Type1, Type2, CCS1, CCS2, "
                                        "CHAdeMO, GBT-AC, GBT-DC, NACS, Schuko, Type3, Other");
        }
        columns["type"] = nullable(type);
    }
    if (body.contains("max_power_w")) {
        columns["max_power_w"] =
            nullable(http::optional_integer(body, "max_power_w", 1, kMaxPowerW));
    }
    return columns;
}

std::int64_t path_number(const Context& context, const char* name) {
    const auto& text = context.param(name);
    std::int64_t value = -1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0 || value > 1000) {
        throw ApiError::not_found("no such connector");
    }
    return value;
}

json load_connector(Poco::Data::Session& session, const std::string& station, std::int64_t evse,
                    std::int64_t connector) {
    auto rows = select(session,
                       std::string("SELECT ") + kConnectorColumns +
                           " FROM connectors WHERE station_id = ? AND evse_id = ? AND "
                           "connector_id = ?",
                       {station, evse, connector});
    if (rows.rowCount() == 0) {
        throw ApiError::not_found("no connector " + std::to_string(evse) + "/" +
                                  std::to_string(connector) + " on station " + station);
    }
    return connector_json(rows, 0);
}

http::Response list_connectors(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    auto session = database.session();
    auto station = load_station(session, id, storage::now_ms());
    const auto total = static_cast<std::int64_t>(station["connectors"].size());
    return http::json_response(
        200, http::page_body(station["connectors"], {std::max<std::int64_t>(total, 1), 0}, total));
}

http::Response create_connector(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"evse_id", "connector_id", "type", "max_power_w"});
    const auto evse = http::required_integer(body, "evse_id", 1, 1000);
    const auto connector = http::required_integer(body, "connector_id", 1, 100);
    auto columns = connector_fields(body);
    const auto now = storage::now_ms();
    auto created = write(
        database,
        [&](Poco::Data::Session& session) {
            station_facts(session, id);
            if (count(session,
                      "SELECT COUNT(*) FROM connectors WHERE station_id = ? AND evse_id = ? AND "
                      "connector_id = ?",
                      {id, evse, connector}) > 0) {
                throw ApiError::conflict("the connector exists", "duplicate", "connector_id");
            }
            std::string names = "station_id, evse_id, connector_id, created_at_ms, updated_at_ms";
            std::string marks = "?, ?, ?, ?, ?";
            std::vector<Param> params{id, evse, connector, now, now};
            for (const auto& [column, value] : columns) {
                names += ", " + column;
                marks += ", ?";
                params.push_back(value);
            }
            execute(session, "INSERT INTO connectors (" + names + ") VALUES (" + marks + ")",
                    params);
            return load_connector(session, id, evse, connector);
        },
        "duplicate", "the connector exists");
    return http::json_response(201, created);
}

http::Response update_connector(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto evse = path_number(context, "evse_id");
    const auto connector = path_number(context, "connector_id");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"type", "max_power_w"});
    auto columns = connector_fields(body);
    std::string assignments = "updated_at_ms = ?";
    std::vector<Param> params{storage::now_ms()};
    for (const auto& [column, value] : columns) {
        assignments += ", " + column + " = ?";
        params.push_back(value);
    }
    params.insert(params.end(), {id, evse, connector});
    auto updated = write(
        database,
        [&](Poco::Data::Session& session) {
            load_connector(session, id, evse, connector);
            execute(session,
                    "UPDATE connectors SET " + assignments +
                        " WHERE station_id = ? AND evse_id = ? AND connector_id = ?",
                    params);
            return load_connector(session, id, evse, connector);
        },
        "duplicate", "");
    return http::json_response(200, updated);
}

http::Response delete_connector(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "station");
    const auto evse = path_number(context, "evse_id");
    const auto connector = path_number(context, "connector_id");
    write(
        database,
        [&](Poco::Data::Session& session) {
            load_connector(session, id, evse, connector);
            execute(session,
                    "DELETE FROM connectors WHERE station_id = ? AND evse_id = ? AND "
                    "connector_id = ?",
                    {id, evse, connector});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_connector_routes(http::Router& router, storage::Database& database) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    const std::string one = "/api/v1/stations/{id}/connectors/{evse_id}/{connector_id}";
    router.add("GET", "/api/v1/stations/{id}/connectors", Access::user(Permission::StationsView),
               [&db](const Context& c) { return list_connectors(db, c); });
    router.add("POST", "/api/v1/stations/{id}/connectors", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return create_connector(db, c); });
    router.add("PATCH", one, Access::user(Permission::StationsManage),
               [&db](const Context& c) { return update_connector(db, c); });
    router.add("DELETE", one, Access::user(Permission::StationsManage),
               [&db](const Context& c) { return delete_connector(db, c); });
}

}  // namespace iskra::central::stations::detail
