// The station allow-list the gateways hold (common/sync/README.md, "Lists down"): which station
// ids may connect to a site and with which password hash. One global version counter
// (stations_version) is bumped, with one change row per affected site, by every change of a
// station's allow-list facts (added, removed, allowed or not, password, security profile, moved
// to another site); a gateway asks for the changes of its own site since the version it holds.
// Thread-safety: whatever the Session allows (one thread per Session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace iskra::central::stations {

struct AllowedStation {
    std::string station_id;
    std::optional<std::string> password_hash;  // "$argon2id$..."
    std::optional<std::int64_t> security_profile;
};

struct StationsDelta {
    std::int64_t version = 0;
    bool full = false;  // true: `stations` is the whole list, replace yours
    std::vector<AllowedStation> stations;
    std::vector<std::string> removed;
};

// The current version (0 before the first change).
std::int64_t stations_version(Poco::Data::Session& session);

// The site's allow-list changes after `since_version`: every station of the site that is
// allowed now and changed, and every station that changed and is no longer allowed on this
// site (deleted, disallowed or moved away) in `removed`. Full when since_version is 0 or ahead
// of the current version (a restored database).
StationsDelta stations_delta(Poco::Data::Session& session, const std::string& site_id,
                             std::int64_t since_version);

// {"version", "full", "stations": [{"station_id", "allowed": true, "password_hash"?,
// "security_profile"?}], "removed": [...]} as GET /api/gateway/v1/stations answers.
nlohmann::json stations_delta_json(const StationsDelta& delta);

// Records a change of `station_id` on each of `site_ids` (its old and new site when it moved)
// under a new version, and returns that version. Call inside the transaction that changed it.
std::int64_t bump_stations_version(Poco::Data::Session& session, const std::string& station_id,
                                   const std::vector<std::string>& site_ids, std::int64_t at_ms);

}  // namespace iskra::central::stations
