// The order of authority for a token when central cannot answer (DESIGN.md step 3): the local
// authorisation list central keeps in sync, then the cache of earlier answers, then the
// configured policy for tokens nobody knows. Pure: the caller looks the token up and passes
// the time; the result says who decided and whether central must re-check it later.
#pragma once

#include <optional>

#include "iskra/session/events.hpp"

namespace iskra::gateway {

enum class AuthSource { Central, LocalList, Cache, OfflinePolicy };

std::string_view to_string(AuthSource source);

struct KnownToken {
    AuthSource source = AuthSource::LocalList;  // LocalList or Cache
    session::AuthorizationDecision decision;
};

struct AuthOutcome {
    session::AuthorizationDecision decision;
    AuthSource source = AuthSource::OfflinePolicy;
    bool needs_recheck = false;  // decided without central: central re-checks it on sync
};

AuthOutcome decide_offline(const std::optional<KnownToken>& local_list,
                           const std::optional<KnownToken>& cache, bool accept_unknown,
                           session::Timestamp now);

}  // namespace iskra::gateway
