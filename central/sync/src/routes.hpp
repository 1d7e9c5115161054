// The module's route groups, each in its own file. Private to central/sync.
#pragma once

#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central::sync::detail {

void add_enrolment_routes(http::Router& router, storage::Database& database);
void add_event_routes(http::Router& router, storage::Database& database);
void add_authorize_route(http::Router& router, storage::Database& database);
void add_downlink_routes(http::Router& router, storage::Database& database,
                         stations::CommandQueue& queue);
void add_status_route(http::Router& router, storage::Database& database);

}  // namespace iskra::central::sync::detail
