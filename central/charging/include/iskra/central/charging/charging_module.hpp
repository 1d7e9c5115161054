// The charging module (central/README.md): tokens with the local list they feed, sessions and
// their samples, the authorisation log, and the routes that read and edit them.
// Stateless apart from the Database; handlers run on any HTTP worker thread.
#pragma once

#include "iskra/central/http/router.hpp"
#include "iskra/central/storage/database.hpp"

// migrations() (version 4) is declared in the generated "iskra/central/charging/migrations.hpp".

namespace iskra::central::charging {

class ChargingModule {
public:
    explicit ChargingModule(storage::Database& database);

    // GET/POST /api/v1/tokens, PATCH/DELETE /api/v1/tokens/{type}/{id} (TokensManage);
    // GET /api/v1/sessions, /api/v1/sessions/{uuid} (SessionsView); GET /api/v1/me/sessions
    // (OwnAccount); GET /api/v1/authorizations (SessionsView).
    void add_routes(http::Router& router);

private:
    storage::Database& database_;
};

}  // namespace iskra::central::charging
