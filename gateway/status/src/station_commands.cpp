#include "iskra/gateway/station_commands.hpp"

#include <memory>

#include "iskra/ocpp/action_info.hpp"
#include "iskra/rpc/rpc_error.hpp"

namespace iskra::gateway {
namespace {

// A schema violation reads "/chargingProfile/stackLevel: must be ..." (ocpp::ValidationError's
// describe()), or just the message when the payload itself is wrong: the field is the pointer
// without its first slash, "" for the root.
std::string offending_field(const std::string& description) {
    if (!description.starts_with('/')) return "";
    const auto colon = description.find(": ");
    return description.substr(1, colon == std::string::npos ? std::string::npos : colon - 1);
}

}  // namespace

std::string_view to_string(CommandOutcome::Kind kind) {
    switch (kind) {
        case CommandOutcome::Kind::Answered:
            return "answered";
        case CommandOutcome::Kind::NotConnected:
            return "not_connected";
        case CommandOutcome::Kind::UnknownAction:
            return "unknown_action";
        case CommandOutcome::Kind::InvalidRequest:
            return "invalid_request";
        case CommandOutcome::Kind::Failed:
            return "failed";
    }
    return "failed";
}

std::future<CommandOutcome> StationCommands::send(std::string station_id, std::string action,
                                                  std::string payload_json) {
    auto promise = std::make_shared<std::promise<CommandOutcome>>();
    auto future = promise->get_future();
    server_.post([this, promise, station_id = std::move(station_id), action = std::move(action),
                  payload_json = std::move(payload_json)] {
        StationConnection* connection = server_.find(station_id);
        if (connection == nullptr) {
            promise->set_value(CommandOutcome::refused(
                CommandOutcome::Kind::NotConnected, "station " + station_id + " is not connected"));
            return;
        }
        const auto* info = ocpp::find_action(connection->version(), action);
        if (info == nullptr || info->initiator != ocpp::Initiator::Csms) {
            if (info == nullptr || info->name != "DataTransfer") {
                promise->set_value(CommandOutcome::refused(
                    CommandOutcome::Kind::UnknownAction,
                    action + " is not a command of " +
                        std::string(ocpp::subprotocol(connection->version()))));
                return;
            }
        }
        const auto version = connection->version();
        connection->endpoint().call(
            action, payload_json,
            [promise, version](tl::expected<simdjson::dom::element, rpc::CallFailure> outcome) {
                if (outcome) {
                    promise->set_value(CommandOutcome::answered(simdjson::minify(*outcome)));
                    return;
                }
                const auto& failure = outcome.error();
                auto failed =
                    CommandOutcome::refused(CommandOutcome::Kind::Failed, failure.description);
                if (failure.kind == rpc::CallFailure::Kind::InvalidRequest) {
                    failed.kind = CommandOutcome::Kind::InvalidRequest;
                    failed.field = offending_field(failure.description);
                } else if (failure.kind == rpc::CallFailure::Kind::CallError) {
                    failed.station_error_code = std::string(rpc::wire_name(failure.code, version));
                }
                promise->set_value(std::move(failed));
            },
            StationConnection::Clock::now());
    });
    return future;
}

}  // namespace iskra::gateway
