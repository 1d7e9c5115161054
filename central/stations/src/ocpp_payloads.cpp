#include "ocpp_payloads.hpp"

#include <simdjson.h>

#include "iskra/ocpp/action_info.hpp"

namespace iskra::central::stations::detail {

OcppCommand reset_command(ocpp::Version version, bool hard) {
    if (version == ocpp::Version::v16) return {"Reset", {{"type", hard ? "Hard" : "Soft"}}};
    // 2.0.1 has no soft/hard: OnIdle waits for running transactions to end, Immediate does not.
    return {"Reset", {{"type", hard ? "Immediate" : "OnIdle"}}};
}

OcppCommand availability_command(ocpp::Version version, const Target& target, bool operative) {
    const char* status = operative ? "Operative" : "Inoperative";
    if (version == ocpp::Version::v16) {
        return {"ChangeAvailability", {{"connectorId", target.evse_id}, {"type", status}}};
    }
    nlohmann::json payload = {{"operationalStatus", status}};
    if (target.evse_id > 0) {
        payload["evse"] = {{"id", target.evse_id}};
        if (target.connector_id) payload["evse"]["connectorId"] = *target.connector_id;
    }
    return {"ChangeAvailability", std::move(payload)};
}

OcppCommand unlock_command(ocpp::Version version, std::int64_t evse_id, std::int64_t connector_id) {
    if (version == ocpp::Version::v16) return {"UnlockConnector", {{"connectorId", evse_id}}};
    return {"UnlockConnector", {{"evseId", evse_id}, {"connectorId", connector_id}}};
}

OcppCommand stop_command(ocpp::Version version, const nlohmann::json& transaction_id) {
    if (version == ocpp::Version::v16) {
        return {"RemoteStopTransaction", {{"transactionId", transaction_id}}};
    }
    return {"RequestStopTransaction", {{"transactionId", transaction_id}}};
}

std::optional<std::string> check_command(ocpp::Version version, std::string_view action,
                                         const nlohmann::json& payload) {
    const auto* info = ocpp::find_action(version, action);
    // DataTransfer goes both ways; every other command must be one a CSMS sends.
    if (info == nullptr || (info->initiator != ocpp::Initiator::Csms && action != "DataTransfer")) {
        return std::string(action) + " is not a command of " +
               std::string(ocpp::subprotocol(version));
    }
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    if (parser.parse(payload.dump()).get(element) != simdjson::SUCCESS) {
        return std::string("the payload is not JSON");
    }
    ocpp::DecodeContext context;
    if (!info->check_request(element, context)) return context.error().describe();
    return std::nullopt;
}

}  // namespace iskra::central::stations::detail
