// Station categories ("fast-dc", "destination", ...): a short list staff keep, that stations
// name in their `category` and the station list filters by.
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

json load_category(Poco::Data::Session& session, const std::string& id) {
    auto rows = select(session,
                       "SELECT id, name, description, created_at_ms FROM station_categories "
                       "WHERE id = ?",
                       {id});
    if (rows.rowCount() == 0) throw ApiError::not_found("no category " + id);
    return {{"id", text(rows, 0, "id")},
            {"name", text(rows, 0, "name")},
            {"description", or_null(opt_text(rows, 0, "description"))},
            {"created_at", iso(integer(rows, 0, "created_at_ms"))}};
}

http::Response list_categories(storage::Database& database, const Context& context) {
    const auto page = http::page_of(context.request);
    auto session = database.session();
    const auto total = count(session, "SELECT COUNT(*) FROM station_categories");
    auto rows =
        select(session, "SELECT id FROM station_categories ORDER BY name, id LIMIT ? OFFSET ?",
               {page.limit, page.offset});
    json items = json::array();
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        items.push_back(load_category(session, text(rows, i, "id")));
    }
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

http::Response create_category(storage::Database& database, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"id", "name", "description"});
    const auto id = http::required_string(body, "id", 40);
    static const std::regex kSlug("[a-z0-9][a-z0-9-]*");
    if (!std::regex_match(id, kSlug)) {
        throw ApiError::bad_request("id", "id must be lower-case letters, digits and '-'");
    }
    const auto name = http::required_string(body, "name", 100);
    const auto description = http::optional_string(body, "description", 1000);
    auto category = write(
        database,
        [&](Poco::Data::Session& session) {
            if (count(session, "SELECT COUNT(*) FROM station_categories WHERE id = ?", {id}) > 0) {
                throw ApiError::conflict("category " + id + " exists", "duplicate", "id");
            }
            execute(session,
                    "INSERT INTO station_categories (id, name, description, created_at_ms) "
                    "VALUES (?, ?, ?, ?)",
                    {id, name, nullable(description), storage::now_ms()});
            return load_category(session, id);
        },
        "duplicate", "category " + id + " exists");
    return http::json_response(201, category);
}

http::Response update_category(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "category");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"name", "description"});
    std::optional<std::string> name;
    if (body.contains("name")) name = http::required_string(body, "name", 100);
    const bool set_description = body.contains("description");
    const auto description =
        set_description ? nullable_string(body, "description", 1000) : std::nullopt;
    auto category = write(
        database,
        [&](Poco::Data::Session& session) {
            load_category(session, id);
            if (name)
                execute(session, "UPDATE station_categories SET name = ? WHERE id = ?",
                        {*name, id});
            if (set_description) {
                execute(session, "UPDATE station_categories SET description = ? WHERE id = ?",
                        {nullable(description), id});
            }
            return load_category(session, id);
        },
        "duplicate", "");
    return http::json_response(200, category);
}

http::Response delete_category(storage::Database& database, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "category");
    write(
        database,
        [&](Poco::Data::Session& session) {
            load_category(session, id);
            if (count(session, "SELECT COUNT(*) FROM stations WHERE category = ?", {id}) > 0) {
                throw ApiError::conflict("stations are still in category " + id, "in_use");
            }
            execute(session, "DELETE FROM station_categories WHERE id = ?", {id});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_category_routes(http::Router& router, storage::Database& database) {
    using http::Access;
    using http::Permission;
    auto& db = database;
    router.add("GET", "/api/v1/station-categories", Access::user(Permission::StationsView),
               [&db](const Context& c) { return list_categories(db, c); });
    router.add("POST", "/api/v1/station-categories", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return create_category(db, c); });
    router.add("PATCH", "/api/v1/station-categories/{id}", Access::user(Permission::StationsManage),
               [&db](const Context& c) { return update_category(db, c); });
    router.add("DELETE", "/api/v1/station-categories/{id}",
               Access::user(Permission::StationsManage),
               [&db](const Context& c) { return delete_category(db, c); });
}

}  // namespace iskra::central::stations::detail
