// The module's route groups, each in its own file. Private to central/charging.
#pragma once

#include "iskra/central/http/router.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central::charging::detail {

void add_token_routes(http::Router& router, storage::Database& database);
void add_session_routes(http::Router& router, storage::Database& database);
void add_authorization_routes(http::Router& router, storage::Database& database);

}  // namespace iskra::central::charging::detail
