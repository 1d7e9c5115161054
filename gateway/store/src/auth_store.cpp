#include "iskra/gateway/store/auth_store.hpp"

#include <string>

namespace iskra::gateway {
namespace {

std::optional<std::string> group_id(const session::AuthorizationDecision& decision) {
    if (!decision.group) return std::nullopt;
    return decision.group->id;
}

tl::expected<void, StoreError> set_version(Database& db, std::int64_t version) {
    return db.execute("UPDATE local_auth_list_version SET version = ? WHERE singleton = 1",
                      version);
}

tl::expected<void, StoreError> put_entry(Database& db, const LocalListEntry& entry) {
    if (!entry.decision) {
        return db.execute("DELETE FROM local_auth_list WHERE token_id = ?", entry.token.id);
    }
    return db.execute(
        "INSERT INTO local_auth_list (token_id, token_type, status, expires_at, group_id) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_id) DO UPDATE SET "
        "token_type = excluded.token_type, status = excluded.status, "
        "expires_at = excluded.expires_at, group_id = excluded.group_id",
        entry.token.id, session::to_string(entry.token.type),
        session::to_string(entry.decision->status), entry.decision->expires_at,
        group_id(*entry.decision));
}

session::AuthorizationDecision read_decision(const Statement& q) {
    session::AuthorizationDecision decision;
    decision.status = session::parse_authorization_status(q.text(0)).value_or(
        session::AuthorizationStatus::Invalid);
    decision.expires_at = q.optional_timestamp(1);
    if (auto group = q.optional_text(2)) decision.group = session::Token{*group};
    return decision;
}

}  // namespace

std::string_view to_string(AuthorizationSource source) {
    switch (source) {
        case AuthorizationSource::Central:
            return "central";
        case AuthorizationSource::LocalList:
            return "local_list";
        case AuthorizationSource::Cache:
            return "cache";
        case AuthorizationSource::OfflinePolicy:
            return "offline_policy";
    }
    return "";
}

tl::expected<std::optional<TokenLookup>, StoreError> lookup_token(
    Database& db, const session::Token& token, Timestamp now,
    std::optional<std::chrono::seconds> cache_lifetime) {
    {
        auto query = db.prepare(
            "SELECT status, expires_at, group_id FROM local_auth_list WHERE token_id = ?");
        if (!query) return tl::unexpected(query.error());
        if (auto bound = query->bind(token.id); !bound) return tl::unexpected(bound.error());
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) {
            TokenLookup found{read_decision(*query), AuthorizationSource::LocalList};
            if (found.decision.expires_at && *found.decision.expires_at < now) {
                found.decision.status = session::AuthorizationStatus::Expired;
            }
            return found;
        }
    }
    auto query = db.prepare(
        "SELECT status, expires_at, group_id, cached_at FROM auth_cache WHERE token_id = ?");
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(token.id); !bound) return tl::unexpected(bound.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<TokenLookup>();
    TokenLookup found{read_decision(*query), AuthorizationSource::Cache};
    if (found.decision.expires_at && *found.decision.expires_at < now) {
        return std::optional<TokenLookup>();
    }
    const auto cached_at = query->optional_timestamp(3);
    if (cache_lifetime && cached_at && *cached_at + *cache_lifetime < now) {
        return std::optional<TokenLookup>();
    }
    return found;
}

tl::expected<void, StoreError> replace_local_list(Database& db, std::int64_t version,
                                                  const std::vector<LocalListEntry>& entries) {
    if (auto cleared = db.execute("DELETE FROM local_auth_list"); !cleared) return cleared;
    for (const auto& entry : entries) {
        if (!entry.decision) continue;
        if (auto put = put_entry(db, entry); !put) return put;
    }
    return set_version(db, version);
}

tl::expected<void, StoreError> update_local_list(Database& db, std::int64_t version,
                                                 const std::vector<LocalListEntry>& delta) {
    auto current = local_list_version(db);
    if (!current) return tl::unexpected(current.error());
    if (version <= *current) {
        return tl::unexpected(store_error(
            StoreErrorKind::Conflict, "local list update to version " + std::to_string(version) +
                                          " is not above the stored version " +
                                          std::to_string(*current)));
    }
    for (const auto& entry : delta) {
        if (auto put = put_entry(db, entry); !put) return put;
    }
    return set_version(db, version);
}

tl::expected<std::int64_t, StoreError> local_list_version(Database& db) {
    auto query = db.prepare("SELECT version FROM local_auth_list_version WHERE singleton = 1");
    if (!query) return tl::unexpected(query.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    return *row ? query->int64(0) : 0;
}

tl::expected<void, StoreError> cache_decision(Database& db, const session::Token& token,
                                              const session::AuthorizationDecision& decision,
                                              Timestamp now) {
    return db.execute(
        "INSERT INTO auth_cache (token_id, token_type, status, expires_at, group_id, cached_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (token_id) DO UPDATE SET "
        "token_type = excluded.token_type, status = excluded.status, "
        "expires_at = excluded.expires_at, group_id = excluded.group_id, "
        "cached_at = excluded.cached_at",
        token.id, session::to_string(token.type), session::to_string(decision.status),
        decision.expires_at, group_id(decision), now);
}

tl::expected<void, StoreError> clear_cache(Database& db) {
    return db.execute("DELETE FROM auth_cache");
}

}  // namespace iskra::gateway
