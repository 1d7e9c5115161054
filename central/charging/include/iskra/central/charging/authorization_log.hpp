// The authorisation log: one row per decision about a token, wherever it was taken. Written
// inside the caller's transaction (the authorize route's, or a sync batch's).
//
// A decision is linked to the session it let start (session_uuid): when a session starts with a
// token, the latest decision about that token at that station within kLinkBefore before the
// start (or kLinkAfter after it: the station's clock and the decider's differ a little) that no
// session has taken yet. Gateways do not send the link (a SessionStarted names its token, not
// the decision), so central infers it; the window keeps a decision from an earlier visit from
// being taken by a later session that was never asked about.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

namespace iskra::central::charging {

inline constexpr std::int64_t kLinkBeforeMs = 10 * 60 * 1000;
inline constexpr std::int64_t kLinkAfterMs = 60 * 1000;

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

// Many entries in multi-row INSERTs (a sync batch's), in their order.
void log_authorizations(Poco::Data::Session& session,
                        const std::vector<AuthorizationEntry>& entries);

// A session that started with a token, to be linked to the decision that let it.
struct SessionStart {
    std::string session_uuid;
    std::string station_id;
    std::string id_token;
    std::int64_t started_at_ms = 0;
};

// Pure: the entry `start` links to among `entries` (decisions not yet stored, in the order they
// were taken, all before the start): the latest unlinked one in the window, or none.
std::optional<std::size_t> decision_for(const std::vector<AuthorizationEntry>& entries,
                                        const SessionStart& start);

// Links each start, in order, to the latest unlinked decision already stored, in the window.
// Call it before storing the decisions that came after the starts (log_authorizations), so a
// start never takes a decision taken after it. One prepared statement, executed per start.
void link_stored_authorizations(Poco::Data::Session& session,
                                const std::vector<SessionStart>& starts);

}  // namespace iskra::central::charging
