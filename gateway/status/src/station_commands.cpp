#include "iskra/gateway/station_commands.hpp"

#include <memory>

#include "iskra/ocpp/action_info.hpp"
#include "iskra/rpc/rpc_error.hpp"

namespace iskra::gateway {

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
            promise->set_value({CommandOutcome::Kind::NotConnected, "",
                                "station " + station_id + " is not connected"});
            return;
        }
        const auto* info = ocpp::find_action(connection->version(), action);
        if (info == nullptr || info->initiator != ocpp::Initiator::Csms) {
            if (info == nullptr || info->name != "DataTransfer") {
                promise->set_value({CommandOutcome::Kind::UnknownAction, "",
                                    action + " is not a command of " +
                                        std::string(ocpp::subprotocol(connection->version()))});
                return;
            }
        }
        connection->endpoint().call(
            action, payload_json,
            [promise](tl::expected<simdjson::dom::element, rpc::CallFailure> outcome) {
                if (outcome) {
                    promise->set_value(
                        {CommandOutcome::Kind::Answered, simdjson::minify(*outcome), ""});
                    return;
                }
                const auto& failure = outcome.error();
                const bool ours = failure.kind == rpc::CallFailure::Kind::InvalidRequest;
                promise->set_value(
                    {ours ? CommandOutcome::Kind::InvalidRequest : CommandOutcome::Kind::Failed, "",
                     failure.description});
            },
            StationConnection::Clock::now());
    });
    return future;
}

}  // namespace iskra::gateway
