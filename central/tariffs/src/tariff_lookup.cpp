#include "iskra/central/tariffs/tariff_lookup.hpp"

#include "store.hpp"

namespace iskra::central::tariffs {

std::optional<ResolvedTariff> tariff_for_session(Poco::Data::Session& session,
                                                 const std::string& station_id,
                                                 tariff::CustomerKind kind, std::int64_t start_ms) {
    const auto station = detail::find_station(session, station_id);
    if (!station) return std::nullopt;
    const auto assignments = detail::assignments_for_station(session, *station);
    const Assignment* assignment = resolve(assignments, *station, kind);
    if (!assignment) return std::nullopt;
    const auto row = detail::find_tariff(session, assignment->tariff_id);
    if (!row) return std::nullopt;
    const auto versions = detail::load_versions(session, assignment->tariff_id);
    const auto in_force = version_in_force(detail::version_refs(versions), start_ms);
    if (!in_force) return std::nullopt;
    const detail::VersionRow& version = *detail::find_version(versions, in_force->version);
    return ResolvedTariff{row->id,           row->name,       row->currency,
                          assignment->scope, version.version, version.valid_from_ms,
                          version.tariff};
}

}  // namespace iskra::central::tariffs
