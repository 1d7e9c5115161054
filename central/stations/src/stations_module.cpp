#include "iskra/central/stations/stations_module.hpp"

#include "route_support.hpp"

namespace iskra::central::stations {

StationsModule::StationsModule(storage::Database& database, CommandQueue& queue)
    : database_(database), queue_(queue) {}

void StationsModule::add_routes(http::Router& router) {
    detail::add_site_routes(router, database_);
    detail::add_gateway_routes(router, database_);
    detail::add_category_routes(router, database_);
    detail::add_station_routes(router, database_);
    detail::add_connector_routes(router, database_);
    detail::add_control_routes(router, database_, queue_);
    detail::add_session_control_routes(router, database_, queue_);
}

}  // namespace iskra::central::stations
