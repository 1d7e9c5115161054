#include "iskra/gateway/offline_authoriser.hpp"

namespace iskra::gateway {

std::string_view to_string(AuthSource source) {
    switch (source) {
        case AuthSource::Central:
            return "central";
        case AuthSource::LocalList:
            return "local_list";
        case AuthSource::Cache:
            return "cache";
        case AuthSource::OfflinePolicy:
            return "offline_policy";
    }
    return "unknown";
}

AuthOutcome decide_offline(const std::optional<KnownToken>& local_list,
                           const std::optional<KnownToken>& cache, bool accept_unknown,
                           session::Timestamp now) {
    const auto expired = [&](const session::AuthorizationDecision& decision) {
        return decision.expires_at && *decision.expires_at <= now;
    };
    // The local list is central's explicit word for offline use, so it wins even when it
    // blocks a token the cache once accepted.
    if (local_list) {
        AuthOutcome outcome{local_list->decision, AuthSource::LocalList, true};
        if (expired(outcome.decision))
            outcome.decision.status = session::AuthorizationStatus::Expired;
        return outcome;
    }
    if (cache && !expired(cache->decision)) {
        return AuthOutcome{cache->decision, AuthSource::Cache, true};
    }
    session::AuthorizationDecision decision;
    // "Unknown" is 2.0.1's word for exactly this; 1.6 hears it as Invalid.
    decision.status = accept_unknown ? session::AuthorizationStatus::Accepted
                                     : session::AuthorizationStatus::Unknown;
    return AuthOutcome{decision, AuthSource::OfflinePolicy, true};
}

}  // namespace iskra::gateway
