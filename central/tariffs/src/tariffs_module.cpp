#include "iskra/central/tariffs/tariffs_module.hpp"

#include "route_support.hpp"

namespace iskra::central::tariffs {

TariffsModule::TariffsModule(storage::Database& database, TariffsOptions options)
    : database_(database), options_(std::move(options)) {}

void TariffsModule::add_routes(http::Router& router) {
    const detail::Env env{database_, options_};
    detail::add_tariff_routes(router, env);
    detail::add_version_routes(router, env);
    detail::add_ocpi_routes(router, env);
    detail::add_assignment_routes(router, env);
    detail::add_price_routes(router, env);
    detail::add_gateway_routes(router, env);
    detail::add_cost_routes(router, env);
}

}  // namespace iskra::central::tariffs
