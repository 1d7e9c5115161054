#include "iskra/central/stations/allow_list.hpp"

#include <set>

#include "db_util.hpp"

namespace iskra::central::stations {

using detail::select;

std::int64_t stations_version(Poco::Data::Session& session) {
    auto rows = select(session, "SELECT version FROM stations_version WHERE id = 1");
    return rows.rowCount() == 0 ? 0 : detail::integer(rows, 0, "version");
}

StationsDelta stations_delta(Poco::Data::Session& session, const std::string& site_id,
                             std::int64_t since_version) {
    StationsDelta delta;
    delta.version = stations_version(session);
    delta.full = since_version <= 0 || since_version > delta.version;

    // The stations allowed on the site now: all of them for a full list, else those changed.
    std::string query =
        "SELECT id, password_hash, security_profile FROM stations WHERE site_id = ? AND "
        "allowed = 1";
    std::vector<detail::Param> params{site_id};
    if (!delta.full) {
        query +=
            " AND id IN (SELECT station_id FROM station_allowlist_changes WHERE site_id = ? AND "
            "version > ?)";
        params.insert(params.end(), {site_id, since_version});
    }
    auto rows = select(session, query + " ORDER BY id", params);
    std::set<std::string> present;
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        AllowedStation station{detail::text(rows, i, "id"),
                               detail::opt_text(rows, i, "password_hash"),
                               detail::opt_integer(rows, i, "security_profile")};
        present.insert(station.station_id);
        delta.stations.push_back(std::move(station));
    }
    if (delta.full) return delta;

    // Changed on this site but not allowed here now: deleted, disallowed or moved away.
    auto changed = select(session,
                          "SELECT DISTINCT station_id FROM station_allowlist_changes WHERE "
                          "site_id = ? AND version > ? ORDER BY station_id",
                          {site_id, since_version});
    for (std::size_t i = 0; i < changed.rowCount(); ++i) {
        auto id = detail::text(changed, i, "station_id");
        if (!present.contains(id)) delta.removed.push_back(std::move(id));
    }
    return delta;
}

nlohmann::json stations_delta_json(const StationsDelta& delta) {
    auto stations = nlohmann::json::array();
    for (const auto& station : delta.stations) {
        nlohmann::json item = {{"station_id", station.station_id}, {"allowed", true}};
        if (station.password_hash) item["password_hash"] = *station.password_hash;
        if (station.security_profile) item["security_profile"] = *station.security_profile;
        stations.push_back(std::move(item));
    }
    return {{"version", delta.version},
            {"full", delta.full},
            {"stations", std::move(stations)},
            {"removed", delta.removed}};
}

std::int64_t bump_stations_version(Poco::Data::Session& session, const std::string& station_id,
                                   const std::vector<std::string>& site_ids, std::int64_t at_ms) {
    // An UPDATE of the one row, not MAX()+1: it locks, so concurrent changes serialise on both
    // databases instead of handing out one version twice.
    detail::execute(session, "UPDATE stations_version SET version = version + 1 WHERE id = 1", {});
    const std::int64_t version = stations_version(session);
    std::set<std::string> sites(site_ids.begin(), site_ids.end());
    for (const auto& site : sites) {
        detail::execute(session,
                        "INSERT INTO station_allowlist_changes (version, site_id, station_id, "
                        "changed_at_ms) VALUES (?, ?, ?, ?)",
                        {version, site, station_id, at_ms});
    }
    return version;
}

}  // namespace iskra::central::stations
