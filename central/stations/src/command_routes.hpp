// Queueing a remote-control command from a route: the shared steps of control_routes.cpp and
// session_control_routes.cpp. Private to central/stations.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>

#include "iskra/central/http/response.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/storage/database.hpp"
#include "iskra/ocpp/version.hpp"
#include "ocpp_payloads.hpp"
#include "station_rows.hpp"

namespace iskra::central::stations::detail {

// The station's OCPP version; 409 `protocol_unknown` before its first boot (and without staff
// saying), since every command's payload depends on it.
ocpp::Version version_of(const StationFacts& station);

// In one transaction: `before` (may be empty; stores what the command changes, e.g. the staff
// availability), then the command on the station's queue. Then wakes the gateway's long-poll
// and answers 202 {"command": {...}}.
http::Response queue_command(storage::Database& database, CommandQueue& queue,
                             const std::string& station_id, const OcppCommand& command,
                             const std::optional<std::string>& requested_by,
                             const std::function<void(Poco::Data::Session&)>& before = {});

}  // namespace iskra::central::stations::detail
