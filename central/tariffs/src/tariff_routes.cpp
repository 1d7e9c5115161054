// Tariffs: list, create (with its first version), read with every version and assignment,
// rename, and delete one that applies nowhere.
#include <cctype>

#include "iskra/central/http/json_body.hpp"
#include "iskra/central/storage/ids.hpp"
#include "route_support.hpp"
#include "store.hpp"
#include "tariff_json.hpp"
#include "version_body.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

constexpr std::size_t kMaxName = 200;

TariffRow require_tariff(Poco::Data::Session& session, const std::string& id) {
    auto row = find_tariff(session, id);
    if (!row) throw ApiError::not_found("no tariff " + id);
    return *row;
}

json full_tariff(Poco::Data::Session& session, const TariffRow& row, std::int64_t now_ms) {
    return tariff_json(row, load_versions(session, row.id),
                       load_assignments(session, "tariff_id = ?", {row.id}), now_ms);
}

// LIKE pattern for a user's search text, with % and _ escaped ('!' is the escape character).
std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out + "%";
}

http::Response list_tariffs(const Env& env, const Context& context) {
    const auto page = http::page_of(context.request);
    const auto q = context.request.query_value("q");
    if (q && q->size() > 100) throw ApiError::bad_request("q", "q is longer than 100 bytes");
    const std::string where = q ? " WHERE lower(name) LIKE ? ESCAPE '!'" : "";
    std::vector<Param> params;
    if (q) params.emplace_back(like_pattern(std::string(*q)));
    const std::int64_t now = env.now();
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        const auto total = count(session, "SELECT COUNT(*) FROM tariffs" + where, params);
        auto paged = params;
        paged.emplace_back(page.limit);
        paged.emplace_back(page.offset);
        auto rows = select(session,
                           "SELECT id, name, currency, created_at_ms, updated_at_ms FROM tariffs" +
                               where + " ORDER BY name, id LIMIT ? OFFSET ?",
                           paged);
        json items = json::array();
        for (std::size_t i = 0; i < rows.rowCount(); ++i) {
            const TariffRow row{text(rows, i, "id"), text(rows, i, "name"),
                                text(rows, i, "currency"), integer(rows, i, "created_at_ms"),
                                integer(rows, i, "updated_at_ms")};
            items.push_back(tariff_summary_json(row, load_version_refs(session, row.id), now));
        }
        return http::page_body(std::move(items), page, total);
    });
    return http::json_response(200, body);
}

std::string checked_currency(const json& body) {
    const auto currency = http::optional_string(body, "currency", 3);
    if (currency && *currency != "PLN") {
        throw ApiError::bad_request("currency",
                                    "currency must be PLN, the only one Iskra bills in");
    }
    return "PLN";
}

http::Response create_tariff(const Env& env, const Context& context) {
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"name", "currency", "valid_from", "entry", "time_zone", "elements",
                       "parking_after_ms", "subscription_monthly", "card_issuing"});
    const auto name = http::required_string(body, "name", kMaxName);
    const auto currency = checked_currency(body);
    const auto version = read_version(body, {"name", "currency"});
    const std::int64_t now = env.now();
    const std::int64_t from = effective_from(version.valid_from_ms, now);
    const std::string id = storage::new_uuid();
    const std::string user = context.signed_in().user_id;
    auto created = write(
        env.database,
        [&](Poco::Data::Session& session) {
            const TariffRow row{id, name, currency, now, now};
            insert_tariff(session, row);
            insert_version(session, id, from, version.tariff, user, now);
            return full_tariff(session, row, now);
        },
        "duplicate", "tariff " + id + " exists");
    return http::json_response(201, created);
}

http::Response get_tariff(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    const std::int64_t now = env.now();
    return http::json_response(200, env.database.read_transaction([&](Poco::Data::Session& s) {
        return full_tariff(s, require_tariff(s, id), now);
    }));
}

http::Response rename_tariff(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"name"});
    const auto name = http::required_string(body, "name", kMaxName);
    const std::int64_t now = env.now();
    auto renamed = write(
        env.database,
        [&](Poco::Data::Session& session) {
            TariffRow row = require_tariff(session, id);
            execute(session, "UPDATE tariffs SET name = ?, updated_at_ms = ? WHERE id = ?",
                    {name, now, id});
            row.name = name;
            row.updated_at_ms = now;
            return full_tariff(session, row, now);
        },
        "duplicate", "");
    return http::json_response(200, renamed);
}

http::Response delete_tariff(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    write(
        env.database,
        [&](Poco::Data::Session& session) {
            require_tariff(session, id);
            const auto places =
                count(session, "SELECT COUNT(*) FROM tariff_assignments WHERE tariff_id = ?", {id});
            if (places > 0) {
                throw ApiError::conflict("tariff " + id + " is still assigned to " +
                                             std::to_string(places) +
                                             " place(s); remove its assignments first",
                                         "in_use");
            }
            execute(session, "DELETE FROM tariff_versions WHERE tariff_id = ?", {id});
            execute(session, "DELETE FROM tariffs WHERE id = ?", {id});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_tariff_routes(http::Router& router, Env env) {
    using http::Access;
    using http::Permission;
    router.add("GET", "/api/v1/tariffs", Access::user(Permission::TariffsView),
               [env](const Context& c) { return list_tariffs(env, c); });
    router.add("POST", "/api/v1/tariffs", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return create_tariff(env, c); });
    router.add("GET", "/api/v1/tariffs/{id}", Access::user(Permission::TariffsView),
               [env](const Context& c) { return get_tariff(env, c); });
    router.add("PATCH", "/api/v1/tariffs/{id}", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return rename_tariff(env, c); });
    router.add("DELETE", "/api/v1/tariffs/{id}", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return delete_tariff(env, c); });
}

}  // namespace iskra::central::tariffs::detail
