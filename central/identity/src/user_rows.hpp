// The users table as a struct, its reads and writes, and its JSON on the wire (never the
// password hash). Private to central/identity; every function takes the caller's Session so it
// runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

#include "iskra/central/http/access.hpp"
#include "iskra/central/identity/login_policy.hpp"

namespace iskra::central::identity::detail {

inline constexpr const char* kActive = "active";
inline constexpr const char* kDisabled = "disabled";

struct UserRow {
    std::string id;
    std::string email;
    std::string display_name;
    http::Role role = http::Role::Driver;
    std::string password_hash;
    std::string status = kActive;
    LoginState login;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::optional<std::int64_t> last_login_at_ms;
};

std::optional<UserRow> find_user_by_id(Poco::Data::Session& session, const std::string& id);
std::optional<UserRow> find_user_by_email(Poco::Data::Session& session, const std::string& email);

// Throws storage::DatabaseException (UniqueViolation) for an email already taken.
void insert_user(Poco::Data::Session& session, const UserRow& user);
// Writes every column but id and created_at_ms.
void update_user(Poco::Data::Session& session, const UserRow& user);

struct UserFilter {
    std::optional<std::string> role;
    std::optional<std::string> status;
    std::optional<std::string> text;  // substring of email or display name, any case
};
std::int64_t count_users(Poco::Data::Session& session, const UserFilter& filter);
std::vector<UserRow> list_users(Poco::Data::Session& session, const UserFilter& filter,
                                std::int64_t limit, std::int64_t offset);

// {"id", "email", "display_name", "role", "status", "failed_logins", "locked",
//  "locked_until", "created_at", "updated_at", "last_login_at"}
nlohmann::json user_json(const UserRow& user, std::int64_t now_ms);

}  // namespace iskra::central::identity::detail
