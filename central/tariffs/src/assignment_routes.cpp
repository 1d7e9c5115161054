// Where tariffs apply: one assignment per place (a station, a station category or the default,
// for one customer kind or all). Changing a place's tariff is a PATCH of its assignment.
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"
#include "store.hpp"
#include "tariff_json.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

void require_tariff_reference(Poco::Data::Session& session, const std::string& tariff_id) {
    if (!find_tariff(session, tariff_id)) {
        throw ApiError::unprocessable("tariff_id", "no tariff " + tariff_id, "unknown_reference");
    }
}

AssignmentRow require_assignment(Poco::Data::Session& session, const std::string& id) {
    auto rows = load_assignments(session, "id = ?", {id});
    if (rows.empty()) throw ApiError::not_found("no tariff assignment " + id);
    return rows.front();
}

std::optional<tariff::CustomerKind> kind_field(const json& body) {
    const auto name = http::optional_string(body, "customer_kind", 20);
    if (!name) return std::nullopt;
    auto kind = parse_customer_kind(*name);
    if (!kind) {
        throw ApiError::bad_request(
            "customer_kind", "customer_kind must be ad_hoc, subscriber, fleet or null (all)");
    }
    return kind;
}

// The place a body names, checked for the scope: a station needs station_id alone, a category
// `category` alone, the default neither.
Assignment place_of(const json& body) {
    Assignment a;
    const auto scope_text = http::required_string(body, "scope", 20);
    const auto scope = parse_scope(scope_text);
    if (!scope) throw ApiError::bad_request("scope", "scope must be station, category or default");
    a.scope = *scope;
    const auto station = http::optional_string(body, "station_id", 64);
    const auto category = http::optional_string(body, "category", 64);
    if (a.scope != Scope::kStation && station) {
        throw ApiError::bad_request("station_id", "station_id belongs to scope station only");
    }
    if (a.scope != Scope::kCategory && category) {
        throw ApiError::bad_request("category", "category belongs to scope category only");
    }
    if (a.scope == Scope::kStation) a.target = http::required_string(body, "station_id", 64);
    if (a.scope == Scope::kCategory) a.target = http::required_string(body, "category", 64);
    a.kind = kind_field(body);
    a.tariff_id = http::required_string(body, "tariff_id", 64);
    return a;
}

http::Response list_assignments(const Env& env, const Context& context) {
    const auto page = http::page_of(context.request);
    std::vector<std::string> clauses;
    std::vector<Param> params;
    for (const auto& [query, column] :
         {std::pair{"tariff_id", "tariff_id"}, std::pair{"station_id", "station_id"},
          std::pair{"category", "category_id"}}) {
        if (auto value = context.request.query_value(query)) {
            clauses.push_back(std::string(column) + " = ?");
            params.emplace_back(std::string(*value));
        }
    }
    if (auto scope = context.request.query_value("scope")) {
        if (!parse_scope(*scope)) {
            throw ApiError::bad_request("scope", "scope must be station, category or default");
        }
        clauses.push_back("scope = ?");
        params.emplace_back(std::string(*scope));
    }
    std::string where;
    for (const auto& clause : clauses)
        where += (where.empty() ? "" : " AND ") + clause;
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        const auto total = count(
            session,
            "SELECT COUNT(*) FROM tariff_assignments" + (where.empty() ? "" : " WHERE " + where),
            params);
        json items = json::array();
        for (const auto& row : load_assignments(session, where, params, page))
            items.push_back(assignment_json(row));
        return http::page_body(std::move(items), page, total);
    });
    return http::json_response(200, body);
}

http::Response create_assignment(const Env& env, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"tariff_id", "scope", "station_id", "category", "customer_kind"});
    Assignment place = place_of(body);
    place.id = storage::new_uuid();
    const std::string slot = slot_of(place.scope, place.target, place.kind);
    const std::int64_t now = env.now();
    auto created = write(
        env.database,
        [&](Poco::Data::Session& session) {
            require_tariff_reference(session, place.tariff_id);
            if (place.scope == Scope::kStation && !find_station(session, place.target)) {
                throw ApiError::unprocessable("station_id", "no station " + place.target,
                                              "unknown_reference");
            }
            if (place.scope == Scope::kCategory &&
                count(session, "SELECT COUNT(*) FROM station_categories WHERE id = ?",
                      {place.target}) == 0) {
                throw ApiError::unprocessable("category", "no category " + place.target,
                                              "unknown_reference");
            }
            auto taken = load_assignments(session, "slot = ?", {slot});
            if (!taken.empty()) {
                throw ApiError::conflict("that place already has a tariff: assignment " +
                                             taken.front().assignment.id + " (PATCH it to change)",
                                         "duplicate", "scope");
            }
            execute(session,
                    "INSERT INTO tariff_assignments (id, tariff_id, scope, station_id, "
                    "category_id, customer_kind, slot, created_at_ms, updated_at_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {place.id, place.tariff_id, std::string(scope_name(place.scope)),
                     place.scope == Scope::kStation ? Param(place.target) : Param(),
                     place.scope == Scope::kCategory ? Param(place.target) : Param(),
                     std::string(place.kind ? customer_kind_name(*place.kind) : "any"), slot, now,
                     now});
            return assignment_json(require_assignment(session, place.id));
        },
        "duplicate", "that place already has a tariff");
    return http::json_response(201, created);
}

http::Response change_assignment(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff assignment");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"tariff_id"});
    const auto tariff_id = http::required_string(body, "tariff_id", 64);
    const std::int64_t now = env.now();
    auto changed = write(
        env.database,
        [&](Poco::Data::Session& session) {
            require_assignment(session, id);
            require_tariff_reference(session, tariff_id);
            execute(session,
                    "UPDATE tariff_assignments SET tariff_id = ?, updated_at_ms = ? WHERE id = ?",
                    {tariff_id, now, id});
            return assignment_json(require_assignment(session, id));
        },
        "duplicate", "");
    return http::json_response(200, changed);
}

http::Response delete_assignment(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff assignment");
    write(
        env.database,
        [&](Poco::Data::Session& session) {
            require_assignment(session, id);
            execute(session, "DELETE FROM tariff_assignments WHERE id = ?", {id});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_assignment_routes(http::Router& router, Env env) {
    using http::Access;
    using http::Permission;
    router.add("GET", "/api/v1/tariff-assignments", Access::user(Permission::TariffsView),
               [env](const Context& c) { return list_assignments(env, c); });
    router.add("POST", "/api/v1/tariff-assignments", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return create_assignment(env, c); });
    router.add("PATCH", "/api/v1/tariff-assignments/{id}", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return change_assignment(env, c); });
    router.add("DELETE", "/api/v1/tariff-assignments/{id}", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return delete_assignment(env, c); });
}

}  // namespace iskra::central::tariffs::detail
