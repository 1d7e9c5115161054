#include "iskra/central/charging/charging_module.hpp"

#include "routes.hpp"

namespace iskra::central::charging {

ChargingModule::ChargingModule(storage::Database& database) : database_(database) {}

void ChargingModule::add_routes(http::Router& router) {
    detail::add_token_routes(router, database_);
    detail::add_session_routes(router, database_);
    detail::add_authorization_routes(router, database_);
}

}  // namespace iskra::central::charging
