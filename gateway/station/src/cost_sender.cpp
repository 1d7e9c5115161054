// Sends the running costs CostUpdates says are due: 2.0.1 CostUpdated, and for 1.6, which has no
// such message, a DataTransfer of our own vendor id. A station that does not know the message
// says so once (CALLERROR NotImplemented/NotSupported, or a DataTransfer status other than
// Accepted) and is left alone until it connects again.
#include <nlohmann/json.hpp>

#include "iskra/gateway/station_service.hpp"
#include "iskra/log/log.hpp"
#include "iskra/ocpp/iskra_extensions.hpp"
#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/ocpp/v201/messages.hpp"

namespace iskra::gateway {
namespace {

// Exact decimal text of an amount in the currency's minor unit: 1234 -> "12.34", -5 -> "-0.05".
std::string major_units(std::int64_t minor) {
    const bool negative = minor < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string cents = std::to_string(magnitude % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + cents;
}

bool refuses_the_message(const rpc::CallFailure& failure) {
    return failure.kind == rpc::CallFailure::Kind::CallError &&
           (failure.code == rpc::RpcErrorCode::NotImplemented ||
            failure.code == rpc::RpcErrorCode::NotSupported);
}

}  // namespace

void StationService::send_cost_updates() {
    const auto now = StationConnection::Clock::now();
    for (const auto& update : costs_.due(this->now())) {
        const auto it = connections_.find(update.session.station_id);
        if (it == connections_.end()) continue;
        StationConnection& connection = *it->second;
        const std::string station = update.session.station_id;
        const auto refused = [this, station](const std::string& why) {
            costs_.refuse_station(station);
            log::info(station, "station does not take running-cost updates (" + why +
                                   "); none are sent until it connects again");
        };
        const auto failed = [refused, station](const rpc::CallFailure& failure) {
            if (refuses_the_message(failure)) return refused(failure.description);
            log::debug(station, "running-cost update not delivered: " + failure.description);
        };

        if (const auto* number = std::get_if<std::int64_t>(&update.session.transaction)) {
            ocpp::v16::DataTransferRequest request;
            request.vendorId = ocpp::kIskraVendorId;
            request.messageId = ocpp::kRunningCostMessageId;
            request.data = nlohmann::json{{"transactionId", *number},
                                          {"totalCost", major_units(update.gross_grosz)},
                                          {"currency", update.currency}}
                               .dump();
            connection.endpoint().call(
                request,
                [refused,
                 failed](tl::expected<ocpp::v16::DataTransferResponse, rpc::CallFailure> answer) {
                    if (!answer) return failed(answer.error());
                    if (answer->status != ocpp::v16::DataTransferResponseStatus::Accepted) {
                        refused("DataTransfer answered " +
                                std::string(ocpp::v16::to_string(answer->status)));
                    }
                },
                now);
        } else {
            ocpp::v201::CostUpdatedRequest request;
            // The schema's totalCost is a JSON number: the one place the integer becomes one.
            // Grosz over 100 prints as its two decimals (the writer's shortest round trip).
            request.totalCost = static_cast<double>(update.gross_grosz) / 100.0;
            request.transactionId = std::get<std::string>(update.session.transaction);
            connection.endpoint().call(
                request,
                [failed](tl::expected<ocpp::v201::CostUpdatedResponse, rpc::CallFailure> answer) {
                    if (!answer) failed(answer.error());
                },
                now);
        }
    }
}

}  // namespace iskra::gateway
