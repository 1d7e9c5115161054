#include "iskra/gateway/station_service.hpp"

namespace iskra::gateway {

StationService::StationService(StationServiceOptions options, StationRegistry& registry,
                               SiteLedger& ledger, Now now)
    : options_(options), registry_(registry), ledger_(ledger), now_(std::move(now)) {}

void StationService::on_connected(StationConnection& connection) {
    if (connection.version() == ocpp::Version::v16) {
        register_v16_handlers(*this, connection);
    } else {
        register_v201_handlers(*this, connection);
    }
}

void StationService::on_disconnected(StationConnection& /*connection*/) {}

}  // namespace iskra::gateway
