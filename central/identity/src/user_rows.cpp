#include "user_rows.hpp"

#include <algorithm>
#include <vector>

#include "db.hpp"
#include "iskra/central/identity/login_policy.hpp"

namespace iskra::central::identity::detail {
namespace {

const std::string kColumns =
    "id, email, display_name, role, password_hash, status, failed_logins, locked_until_ms, "
    "created_at_ms, updated_at_ms, last_login_at_ms";

std::vector<UserRow> rows_of(const RecordSet& rows) {
    std::vector<UserRow> out;
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        UserRow user;
        user.id = text(rows, i, "id");
        user.email = text(rows, i, "email");
        user.display_name = text(rows, i, "display_name");
        // A role this binary does not know (written by a newer one) gets the least rights.
        user.role = http::parse_role(text(rows, i, "role")).value_or(http::Role::Driver);
        user.password_hash = text(rows, i, "password_hash");
        user.status = text(rows, i, "status");
        user.login.failed_logins = static_cast<int>(integer(rows, i, "failed_logins"));
        user.login.locked_until_ms = opt_integer(rows, i, "locked_until_ms");
        user.created_at_ms = integer(rows, i, "created_at_ms");
        user.updated_at_ms = integer(rows, i, "updated_at_ms");
        user.last_login_at_ms = opt_integer(rows, i, "last_login_at_ms");
        out.push_back(std::move(user));
    }
    return out;
}

std::optional<UserRow> first(std::vector<UserRow> rows) {
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

// LIKE's own wildcards in what the user typed match themselves.
std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out + "%";
}

std::string where_of(const UserFilter& filter, std::vector<Param>& params) {
    std::string where = " WHERE 1 = 1";
    if (filter.role) {
        where += " AND role = ?";
        params.emplace_back(*filter.role);
    }
    if (filter.status) {
        where += " AND status = ?";
        params.emplace_back(*filter.status);
    }
    if (filter.text) {
        where += " AND (lower(email) LIKE ? ESCAPE '!' OR lower(display_name) LIKE ? ESCAPE '!')";
        params.emplace_back(like_pattern(*filter.text));
        params.emplace_back(like_pattern(*filter.text));
    }
    return where;
}

}  // namespace

std::optional<UserRow> find_user_by_id(Poco::Data::Session& session, const std::string& id) {
    return first(rows_of(select(session, "SELECT " + kColumns + " FROM users WHERE id = ?", {id})));
}

std::optional<UserRow> find_user_by_email(Poco::Data::Session& session, const std::string& email) {
    return first(
        rows_of(select(session, "SELECT " + kColumns + " FROM users WHERE email = ?", {email})));
}

void insert_user(Poco::Data::Session& session, const UserRow& user) {
    execute(session,
            "INSERT INTO users (" + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {user.id, user.email, user.display_name, std::string(http::to_string(user.role)),
             user.password_hash, user.status, std::int64_t{user.login.failed_logins},
             nullable(user.login.locked_until_ms), user.created_at_ms, user.updated_at_ms,
             nullable(user.last_login_at_ms)});
}

void update_user(Poco::Data::Session& session, const UserRow& user) {
    execute(
        session,
        "UPDATE users SET email = ?, display_name = ?, role = ?, password_hash = ?, "
        "status = ?, failed_logins = ?, locked_until_ms = ?, updated_at_ms = ?, "
        "last_login_at_ms = ? WHERE id = ?",
        {user.email, user.display_name, std::string(http::to_string(user.role)), user.password_hash,
         user.status, std::int64_t{user.login.failed_logins}, nullable(user.login.locked_until_ms),
         user.updated_at_ms, nullable(user.last_login_at_ms), user.id});
}

std::int64_t count_users(Poco::Data::Session& session, const UserFilter& filter) {
    std::vector<Param> params;
    const std::string where = where_of(filter, params);
    return count(session, "SELECT COUNT(*) FROM users" + where, params);
}

std::vector<UserRow> list_users(Poco::Data::Session& session, const UserFilter& filter,
                                std::int64_t limit, std::int64_t offset) {
    std::vector<Param> params;
    const std::string where = where_of(filter, params);
    params.emplace_back(limit);
    params.emplace_back(offset);
    return rows_of(select(session,
                          "SELECT " + kColumns + " FROM users" + where +
                              " ORDER BY created_at_ms, id LIMIT ? OFFSET ?",
                          params));
}

nlohmann::json user_json(const UserRow& user, std::int64_t now_ms) {
    const bool locked = is_locked(user.login, now_ms);
    return {{"id", user.id},
            {"email", user.email},
            {"display_name", user.display_name},
            {"role", http::to_string(user.role)},
            {"status", user.status},
            {"failed_logins", user.login.failed_logins},
            {"locked", locked},
            {"locked_until", locked ? iso(*user.login.locked_until_ms) : nlohmann::json(nullptr)},
            {"created_at", iso(user.created_at_ms)},
            {"updated_at", iso(user.updated_at_ms)},
            {"last_login_at", iso_or_null(user.last_login_at_ms)}};
}

}  // namespace iskra::central::identity::detail
