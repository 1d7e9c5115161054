// /api/v1/users: the staff's administration of accounts (Permission::UsersManage). Beyond the
// permission the dispatcher checks, two rules about *which* account: only a super admin touches
// a super admin (or makes one), and nobody removes from themselves the right they are using.
#include <optional>
#include <string>

#include "accounts.hpp"
#include "audit.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/identity/account_rules.hpp"
#include "login_sessions.hpp"
#include "state.hpp"
#include "user_rows.hpp"

namespace iskra::central::identity::detail {
namespace {

using http::ApiError;
using http::Context;
using http::Response;
using http::Role;
using nlohmann::json;
using Poco::Data::Session;

http::Role role_field(const json& body, std::string_view field) {
    const std::string text = http::required_string(body, field, 64);
    auto role = http::parse_role(text);
    if (!role) throw ApiError::bad_request(std::string(field), "no such role: " + text);
    return *role;
}

std::string status_field(const json& body) {
    const std::string status = http::required_string(body, "status", 16);
    if (status != kActive && status != kDisabled) {
        throw ApiError::bad_request("status", "status must be active or disabled");
    }
    return status;
}

void require_super_admin_for(const http::UserPrincipal& caller, Role target_role) {
    if (target_role == Role::SuperAdmin && caller.role != Role::SuperAdmin) {
        throw ApiError::forbidden("only a super admin may create or change a super admin",
                                  "super_admin_only");
    }
}

Response list(State& state, const Context& context) {
    const auto& request = context.request;
    const auto page = http::page_of(request);
    UserFilter filter;
    if (auto role = request.query_value("role")) {
        if (!http::parse_role(*role)) throw ApiError::bad_request("role", "no such role");
        filter.role = std::string(*role);
    }
    if (auto status = request.query_value("status")) {
        if (*status != kActive && *status != kDisabled) {
            throw ApiError::bad_request("status", "status must be active or disabled");
        }
        filter.status = std::string(*status);
    }
    if (auto text = request.query_value("q")) {
        if (text->size() > kMaxEmailBytes) {
            throw ApiError::bad_request(
                "q", "q is longer than " + std::to_string(kMaxEmailBytes) + " bytes");
        }
        if (!text->empty()) filter.text = std::string(*text);
    }
    // Count and page from one snapshot, so the total matches the items.
    auto [users, total] = state.database.transaction([&](Session& session) {
        return std::make_pair(list_users(session, filter, page.limit, page.offset),
                              count_users(session, filter));
    });
    const std::int64_t now = state.now_ms();
    json items = json::array();
    for (const auto& user : users)
        items.push_back(user_json(user, now));
    return http::json_response(200, http::page_body(std::move(items), page, total));
}

Response create(State& state, const Context& context) {
    const auto& caller = context.signed_in();
    const json body = http::json_object_body(context.request);
    only_fields(body, {"email", "display_name", "role", "password"});
    NewUser user;
    user.email = http::required_string(body, "email", kMaxEmailBytes);
    user.display_name = http::required_string(body, "display_name", kMaxDisplayNameBytes);
    user.role = role_field(body, "role");
    user.password = http::required_string(body, "password", kMaxPasswordBytes);
    require_super_admin_for(caller, user.role);
    UserRow row = create_account(state, user, actor_of(caller.user_id), remote_of(context.request));
    return http::json_response(201, user_json(row, state.now_ms()));
}

Response show(State& state, const Context& context) {
    const std::string id = user_id_param(context);
    auto session = state.database.session();
    auto user = find_user_by_id(session, id);
    if (!user) throw ApiError::not_found("no user with that id");
    return http::json_response(200, user_json(*user, state.now_ms()));
}

struct Patch {
    std::optional<std::string> display_name;
    std::optional<Role> role;
    std::optional<std::string> status;
    bool unlock = false;
};

Patch read_patch(const json& body) {
    only_fields(body, {"display_name", "role", "status", "unlock"});
    Patch patch;
    if (auto name = http::optional_string(body, "display_name", kMaxDisplayNameBytes)) {
        patch.display_name = check_display_name(*name);
    }
    if (body.contains("role") && !body["role"].is_null()) patch.role = role_field(body, "role");
    if (body.contains("status") && !body["status"].is_null()) patch.status = status_field(body);
    patch.unlock = http::optional_bool(body, "unlock").value_or(false);
    return patch;
}

// The rules about which account, checked against the row inside the transaction.
void check_patch(const http::UserPrincipal& caller, const UserRow& target, const Patch& patch) {
    require_super_admin_for(caller, target.role);
    if (patch.role) require_super_admin_for(caller, *patch.role);
    if (target.id != caller.user_id) return;
    if (patch.role && !http::role_has(*patch.role, http::Permission::UsersManage)) {
        throw ApiError::forbidden("you cannot take away your own right to manage users",
                                  "cannot_demote_self");
    }
    if (patch.status == kDisabled) {
        throw ApiError::forbidden("you cannot disable your own account", "cannot_disable_self");
    }
}

Response update(State& state, const Context& context) {
    const auto& caller = context.signed_in();
    const std::string id = user_id_param(context);
    const Patch patch = read_patch(http::json_object_body(context.request));
    const std::int64_t now = state.now_ms();
    UserRow updated = state.database.transaction([&](Session& session) {
        auto user = find_user_by_id(session, id);
        if (!user) throw ApiError::not_found("no user with that id");
        check_patch(caller, *user, patch);
        json changes = json::object();
        if (patch.display_name) user->display_name = *patch.display_name;
        if (patch.role && *patch.role != user->role) {
            changes["role"] = {http::to_string(user->role), http::to_string(*patch.role)};
            user->role = *patch.role;
        }
        if (patch.status && *patch.status != user->status) {
            changes["status"] = {user->status, *patch.status};
            user->status = *patch.status;
        }
        if (patch.unlock) {
            changes["unlocked"] = user->login.failed_logins > 0 || user->login.locked_until_ms;
            user->login = cleared();
        }
        user->updated_at_ms = now;
        update_user(session, *user);
        // A disabled account is signed out everywhere at once, not at its next idle timeout.
        if (user->status == kDisabled)
            changes["sessions_ended"] = delete_user_sessions(session, id);
        record_event(session, now,
                     {"user_updated", user->id, actor_of(caller.user_id), user->email,
                      remote_of(context.request), changes});
        return *user;
    });
    return http::json_response(200, user_json(updated, now));
}

Response reset_password(State& state, const Context& context) {
    const auto& caller = context.signed_in();
    const std::string id = user_id_param(context);
    const json body = http::json_object_body(context.request);
    only_fields(body, {"password"});
    const std::string password = http::required_string(body, "password", kMaxPasswordBytes);
    std::optional<UserRow> seen;
    {
        auto session = state.database.session();
        seen = find_user_by_id(session, id);
    }
    if (!seen) throw ApiError::not_found("no user with that id");
    require_super_admin_for(caller, seen->role);
    check_new_password(password, seen->email);
    const std::string hash = hash_new_password(state, password);
    const std::int64_t now = state.now_ms();
    state.database.transaction([&](Session& session) {
        auto user = find_user_by_id(session, id);
        if (!user) throw ApiError::not_found("no user with that id");
        require_super_admin_for(caller, user->role);
        user->password_hash = hash;
        user->login = cleared();  // the reset is the way back in after a lock-out
        user->updated_at_ms = now;
        update_user(session, *user);
        // Everyone signed in as the user is signed out; staff resetting their own keep theirs.
        const std::string keep = id == caller.user_id ? caller.session_id : std::string();
        const auto ended = delete_user_sessions(session, id, keep);
        record_event(session, now,
                     {"password_reset",
                      user->id,
                      actor_of(caller.user_id),
                      user->email,
                      remote_of(context.request),
                      {{"sessions_ended", ended}}});
    });
    return http::no_content();
}

}  // namespace

void add_user_routes(http::Router& router, State& state) {
    using http::Access;
    const Access manage = Access::user(http::Permission::UsersManage);
    router.add("GET", "/api/v1/users", manage,
               [&state](const Context& context) { return list(state, context); });
    router.add("POST", "/api/v1/users", manage,
               [&state](const Context& context) { return create(state, context); });
    router.add("GET", "/api/v1/users/{id}", manage,
               [&state](const Context& context) { return show(state, context); });
    router.add("PATCH", "/api/v1/users/{id}", manage,
               [&state](const Context& context) { return update(state, context); });
    router.add("POST", "/api/v1/users/{id}/password", manage,
               [&state](const Context& context) { return reset_password(state, context); });
}

}  // namespace iskra::central::identity::detail
