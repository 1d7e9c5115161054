// Versions: a new one (the only way to change a tariff's prices) and the withdrawal of one that
// has not taken effect yet. A version in force or past is what sessions were priced with, and
// stays as it is.
#include <charconv>

#include "iskra/central/http/json_body.hpp"
#include "route_support.hpp"
#include "store.hpp"
#include "tariff_json.hpp"
#include "version_body.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

std::vector<VersionRow> versions_of(Poco::Data::Session& session, const std::string& id) {
    if (!find_tariff(session, id)) throw ApiError::not_found("no tariff " + id);
    return load_versions(session, id);
}

std::int64_t version_param(const Context& context) {
    const auto& text = context.param("version");
    std::int64_t version = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, version);
    if (ec != std::errc{} || ptr != end || version < 1) {
        throw ApiError::not_found("no version " + text.substr(0, 20));
    }
    return version;
}

http::Response add_version(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    const auto body = http::json_object_body(context.request);
    only_fields(body, {"valid_from", "entry", "time_zone", "elements", "parking_after_ms",
                       "subscription_monthly", "card_issuing"});
    const auto input = read_version(body, {});
    const std::int64_t now = env.now();
    const std::int64_t from = effective_from(input.valid_from_ms, now);
    const std::string user = context.signed_in().user_id;
    auto created = write(
        env.database,
        [&](Poco::Data::Session& session) {
            for (const auto& v : versions_of(session, id)) {
                if (v.valid_from_ms == from) {
                    throw ApiError::conflict("version " + std::to_string(v.version) +
                                                 " already takes effect at " + iso(from),
                                             "duplicate", "valid_from");
                }
            }
            const auto number = insert_version(session, id, from, input.tariff, user, now);
            const auto versions = load_versions(session, id);
            json out = version_json(*find_version(versions, number), version_refs(versions), now);
            out["tariff_id"] = id;
            return out;
        },
        "duplicate", "a version of tariff " + id + " already takes effect then");
    return http::json_response(201, created);
}

http::Response withdraw_version(const Env& env, const Context& context) {
    const auto& id = context.param("id");
    check_path_id(id, "tariff");
    const std::int64_t number = version_param(context);
    const std::int64_t now = env.now();
    write(
        env.database,
        [&](Poco::Data::Session& session) {
            const auto versions = versions_of(session, id);
            const VersionRow* version = find_version(versions, number);
            if (!version)
                throw ApiError::not_found("tariff " + id + " has no version " +
                                          std::to_string(number));
            if (version->valid_from_ms <= now) {
                throw ApiError::conflict("version " + std::to_string(number) + " took effect at " +
                                             iso(version->valid_from_ms) +
                                             " and is kept as it is; add a new version instead",
                                         "version_in_force");
            }
            if (versions.size() == 1) {
                throw ApiError::conflict("version " + std::to_string(number) +
                                             " is the tariff's only one; delete the tariff instead",
                                         "last_version");
            }
            execute(session, "DELETE FROM tariff_versions WHERE tariff_id = ? AND version = ?",
                    {id, number});
            execute(session, "UPDATE tariffs SET updated_at_ms = ? WHERE id = ?", {now, id});
        },
        "duplicate", "");
    return http::no_content();
}

}  // namespace

void add_version_routes(http::Router& router, Env env) {
    using http::Access;
    using http::Permission;
    router.add("POST", "/api/v1/tariffs/{id}/versions", Access::user(Permission::TariffsManage),
               [env](const Context& c) { return add_version(env, c); });
    router.add("DELETE", "/api/v1/tariffs/{id}/versions/{version}",
               Access::user(Permission::TariffsManage),
               [env](const Context& c) { return withdraw_version(env, c); });
}

}  // namespace iskra::central::tariffs::detail
