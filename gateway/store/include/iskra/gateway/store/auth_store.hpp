// Local authorisation as stored: the local list central keeps in sync with the gateway and the
// cache of central's recent answers. lookup_token gives what they say so the caller (the
// service thread, through a store job or a reader) can apply the offline policy; the list and
// cache writes run inside store jobs (store thread).
//
// Tokens are keyed by their id alone: 1.6 idTags carry no type, and a card must be found
// whichever version's station reads it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"
#include "iskra/session/events.hpp"

namespace iskra::gateway {

// Who took an authorisation decision, as logged.
enum class AuthorizationSource { Central, LocalList, Cache, OfflinePolicy };
std::string_view to_string(AuthorizationSource source);

struct LocalListEntry {
    session::Token token;
    // nullopt in a differential update: remove the token from the list.
    std::optional<session::AuthorizationDecision> decision;
};

struct TokenLookup {
    session::AuthorizationDecision decision;
    AuthorizationSource source = AuthorizationSource::LocalList;  // LocalList or Cache
};

// The local list first (an entry past its expiry answers Expired), then the cache (entries past
// their expiry, or older than cache_lifetime when given, are ignored). nullopt: neither knows
// the token, and the offline policy decides.
tl::expected<std::optional<TokenLookup>, StoreError> lookup_token(
    Database& db, const session::Token& token, Timestamp now,
    std::optional<std::chrono::seconds> cache_lifetime = std::nullopt);

// Central's full list: replaces every entry. Entries without a decision are skipped.
tl::expected<void, StoreError> replace_local_list(Database& db, std::int64_t version,
                                                  const std::vector<LocalListEntry>& entries);

// Central's differential update; refused (Conflict) unless `version` is above the stored one,
// so a replayed old delta cannot undo a newer list.
tl::expected<void, StoreError> update_local_list(Database& db, std::int64_t version,
                                                 const std::vector<LocalListEntry>& delta);

// 0: no list was ever received.
tl::expected<std::int64_t, StoreError> local_list_version(Database& db);

// Remembers central's answer for offline use (record_authorization does this for decisions
// from central).
tl::expected<void, StoreError> cache_decision(Database& db, const session::Token& token,
                                              const session::AuthorizationDecision& decision,
                                              Timestamp now);

tl::expected<void, StoreError> clear_cache(Database& db);

}  // namespace iskra::gateway
