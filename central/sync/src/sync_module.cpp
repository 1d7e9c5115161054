#include "iskra/central/sync/sync_module.hpp"

#include "routes.hpp"

namespace iskra::central::sync {

SyncModule::SyncModule(storage::Database& database, stations::CommandQueue& queue)
    : database_(database), queue_(queue) {}

void SyncModule::add_routes(http::Router& router) {
    detail::add_enrolment_routes(router, database_);
    detail::add_event_routes(router, database_);
    detail::add_authorize_route(router, database_);
    detail::add_downlink_routes(router, database_, queue_);
    detail::add_status_route(router, database_);
}

}  // namespace iskra::central::sync
