// The public price list of a station (AFIR): what a kWh, a minute and a session cost right now
// for a customer kind, with the elements behind the figures and their explanation in PL and EN.
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/tariffs/price_list.hpp"
#include "iskra/tariff/ocpi_json.hpp"
#include "route_support.hpp"
#include "store.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::ApiError;
using http::Context;
using nlohmann::json;

json explained(const DisplayPrices& prices) {
    return {{"pl", explain_prices(prices, true)}, {"en", explain_prices(prices, false)}};
}

json version_prices(const VersionRow& version, std::int64_t at_ms) {
    const auto prices = display_prices(version.tariff, at_ms);
    return {{"version", version.version},
            {"valid_from", iso(version.valid_from_ms)},
            {"entry", version.tariff.entry == tariff::PriceEntry::kNet ? "net" : "gross"},
            {"prices", display_prices_json(prices)},
            {"explain", explained(prices)},
            {"elements", tariff::tariff_to_json(version.tariff)["elements"]},
            {"parking_after_ms", version.tariff.parking_after
                                     ? json(version.tariff.parking_after->count())
                                     : json(nullptr)}};
}

http::Response station_prices(const Env& env, const Context& context) {
    const auto& station_id = context.param("id");
    check_path_id(station_id, "station");
    const std::string kind_name(context.request.query_value("kind").value_or("ad_hoc"));
    const auto kind = parse_customer_kind(kind_name);
    if (!kind) throw ApiError::bad_request("kind", "kind must be ad_hoc, subscriber or fleet");
    const std::int64_t now = env.now();
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        const auto station = find_station(session, station_id);
        if (!station) throw ApiError::not_found("no station " + station_id);
        const auto assignments = assignments_for_station(session, *station);
        const Assignment* assignment = resolve(assignments, *station, *kind);
        const auto row = assignment ? find_tariff(session, assignment->tariff_id) : std::nullopt;
        const auto versions = row ? load_versions(session, row->id) : std::vector<VersionRow>{};
        const auto refs = version_refs(versions);
        const auto current = version_in_force(refs, now);
        if (!current) {
            throw ApiError::not_found(
                "no tariff applies at station " + station_id + " for " + kind_name + " customers",
                "no_tariff");
        }
        const auto next = next_version(refs, now);
        json out = {{"station_id", station_id},
                    {"customer_kind", kind_name},
                    {"at", iso(now)},
                    {"tariff", {{"id", row->id}, {"name", row->name}, {"currency", row->currency}}},
                    {"assigned_by", scope_name(assignment->scope)},
                    {"next_version", nullptr}};
        out.update(version_prices(*find_version(versions, current->version), now));
        if (next) {
            const VersionRow& scheduled = *find_version(versions, next->version);
            out["next_version"] = version_prices(scheduled, scheduled.valid_from_ms);
        }
        return out;
    });
    return http::json_response(200, body);
}

}  // namespace

void add_price_routes(http::Router& router, Env env) {
    router.add("GET", "/api/v1/stations/{id}/prices", http::Access::public_route(),
               [env](const Context& c) { return station_prices(env, c); });
}

}  // namespace iskra::central::tariffs::detail
