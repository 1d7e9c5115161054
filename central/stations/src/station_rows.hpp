// Stations and connectors as the API shows them, read from their rows. Shared by the station,
// connector and control routes. Private to central/stations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

#include "db_util.hpp"

namespace iskra::central::stations::detail {

extern const char* const kStationColumns;    // for "SELECT <columns> FROM stations"
extern const char* const kConnectorColumns;  // for "SELECT <columns> FROM connectors"

nlohmann::json station_json(const RecordSet& rows, std::size_t i, std::int64_t now_ms);
nlohmann::json connector_json(const RecordSet& rows, std::size_t i);

// The station with its connectors (GET /api/v1/stations/{id}); 404 when unknown.
nlohmann::json load_station(Poco::Data::Session& session, const std::string& id,
                            std::int64_t now_ms);

// What remote control needs to know of a station; 404 when unknown.
struct StationFacts {
    std::string id;
    std::string site_id;
    std::optional<std::string> protocol;  // "ocpp1.6" | "ocpp2.0.1"
    bool allowed = false;
    std::optional<std::string> password_hash;
    std::optional<std::int64_t> security_profile;
};
StationFacts station_facts(Poco::Data::Session& session, const std::string& id);

}  // namespace iskra::central::stations::detail
