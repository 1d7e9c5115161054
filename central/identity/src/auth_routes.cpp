// /api/v1/auth: login, logout, who am I, change my password. Login is public; the dispatcher
// checks the session and the CSRF token of the others before they run.
#include <optional>
#include <string>

#include "accounts.hpp"
#include "audit.hpp"
#include "db.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/identity/account_rules.hpp"
#include "iskra/crypto/password_hash.hpp"
#include "login_sessions.hpp"
#include "state.hpp"
#include "user_rows.hpp"

namespace iskra::central::identity::detail {
namespace {

using http::ApiError;
using http::Context;
using http::Response;
using nlohmann::json;
using Poco::Data::Session;

enum class Outcome { SignedIn, WrongCredentials, Locked, Disabled };

struct LoginResult {
    Outcome outcome = Outcome::WrongCredentials;
    std::optional<UserRow> user;
};

// One message for an unknown email and a wrong password, so the answer tells nobody which
// emails have accounts.
ApiError wrong_credentials() {
    return ApiError::unauthorized("the email or the password is wrong", "invalid_credentials");
}

Response locked_response(const UserRow& user, std::int64_t now_ms) {
    const std::int64_t until = user.login.locked_until_ms.value_or(now_ms);
    const std::int64_t seconds = std::max<std::int64_t>(1, (until - now_ms + 999) / 1000);
    Response response = http::error_response(
        {423,
         "account_locked",
         "too many failed logins: the account is locked until " + iso(until).get<std::string>(),
         {}});
    return response.with_header("Retry-After", std::to_string(seconds));
}

// The decision, made against the row as it is inside the transaction: two wrong passwords at
// once both count, and a lock set by another instance is seen.
LoginResult decide(State& state, Session& session, const std::optional<UserRow>& seen,
                   bool password_ok, const std::string& email, const NewSession& secrets,
                   const Context& context, std::int64_t now) {
    const std::string remote = remote_of(context.request);
    Event event{"login_failed", std::nullopt, std::nullopt, email, remote};
    std::optional<UserRow> user = seen ? find_user_by_id(session, seen->id) : std::nullopt;
    if (!user) {
        record_event(session, now, event);
        return {Outcome::WrongCredentials, std::nullopt};
    }
    event.user_id = user->id;
    if (is_locked(user->login, now)) {
        event.kind = "login_locked";
        record_event(session, now, event);
        return {Outcome::Locked, user};
    }
    // A hash changed since it was verified (a password change in between) counts as wrong.
    if (!password_ok || user->password_hash != seen->password_hash) {
        user->login = after_failure(user->login, now, state.lockout());
        update_user(session, *user);
        event.detail = {{"failed_logins", user->login.failed_logins}};
        record_event(session, now, event);
        if (!is_locked(user->login, now)) return {Outcome::WrongCredentials, user};
        record_event(session, now, {"account_locked", user->id, std::nullopt, email, remote});
        return {Outcome::Locked, user};
    }
    if (user->status != kActive) {
        event.kind = "login_disabled";
        record_event(session, now, event);
        return {Outcome::Disabled, user};
    }
    user->login = cleared();
    user->last_login_at_ms = now;
    update_user(session, *user);
    delete_stale_sessions(session, user->id, now, state.options.session_idle.count());
    insert_session(session, secrets, user->id, now, now + state.options.session_lifetime.count(),
                   remote, user_agent_of(context.request));
    event.kind = "login_succeeded";
    record_event(session, now, event);
    return {Outcome::SignedIn, user};
}

Response login(State& state, const Context& context) {
    const json body = http::json_object_body(context.request);
    only_fields(body, {"email", "password"});
    // The email is only looked up, not validated: a malformed one is just unknown.
    const std::string given = http::required_string(body, "email", kMaxEmailBytes);
    const std::string password = http::required_string(body, "password", kMaxPasswordBytes);
    std::string email = given;
    try {
        email = normalise_email(given);
    } catch (const ApiError&) {
    }
    std::optional<UserRow> seen;
    {
        auto session = state.database.session();
        seen = find_user_by_email(session, email);
    }
    // Outside the transaction (it costs tens of milliseconds), and against a dummy hash for an
    // unknown email so both cost the same.
    const bool password_ok =
        crypto::verify_password(seen ? seen->password_hash : state.dummy_hash, password);
    const std::int64_t now = state.now_ms();
    const NewSession secrets = new_session_secrets();
    const LoginResult result = state.database.transaction([&](Session& session) {
        return decide(state, session, seen, password_ok, email, secrets, context, now);
    });
    switch (result.outcome) {
        case Outcome::WrongCredentials:
            throw wrong_credentials();
        case Outcome::Locked:
            return locked_response(*result.user, now);
        case Outcome::Disabled:
            // Said only to someone who knew the password.
            throw ApiError::forbidden("this account is disabled", "account_disabled");
        case Outcome::SignedIn:
            break;
    }
    const std::int64_t max_age = state.options.session_lifetime.count() / 1000;
    return http::json_response(
               200, {{"user", user_json(*result.user, now)}, {"csrf_token", secrets.csrf_token}})
        .with_header("Set-Cookie",
                     session_cookie(secrets.cookie_value, max_age, context.request.secure))
        .with_header("Cache-Control", "no-store");
}

Response logout(State& state, const Context& context) {
    const auto& user = context.signed_in();
    state.database.transaction([&](Session& session) {
        delete_session(session, user.session_id);
        record_event(
            session, state.now_ms(),
            {"logout", user.user_id, std::nullopt, user.email, remote_of(context.request)});
    });
    return http::no_content().with_header("Set-Cookie",
                                          cleared_session_cookie(context.request.secure));
}

Response me(State& state, const Context& context) {
    const auto& principal = context.signed_in();
    auto session = state.database.session();
    auto user = find_user_by_id(session, principal.user_id);
    if (!user) throw ApiError::unauthorized("sign in first");
    json permissions = json::array();
    for (auto permission : http::all_permissions()) {
        if (http::role_has(user->role, permission))
            permissions.push_back(http::to_string(permission));
    }
    return http::json_response(200, {{"user", user_json(*user, state.now_ms())},
                                     {"permissions", permissions},
                                     {"csrf_token", principal.csrf_token}})
        .with_header("Cache-Control", "no-store");  // carries the CSRF token
}

Response change_password(State& state, const Context& context) {
    const auto& principal = context.signed_in();
    const json body = http::json_object_body(context.request);
    only_fields(body, {"current_password", "new_password"});
    const std::string current = http::required_string(body, "current_password", kMaxPasswordBytes);
    const std::string next = http::required_string(body, "new_password", kMaxPasswordBytes);
    std::optional<UserRow> seen;
    {
        auto session = state.database.session();
        seen = find_user_by_id(session, principal.user_id);
    }
    if (!seen) throw ApiError::unauthorized("sign in first");
    if (!crypto::verify_password(seen->password_hash, current)) {
        throw ApiError::bad_request("current_password", "current_password is wrong",
                                    "wrong_password");
    }
    check_new_password(next, seen->email, "new_password");
    if (next == current) {
        throw ApiError::bad_request("new_password", "new_password must differ from the current");
    }
    const std::string hash = hash_new_password(state, next);
    const std::int64_t now = state.now_ms();
    state.database.transaction([&](Session& session) {
        auto user = find_user_by_id(session, principal.user_id);
        if (!user || user->password_hash != seen->password_hash) {
            throw ApiError::conflict("the password was changed meanwhile; try again");
        }
        user->password_hash = hash;
        user->updated_at_ms = now;
        update_user(session, *user);
        // Whoever else holds a session (perhaps the reason for the change) is signed out.
        const auto ended = delete_user_sessions(session, user->id, principal.session_id);
        record_event(session, now,
                     {"password_changed",
                      user->id,
                      std::nullopt,
                      user->email,
                      remote_of(context.request),
                      {{"sessions_ended", ended}}});
    });
    return http::no_content();
}

}  // namespace

void add_auth_routes(http::Router& router, State& state) {
    using http::Access;
    using http::Permission;
    router.add("POST", "/api/v1/auth/login", Access::public_route(),
               [&state](const Context& context) { return login(state, context); });
    router.add("POST", "/api/v1/auth/logout", Access::user(Permission::OwnAccount),
               [&state](const Context& context) { return logout(state, context); });
    router.add("GET", "/api/v1/auth/me", Access::user(Permission::OwnAccount),
               [&state](const Context& context) { return me(state, context); });
    router.add("POST", "/api/v1/auth/password", Access::user(Permission::OwnAccount),
               [&state](const Context& context) { return change_password(state, context); });
}

}  // namespace iskra::central::identity::detail
