// The identity_events log: every login attempt and every change to an account, written in the
// same transaction as the change it describes. Never a password or a cookie value.
// Private to central/identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace iskra::central::identity::detail {

struct Event {
    std::string kind;  // login_succeeded, login_failed, login_locked, login_disabled, logout,
                       // password_changed, password_reset, user_created, user_updated,
                       // account_locked
    std::optional<std::string> user_id;
    std::optional<std::string> actor_id;  // staff acting on someone else; nullopt: the user
    std::string email;
    std::string remote_address;
    nlohmann::json detail = nlohmann::json::object();
};

void record_event(Poco::Data::Session& session, std::int64_t now_ms, const Event& event);

// Who acted, for Event::actor_id: the ops commands' built-in caller has no user row.
std::optional<std::string> actor_of(const std::string& user_id);

}  // namespace iskra::central::identity::detail
