// Identity (central/README.md): users with roles, password login, cookie sessions with a CSRF
// token, lock-out after repeated failures, and the staff's user administration. It is the user
// half of http::Authenticator; the sync module authenticates gateways and the app composes both.
//
// Thread-safe: handlers and user() are called by every HTTP worker at once; all state is in the
// database, the module holds only its options and a precomputed dummy hash.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/http/router.hpp"
// migrations(): migration 1 ("identity"), generated from migrations/0001_identity.sql.
#include "iskra/central/identity/migrations.hpp"
#include "iskra/central/storage/database.hpp"
#include "iskra/crypto/password_hash.hpp"

namespace iskra::central::identity {

inline constexpr const char* kSessionCookie = "iskra_session";

struct IdentityOptions {
    // A session ends after this long without a request, and in any case this long after login.
    std::chrono::milliseconds session_idle = std::chrono::minutes(30);
    std::chrono::milliseconds session_lifetime = std::chrono::hours(12);
    // last_seen is written at most this often, so a busy page costs no write per request; the
    // idle timeout may therefore end a session up to this much early.
    std::chrono::milliseconds touch_interval = std::chrono::minutes(1);
    // After max_failures consecutive wrong passwords the account is locked for `lockout`.
    int max_failures = 5;
    std::chrono::milliseconds lockout = std::chrono::minutes(15);
    // Argon2id cost of new hashes; tests lower it. Stored hashes carry their own cost.
    crypto::HashCost hash_cost{};
    // The one clock of the module; empty means the system clock. Tests inject a fake.
    std::function<std::chrono::system_clock::time_point()> clock;
};

struct NewUser {
    std::string email;
    std::string display_name;
    http::Role role = http::Role::Driver;
    std::string password;
};

class IdentityModule final : public http::Authenticator {
public:
    // Hashes a dummy password once (at the configured cost) so a login with an unknown email
    // costs as much as one with a known email.
    IdentityModule(storage::Database& database, IdentityOptions options);
    ~IdentityModule() override;
    IdentityModule(const IdentityModule&) = delete;
    IdentityModule& operator=(const IdentityModule&) = delete;

    // /api/v1/auth/... and /api/v1/users/... (README.md of this module lists them).
    void add_routes(http::Router& router);

    // The cookie's live session → its user, when the user is active. Moves last_seen.
    std::optional<http::UserPrincipal> user(const http::Request& request) override;
    // Gateways are the sync module's; always nothing here.
    std::optional<http::GatewayPrincipal> gateway(const http::Request& request) override;

    // Creates a user with the same checks as POST /api/v1/users (email, password rules,
    // duplicate email → 409), without a caller: for the app's demo user and ops commands.
    // Returns the new user's id.
    tl::expected<std::string, http::ApiError> create_user(const NewUser& user);

    // Deletes every session past its lifetime or idle timeout, whoever it belongs to; returns
    // how many. Sessions are also dropped when next presented or at their user's next login, so
    // this only keeps the table from holding browsers that never came back: run it hourly.
    std::size_t purge_expired_sessions();

    struct State;  // shared with the route files in src/

private:
    std::unique_ptr<State> state_;
};

}  // namespace iskra::central::identity
