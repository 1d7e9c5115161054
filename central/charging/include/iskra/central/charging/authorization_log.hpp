// The authorisation log: one row per decision about a token, wherever it was taken. Written
// inside the caller's transaction (the authorize route's, or a sync batch's).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>

namespace iskra::central::charging {

struct AuthorizationEntry {
    std::int64_t at_ms = 0;
    std::string gateway_id;
    std::string station_id;
    std::string id_token;
    std::string token_type;
    std::string status;
    // central | local_list | cache | offline_policy, or gateway when the gateway's event did not
    // say which of its own sources decided.
    std::string source;
    std::optional<std::string> session_uuid;
};

void log_authorization(Poco::Data::Session& session, const AuthorizationEntry& entry);

}  // namespace iskra::central::charging
