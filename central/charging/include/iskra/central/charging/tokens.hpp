// Tokens as central owns them, and central's decision about one. Used by this module's routes,
// by central/sync's authorize route and event projection, inside the caller's transaction.
// Free functions over a Poco::Data::Session: stateless, safe from any thread with its own session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Data/Session.h>

namespace iskra::central::charging {

struct TokenRecord {
    std::string id_token;
    std::string token_type;  // session::TokenType's names: "ISO14443", "IdTag", "Central", ...
    std::optional<std::string> user_id;
    std::optional<std::string> contract_id;
    std::string status;  // Accepted | Blocked | Expired | Invalid
    std::optional<std::int64_t> expires_at_ms;
    std::optional<std::string> group_id;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

// The token with exactly this (id, type); failing that, when either side is 1.6's typeless
// "IdTag", the token with this id (the lowest type by name, so the answer is stable).
std::optional<TokenRecord> find_token(Poco::Data::Session& session, std::string_view id,
                                      std::string_view type);

// Every token whose id is one of `ids`, in one statement (a sync batch resolves all of its
// sessions' tokens at once); pick_token then chooses among them by find_token's rule.
std::vector<TokenRecord> tokens_with_ids(Poco::Data::Session& session,
                                         const std::vector<std::string>& ids);
// Pure: what find_token would answer, from candidates that include every token with this id.
std::optional<TokenRecord> pick_token(const std::vector<TokenRecord>& candidates,
                                      std::string_view id, std::string_view type);

struct TokenDecision {
    std::string status;  // Accepted | Blocked | Expired | Invalid | Unknown
    std::optional<std::int64_t> expires_at_ms;
    std::optional<std::string> group_id;
    std::optional<std::string> user_id;
    std::optional<std::string> contract_id;
};

// Pure: an Accepted token past its expiry is Expired; no token is Unknown.
TokenDecision decide(const std::optional<TokenRecord>& token, std::int64_t now_ms);

}  // namespace iskra::central::charging
