// The sync module (central/README.md): the gateway protocol of common/sync/README.md, served.
// Enrolment, exactly-once events, real-time authorisation, the commands long-poll and the list
// deltas, plus the staff view of a gateway's sync. Stateless apart from the Database and the
// stations module's CommandQueue; handlers run on any HTTP worker thread.
#pragma once

#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/storage/database.hpp"

// migrations() (version 3) is declared in the generated "iskra/central/sync/migrations.hpp".

namespace iskra::central::sync {

class SyncModule {
public:
    SyncModule(storage::Database& database, stations::CommandQueue& queue);

    // POST /api/v1/sites/{site_id}/enrolment-codes (StationsManage),
    // GET /api/v1/gateways/{id}/sync (StationsView),
    // POST /api/gateway/v1/enroll (Public),
    // POST /api/gateway/v1/events, POST /api/gateway/v1/authorize,
    // GET /api/gateway/v1/commands, /local-list, /stations (Gateway).
    void add_routes(http::Router& router);

private:
    storage::Database& database_;
    stations::CommandQueue& queue_;
};

}  // namespace iskra::central::sync
