// Login sessions: the cookie's random value, what the database keeps of it (its SHA-256 only),
// the rows, and the Set-Cookie headers. Private to central/identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/Data/Session.h>

#include "iskra/central/http/access.hpp"

namespace iskra::central::identity::detail {

struct NewSession {
    std::string cookie_value;  // goes to the browser only
    std::string id;            // SHA-256 hex of cookie_value: the primary key
    std::string csrf_token;
};
NewSession new_session_secrets();

std::string sha256_hex(std::string_view text);
// 64 lower-case hex digits, as new_session_secrets() makes them: anything else is not looked up.
bool plausible_cookie_value(std::string_view value);

struct SessionRow {
    std::string id;
    std::string user_id;
    std::string csrf_token;
    std::int64_t created_at_ms = 0;
    std::int64_t last_seen_at_ms = 0;
    std::int64_t expires_at_ms = 0;
    // The user's, joined.
    std::string email;
    http::Role role = http::Role::Driver;
    std::string status;
};

void insert_session(Poco::Data::Session& session, const NewSession& secrets,
                    const std::string& user_id, std::int64_t now_ms, std::int64_t expires_at_ms,
                    const std::string& remote_address, const std::string& user_agent);
std::optional<SessionRow> find_session(Poco::Data::Session& session, const std::string& id);
// Moves last_seen to now unless another request already did.
void touch_session(Poco::Data::Session& session, const std::string& id, std::int64_t now_ms);
void delete_session(Poco::Data::Session& session, const std::string& id);
// Every session of the user but `keep` (empty: all of them). Returns how many ended.
std::size_t delete_user_sessions(Poco::Data::Session& session, const std::string& user_id,
                                 const std::string& keep = {});
// The user's sessions past their lifetime or idle for `idle_ms`.
void delete_stale_sessions(Poco::Data::Session& session, const std::string& user_id,
                           std::int64_t now_ms, std::int64_t idle_ms);

// Everyone's, for the periodic purge. Returns how many.
std::size_t delete_all_stale_sessions(Poco::Data::Session& session, std::int64_t now_ms,
                                      std::int64_t idle_ms);

// "iskra_session=VALUE; Path=/; Max-Age=N; HttpOnly; SameSite=Strict[; Secure]"
std::string session_cookie(const std::string& value, std::int64_t max_age_seconds, bool secure);
// The same cookie emptied with Max-Age=0, which makes the browser drop it.
std::string cleared_session_cookie(bool secure);

}  // namespace iskra::central::identity::detail
