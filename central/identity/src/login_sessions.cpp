#include "login_sessions.hpp"

#include <algorithm>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "db.hpp"
#include "iskra/central/identity/identity_module.hpp"
#include "iskra/crypto/password_hash.hpp"

namespace iskra::central::identity::detail {

NewSession new_session_secrets() {
    NewSession secrets;
    secrets.cookie_value = crypto::random_hex(32);
    secrets.id = sha256_hex(secrets.cookie_value);
    secrets.csrf_token = crypto::random_hex(32);
    return secrets;
}

std::string sha256_hex(std::string_view text) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text.data(), static_cast<unsigned>(text.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

bool plausible_cookie_value(std::string_view value) {
    return value.size() == 64 && std::all_of(value.begin(), value.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

void insert_session(Poco::Data::Session& session, const NewSession& secrets,
                    const std::string& user_id, std::int64_t now_ms, std::int64_t expires_at_ms,
                    const std::string& remote_address, const std::string& user_agent) {
    execute(session,
            "INSERT INTO login_sessions (id, user_id, csrf_token, created_at_ms, last_seen_at_ms, "
            "expires_at_ms, remote_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {secrets.id, user_id, secrets.csrf_token, now_ms, now_ms, expires_at_ms, remote_address,
             user_agent});
}

std::optional<SessionRow> find_session(Poco::Data::Session& session, const std::string& id) {
    RecordSet rows = select(session,
                            "SELECT s.id, s.user_id, s.csrf_token, s.created_at_ms, "
                            "s.last_seen_at_ms, s.expires_at_ms, u.email, u.role, u.status "
                            "FROM login_sessions s JOIN users u ON u.id = s.user_id "
                            "WHERE s.id = ?",
                            {id});
    if (rows.rowCount() == 0) return std::nullopt;
    SessionRow row;
    row.id = text(rows, 0, "id");
    row.user_id = text(rows, 0, "user_id");
    row.csrf_token = text(rows, 0, "csrf_token");
    row.created_at_ms = integer(rows, 0, "created_at_ms");
    row.last_seen_at_ms = integer(rows, 0, "last_seen_at_ms");
    row.expires_at_ms = integer(rows, 0, "expires_at_ms");
    row.email = text(rows, 0, "email");
    row.role = http::parse_role(text(rows, 0, "role")).value_or(http::Role::Driver);
    row.status = text(rows, 0, "status");
    return row;
}

void touch_session(Poco::Data::Session& session, const std::string& id, std::int64_t now_ms) {
    execute(session,
            "UPDATE login_sessions SET last_seen_at_ms = ? WHERE id = ? AND last_seen_at_ms < ?",
            {now_ms, id, now_ms});
}

void delete_session(Poco::Data::Session& session, const std::string& id) {
    execute(session, "DELETE FROM login_sessions WHERE id = ?", {id});
}

std::size_t delete_user_sessions(Poco::Data::Session& session, const std::string& user_id,
                                 const std::string& keep) {
    return execute(session, "DELETE FROM login_sessions WHERE user_id = ? AND id <> ?",
                   {user_id, keep});
}

void delete_stale_sessions(Poco::Data::Session& session, const std::string& user_id,
                           std::int64_t now_ms, std::int64_t idle_ms) {
    execute(session,
            "DELETE FROM login_sessions WHERE user_id = ? AND "
            "(expires_at_ms <= ? OR last_seen_at_ms <= ?)",
            {user_id, now_ms, now_ms - idle_ms});
}

std::size_t delete_all_stale_sessions(Poco::Data::Session& session, std::int64_t now_ms,
                                      std::int64_t idle_ms) {
    return execute(session,
                   "DELETE FROM login_sessions WHERE expires_at_ms <= ? OR last_seen_at_ms <= ?",
                   {now_ms, now_ms - idle_ms});
}

std::string session_cookie(const std::string& value, std::int64_t max_age_seconds, bool secure) {
    // SameSite=Strict: no other site's page can make the browser send it, the first line of
    // defence before the CSRF token. HttpOnly: the page's scripts never see it.
    std::string cookie = std::string(kSessionCookie) + "=" + value +
                         "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                         "; HttpOnly; SameSite=Strict";
    if (secure) cookie += "; Secure";
    return cookie;
}

std::string cleared_session_cookie(bool secure) {
    return session_cookie("", 0, secure);
}

}  // namespace iskra::central::identity::detail
