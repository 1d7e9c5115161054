// The gateway's tariff feed: for every station of the calling gateway's site, and for one it does
// not list yet (the defaults), which tariff each customer kind pays, and each of those tariffs'
// version in force and next scheduled version in iskra::tariff's JSON form, so the gateway prices
// running sessions itself, also offline.
#include <array>
#include <set>

#include "iskra/tariff/ocpi_json.hpp"
#include "route_support.hpp"
#include "store.hpp"

namespace iskra::central::tariffs::detail {
namespace {

using http::Context;
using nlohmann::json;

constexpr std::array<tariff::CustomerKind, 3> kKinds{
    tariff::CustomerKind::kAdHoc, tariff::CustomerKind::kSubscriber, tariff::CustomerKind::kFleet};

json version_or_null(const std::vector<VersionRow>& versions, const std::optional<VersionRef>& v) {
    if (!v) return nullptr;
    const VersionRow& row = *find_version(versions, v->version);
    return {{"version", row.version},
            {"valid_from", iso(row.valid_from_ms)},
            {"tariff", tariff::tariff_to_json(row.tariff)}};
}

http::Response gateway_tariffs(const Env& env, const Context& context) {
    const std::string site_id = context.calling_gateway().site_id;
    const std::int64_t now = env.now();
    auto body = env.database.read_transaction([&](Poco::Data::Session& session) {
        auto rows = select(
            session, "SELECT id, category FROM stations WHERE site_id = ? ORDER BY id", {site_id});
        const auto assignments = assignments_of(load_assignments(
            session,
            "scope = 'default' OR station_id IN (SELECT id FROM stations WHERE site_id = ?) OR "
            "category_id IN (SELECT category FROM stations WHERE site_id = ?)",
            {site_id, site_id}));
        std::set<std::string> used;
        json stations = json::array();
        for (std::size_t i = 0; i < rows.rowCount(); ++i) {
            const StationRef station{text(rows, i, "id"), opt_text(rows, i, "category")};
            json entry = {{"station_id", station.station_id}};
            for (const auto kind : kKinds) {
                const Assignment* a = resolve(assignments, station, kind);
                entry[std::string(customer_kind_name(kind))] =
                    a ? json(a->tariff_id) : json(nullptr);
                if (a) used.insert(a->tariff_id);
            }
            stations.push_back(std::move(entry));
        }
        // What a station the gateway meets before central lists it pays: the defaults (a
        // station of no category with no assignment of its own).
        json defaults = json::object();
        for (const auto kind : kKinds) {
            const Assignment* a = resolve(assignments, StationRef{"", std::nullopt}, kind);
            defaults[std::string(customer_kind_name(kind))] =
                a ? json(a->tariff_id) : json(nullptr);
            if (a) used.insert(a->tariff_id);
        }
        json tariffs = json::array();
        for (const auto& id : used) {
            const auto row = find_tariff(session, id);
            if (!row) continue;
            const auto versions = load_versions(session, id);
            const auto refs = version_refs(versions);
            tariffs.push_back({{"id", row->id},
                               {"name", row->name},
                               {"currency", row->currency},
                               {"current", version_or_null(versions, version_in_force(refs, now))},
                               {"next", version_or_null(versions, next_version(refs, now))}});
        }
        return json{{"generated_at", iso(now)},
                    {"tariffs", std::move(tariffs)},
                    {"stations", std::move(stations)},
                    {"default", std::move(defaults)}};
    });
    return http::json_response(200, body);
}

}  // namespace

void add_gateway_routes(http::Router& router, Env env) {
    router.add("GET", "/api/gateway/v1/tariffs", http::Access::gateway(),
               [env](const Context& c) { return gateway_tariffs(env, c); });
}

}  // namespace iskra::central::tariffs::detail
