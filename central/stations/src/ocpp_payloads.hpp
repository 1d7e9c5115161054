// The commands central queues, in the words of the station's OCPP version: the gateway's
// command API takes each version's own request payload (gateway/status station_commands.hpp),
// so "restart" is Reset{type: Soft} for 1.6 and Reset{type: OnIdle} for 2.0.1. Every payload,
// built here or sent by staff, is checked against the official schema before it is queued, so
// the gateway never gets a command the station must refuse as malformed. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/ocpp/version.hpp"

namespace iskra::central::stations::detail {

struct OcppCommand {
    std::string action;
    nlohmann::json payload;
};

// The API names connectors as the session model does (EVSE, connector within it); a 1.6
// connector N is EVSE N (session/v16_vocabulary.hpp). evse 0: the whole station.
struct Target {
    std::int64_t evse_id = 0;
    std::optional<std::int64_t> connector_id;
};

OcppCommand reset_command(ocpp::Version version, bool hard);
OcppCommand availability_command(ocpp::Version version, const Target& target, bool operative);
OcppCommand unlock_command(ocpp::Version version, std::int64_t evse_id, std::int64_t connector_id);
// `transaction_id`: the 1.6 integer or the 2.0.1 string the station knows the session by.
OcppCommand stop_command(ocpp::Version version, const nlohmann::json& transaction_id);

// Why `payload` is not a valid request of `action` sent by a CSMS in `version`, or nothing.
std::optional<std::string> check_command(ocpp::Version version, std::string_view action,
                                         const nlohmann::json& payload);

}  // namespace iskra::central::stations::detail
