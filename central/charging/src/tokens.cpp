#include "iskra/central/charging/tokens.hpp"

#include <algorithm>

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"
#include "row_values.hpp"

namespace iskra::central::charging {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::useRef;

constexpr const char* kSelect =
    "SELECT id_token, token_type, user_id, contract_id, status, expires_at_ms, group_id, "
    "created_at_ms, updated_at_ms FROM tokens ";

std::optional<TokenRecord> select_one(Poco::Data::Session& session, const std::string& where,
                                      const std::string& id, const std::string& type) {
    TokenRecord r;
    Poco::Nullable<std::string> user_id;
    Poco::Nullable<std::string> contract_id;
    Poco::Nullable<Poco::Int64> expires;
    Poco::Nullable<std::string> group;
    Poco::Int64 created = 0;
    Poco::Int64 updated = 0;
    std::string text = std::string(kSelect) + where + " ORDER BY token_type LIMIT 1";
    Poco::Data::Statement statement = storage::sql(session, text);
    statement, into(r.id_token), into(r.token_type), into(user_id), into(contract_id),
        into(r.status), into(expires), into(group), into(created), into(updated), useRef(id);
    if (!type.empty()) statement, useRef(type);
    if (statement.execute() == 0) return std::nullopt;
    r.user_id = detail::optional_of(user_id);
    r.contract_id = detail::optional_of(contract_id);
    r.expires_at_ms = detail::optional_of(expires);
    r.group_id = detail::optional_of(group);
    r.created_at_ms = created;
    r.updated_at_ms = updated;
    return r;
}

}  // namespace

std::optional<TokenRecord> find_token(Poco::Data::Session& session, std::string_view id,
                                      std::string_view type) {
    const std::string id_text(id);
    const std::string type_text(type);
    if (auto exact =
            select_one(session, "WHERE id_token = ? AND token_type = ?", id_text, type_text)) {
        return exact;
    }
    // 1.6 idTags carry no type: the same card is "IdTag" from a 1.6 station and "ISO14443"
    // from a 2.0.1 one, and staff register it once.
    if (type == "IdTag") return select_one(session, "WHERE id_token = ?", id_text, {});
    return select_one(session, "WHERE id_token = ? AND token_type = 'IdTag'", id_text, {});
}

std::vector<TokenRecord> tokens_with_ids(Poco::Data::Session& session,
                                         const std::vector<std::string>& ids) {
    std::vector<TokenRecord> out;
    constexpr std::size_t kChunk = 500;
    for (std::size_t start = 0; start < ids.size(); start += kChunk) {
        const std::size_t end = std::min(ids.size(), start + kChunk);
        std::string text = std::string(kSelect) + "WHERE id_token IN (";
        for (std::size_t i = start; i < end; ++i)
            text += i == start ? "?" : ", ?";
        text += ")";
        std::vector<std::string> id_tokens;
        std::vector<std::string> types;
        std::vector<Poco::Nullable<std::string>> users;
        std::vector<Poco::Nullable<std::string>> contracts;
        std::vector<std::string> statuses;
        std::vector<Poco::Nullable<Poco::Int64>> expires;
        std::vector<Poco::Nullable<std::string>> groups;
        std::vector<Poco::Int64> created;
        std::vector<Poco::Int64> updated;
        Poco::Data::Statement statement = storage::sql(session, text);
        statement, into(id_tokens), into(types), into(users), into(contracts), into(statuses),
            into(expires), into(groups), into(created), into(updated);
        for (std::size_t i = start; i < end; ++i)
            statement, useRef(ids[i]);
        statement.execute();
        for (std::size_t i = 0; i < id_tokens.size(); ++i) {
            out.push_back({id_tokens[i], types[i], detail::optional_of(users[i]),
                           detail::optional_of(contracts[i]), statuses[i],
                           detail::optional_of(expires[i]), detail::optional_of(groups[i]),
                           created[i], updated[i]});
        }
    }
    return out;
}

std::optional<TokenRecord> pick_token(const std::vector<TokenRecord>& candidates,
                                      std::string_view id, std::string_view type) {
    const TokenRecord* fallback = nullptr;
    for (const auto& token : candidates) {
        if (token.id_token != id) continue;
        if (token.token_type == type) return token;
        // The same rule as find_token: an IdTag asks for any type, any other type falls back
        // to the IdTag; the lowest type by name, so the answer is stable.
        if (type == "IdTag" || token.token_type == "IdTag") {
            if (fallback == nullptr || token.token_type < fallback->token_type) fallback = &token;
        }
    }
    if (fallback == nullptr) return std::nullopt;
    return *fallback;
}

TokenDecision decide(const std::optional<TokenRecord>& token, std::int64_t now_ms) {
    if (!token) return TokenDecision{"Unknown", {}, {}, {}, {}};
    TokenDecision decision{token->status, token->expires_at_ms, token->group_id, token->user_id,
                           token->contract_id};
    if (decision.status == "Accepted" && token->expires_at_ms && *token->expires_at_ms <= now_ms) {
        decision.status = "Expired";
    }
    return decision;
}

}  // namespace iskra::central::charging
