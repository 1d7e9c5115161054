// The stations module's REST API (central/README.md): sites, gateways, stations, connectors,
// categories, live status and its history, and remote control through the CommandQueue.
// Handlers are stateless; state lives in the database. Thread-safe after add_routes().
#pragma once

#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
// migrations(): migration 2 ("stations"), generated from migrations/0002_stations.sql.
#include "iskra/central/stations/migrations.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central::stations {

class StationsModule {
public:
    StationsModule(storage::Database& database, CommandQueue& queue);
    void add_routes(http::Router& router);

private:
    storage::Database& database_;
    CommandQueue& queue_;
};

}  // namespace iskra::central::stations
