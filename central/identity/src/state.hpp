// What the route files share: the database, the options and the module's clock. Private to
// central/identity; read-only after construction, so safe from every worker thread.
#pragma once

#include <cstdint>
#include <string>

#include "iskra/central/identity/identity_module.hpp"
#include "iskra/central/identity/login_policy.hpp"

namespace iskra::central::identity {

struct IdentityModule::State {
    storage::Database& database;
    IdentityOptions options;
    std::string dummy_hash;  // verified against when the email is unknown: same time cost

    std::int64_t now_ms() const;
    LockoutPolicy lockout() const;
};

namespace detail {
using State = IdentityModule::State;

// Routes, one file each (auth_routes.cpp, user_routes.cpp).
void add_auth_routes(http::Router& router, State& state);
void add_user_routes(http::Router& router, State& state);
}  // namespace detail

}  // namespace iskra::central::identity
