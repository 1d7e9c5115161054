// Gateways: central/sync creates them at enrolment; staff list them per site, rename and
// disable them (a disabled gateway's requests are refused by sync's authenticator, and no new
// command is queued for it). The secret's hash never leaves the database.
#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"

namespace iskra::central::stations::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr const char* kGatewayColumns =
    "id, site_id, name, enabled, software_version, enrolled_at_ms, last_seen_at_ms, "
    "last_command_seq";

json gateway_json(const RecordSet& rows, std::size_t i) {
    return {{"id", text(rows, i, "id")},
            {"site_id", text(rows, i, "site_id")},
            {"name", or_null(opt_text(rows, i, "name"))},
            {"enabled", integer(rows, i, "enabled") != 0},
            {"software_version", or_null(opt_text(rows, i, "software_version"))},
            {"enrolled_at", iso_or_null(opt_integer(rows, i, "enrolled_at_ms"))},
            {"last_seen_at", iso_or_null(opt_integer(rows, i, "last_seen_at_ms"))},
            {"last_command_seq", integer(rows, i, "last_command_seq")}};
}

json load_gateway(Poco::Data::Session& session, const std::string& id) {
    auto rows = select(
        session, std::string("SELECT ") + kGatewayColumns + " FROM gateways WHERE id = ?", {id});
    if (rows.rowCount() == 0) throw ApiError::not_found("no gateway " + id);
    return gateway_json(rows, 0);
}

http::Response site_gateways(storage::Database& database, const Context& context) {
    const auto& site = context.param("id");
    check_path_id(site, "site");
    const auto page = http::page_of(context.request);
    auto session = database.session();
    if (count(session, "SELECT COUNT(*) FROM sites WHERE id = ?", {site}) == 0) {
        throw ApiError::not_found("no site " + site);
    }
    const auto total = count(session, "SELECT COUNT(*) FROM gateways WHERE site_id = ?", {site});
    auto rows = select(session,
                       std::string("SELECT ") + kGatewayColumns +
                           " FROM gateways WHERE site_id = ? ORDER BY enrolled_at_ms DESC, id "
                           "LIMIT ? OFFSET ?",
                       {site, page.limit, page.offset});
    json items = json::array();
    for (std::size_t i = 0; i < rows.rowCount(); ++i)
        items.push_back(gateway_json(rows, i));
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

http::Response update_gateway(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "gateway");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"enabled", "name"});
    std::string assignments;
    std::vector<Param> params;
    if (auto enabled = http::optional_bool(body, "enabled")) {
        assignments += "enabled = ?";
        params.emplace_back(std::int64_t{*enabled ? 1 : 0});
    }
    if (body.contains("name")) {
        assignments += std::string(assignments.empty() ? "" : ", ") + "name = ?";
        params.push_back(nullable(nullable_string(body, "name", 200)));
    }
    params.emplace_back(id);
    auto gateway = write(
        database,
        [&](Poco::Data::Session& session) {
            auto current = load_gateway(session, id);  // 404 even for an empty change
            if (assignments.empty()) return current;
            execute(session, "UPDATE gateways SET " + assignments + " WHERE id = ?", params);
            return load_gateway(session, id);
        },
        "duplicate", "");
    return http::json_response(200, gateway);
}

}  // namespace

void add_gateway_routes(http::Router& router, storage::Database& database) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    router.add("GET", "/api/v1/sites/{id}/gateways", Access::user(Permission::StationsView),
               [&db](const Context& c) { return site_gateways(db, c); });
    router.add("GET", "/api/v1/gateways/{id}", Access::user(Permission::StationsView),
               [&db](const Context& c) {
                   check_path_id(c.param("id"), "gateway");
                   auto session = db.session();
                   return http::json_response(200, load_gateway(session, c.param("id")));
               });
    router.add("PATCH", "/api/v1/gateways/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return update_gateway(db, c); });
}

}  // namespace iskra::central::stations::detail
