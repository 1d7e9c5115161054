// Sites: where stations stand. CRUD with a search over name and city, and the site's gateways.
#include <map>
#include <regex>

#include "db_util.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"

namespace iskra::central::stations::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr const char* kSiteColumns =
    "id, name, address, city, postal_code, country, latitude_e7, longitude_e7, timezone, pois, "
    "created_at_ms, updated_at_ms";

json site_json(const RecordSet& rows, std::size_t i) {
    auto pois = json::parse(text(rows, i, "pois"), nullptr, false);
    return {{"id", text(rows, i, "id")},
            {"name", text(rows, i, "name")},
            {"address", or_null(opt_text(rows, i, "address"))},
            {"city", or_null(opt_text(rows, i, "city"))},
            {"postal_code", or_null(opt_text(rows, i, "postal_code"))},
            {"country", or_null(opt_text(rows, i, "country"))},
            {"latitude_e7", or_null(opt_integer(rows, i, "latitude_e7"))},
            {"longitude_e7", or_null(opt_integer(rows, i, "longitude_e7"))},
            {"timezone", text(rows, i, "timezone")},
            {"points_of_interest", pois.is_discarded() ? json::array() : pois},
            {"created_at", iso(integer(rows, i, "created_at_ms"))},
            {"updated_at", iso(integer(rows, i, "updated_at_ms"))}};
}

json load_site(Poco::Data::Session& session, const std::string& id) {
    auto rows =
        select(session, std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?", {id});
    if (rows.rowCount() == 0) throw ApiError::not_found("no site " + id);
    return site_json(rows, 0);
}

// The editable fields, validated; each is set only when the body names it.
struct SiteFields {
    std::optional<std::string> name;
    std::map<std::string, Param> columns;  // column → value (monostate: NULL)
};

std::string checked_pois(const json& value) {
    if (!value.is_array() || value.size() > 50) {
        throw ApiError::bad_request("points_of_interest",
                                    "points_of_interest must be a list of at most 50 places");
    }
    json out = json::array();
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string field = "points_of_interest/" + std::to_string(i);
        const auto& item = value[i];
        if (!item.is_object()) throw ApiError::bad_request(field, field + " must be an object");
        try {
            only_fields(item, {"kind", "name", "distance_m"});
            json poi = {{"kind", http::required_string(item, "kind", 40)},
                        {"name", http::required_string(item, "name", 200)}};
            if (auto distance = http::optional_integer(item, "distance_m", 0, 100000)) {
                poi["distance_m"] = *distance;
            }
            out.push_back(std::move(poi));
        } catch (ApiError& error) {
            error.field = field + "/" + error.field;
            throw;
        }
    }
    return out.dump();
}

SiteFields site_fields(const json& body, bool creating) {
    only_fields(body, {"name", "address", "city", "postal_code", "country", "latitude_e7",
                       "longitude_e7", "timezone", "points_of_interest"});
    SiteFields fields;
    if (creating || body.contains("name")) {
        fields.columns["name"] = http::required_string(body, "name", 200);
    }
    for (auto [field, length] : {std::pair{"address", 255}, {"city", 100}, {"postal_code", 20}}) {
        if (body.contains(field)) {
            fields.columns[field] =
                nullable(nullable_string(body, field, static_cast<std::size_t>(length)));
        }
    }
    if (body.contains("country")) {
        auto country = nullable_string(body, "country", 2);
        static const std::regex kCountry("[A-Z]{2}");
        if (country && !std::regex_match(*country, kCountry)) {
            throw ApiError::bad_request("country", "country must be an ISO 3166 code like PL");
        }
        fields.columns["country"] = nullable(country);
    }
    for (auto [field, limit] :
         {std::pair{"latitude_e7", 900000000LL}, {"longitude_e7", 1800000000LL}}) {
        if (body.contains(field)) {
            fields.columns[field] = nullable(http::optional_integer(body, field, -limit, limit));
        }
    }
    if (body.contains("timezone")) {
        const auto zone = http::required_string(body, "timezone", 64);
        static const std::regex kZone("[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)*");
        if (!std::regex_match(zone, kZone)) {
            throw ApiError::bad_request("timezone",
                                        "timezone must be an IANA name like Europe/Warsaw");
        }
        fields.columns["timezone"] = zone;
    }
    if (body.contains("points_of_interest")) {
        fields.columns["pois"] = checked_pois(body["points_of_interest"]);
    }
    return fields;
}

http::Response list_sites(storage::Database& database, const Context& context) {
    const auto page = http::page_of(context.request);
    std::string where = " WHERE 1 = 1";
    std::vector<Param> params;
    if (auto q = query_text(context.request, "q")) {
        where +=
            " AND (LOWER(name) LIKE LOWER(?) ESCAPE '!' OR LOWER(city) LIKE LOWER(?) "
            "ESCAPE '!')";
        params.insert(params.end(), {like_pattern(*q), like_pattern(*q)});
    }
    for (const char* field : {"city", "country"}) {
        if (auto value = query_text(context.request, field)) {
            where += std::string(" AND ") + field + " = ?";
            params.emplace_back(*value);
        }
    }
    auto session = database.session();
    const auto total = count(session, "SELECT COUNT(*) FROM sites" + where, params);
    params.insert(params.end(), {page.limit, page.offset});
    auto rows = select(session,
                       std::string("SELECT ") + kSiteColumns + " FROM sites" + where +
                           " ORDER BY name, id LIMIT ? OFFSET ?",
                       params);
    json items = json::array();
    for (std::size_t i = 0; i < rows.rowCount(); ++i)
        items.push_back(site_json(rows, i));
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

http::Response create_site(storage::Database& database, const Context& context) {
    auto fields = site_fields(http::json_object_body(context.request), true);
    const auto id = storage::new_uuid();
    const auto now = storage::now_ms();
    std::string columns = "id, created_at_ms, updated_at_ms";
    std::string marks = "?, ?, ?";
    std::vector<Param> params{id, now, now};
    for (auto& [column, value] : fields.columns) {
        columns += ", " + column;
        marks += ", ?";
        params.push_back(value);
    }
    auto site = write(
        database,
        [&](Poco::Data::Session& session) {
            execute(session, "INSERT INTO sites (" + columns + ") VALUES (" + marks + ")", params);
            return load_site(session, id);
        },
        "duplicate", "the site exists");
    return http::json_response(201, site);
}

http::Response update_site(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "site");
    auto fields = site_fields(http::json_object_body(context.request), false);
    std::string assignments = "updated_at_ms = ?";
    std::vector<Param> params{storage::now_ms()};
    for (auto& [column, value] : fields.columns) {
        assignments += ", " + column + " = ?";
        params.push_back(value);
    }
    params.emplace_back(id);
    auto site = write(
        database,
        [&](Poco::Data::Session& session) {
            if (execute(session, "UPDATE sites SET " + assignments + " WHERE id = ?", params) ==
                0) {
                throw ApiError::not_found("no site " + id);
            }
            return load_site(session, id);
        },
        "duplicate", "the site exists");
    return http::json_response(200, site);
}

http::Response delete_site(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "site");
    write(
        database,
        [&](Poco::Data::Session& session) {
            load_site(session, id);  // 404 first
            if (count(session, "SELECT COUNT(*) FROM stations WHERE site_id = ?", {id}) > 0 ||
                count(session, "SELECT COUNT(*) FROM gateways WHERE site_id = ?", {id}) > 0) {
                throw ApiError::conflict("the site still has stations or gateways", "site_in_use");
            }
            execute(session, "DELETE FROM sites WHERE id = ?", {id});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_site_routes(http::Router& router, storage::Database& database) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    router.add("GET", "/api/v1/sites", Access::user(Permission::StationsView),
               [&db](const Context& c) { return list_sites(db, c); });
    router.add("POST", "/api/v1/sites", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return create_site(db, c); });
    router.add("GET", "/api/v1/sites/{id}", Access::user(Permission::StationsView),
               [&db](const Context& c) {
                   check_path_id(c.param("id"), "site");
                   auto session = db.session();
                   return http::json_response(200, load_site(session, c.param("id")));
               });
    router.add("PATCH", "/api/v1/sites/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return update_site(db, c); });
    router.add("DELETE", "/api/v1/sites/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return delete_site(db, c); });
}

}  // namespace iskra::central::stations::detail
