#include "iskra/central/identity/login_policy.hpp"

namespace iskra::central::identity {

bool is_locked(const LoginState& state, std::int64_t now_ms) {
    return state.locked_until_ms && now_ms < *state.locked_until_ms;
}

LoginState after_failure(const LoginState& state, std::int64_t now_ms,
                         const LockoutPolicy& policy) {
    // A lock that has run out is forgiven whole: the next N attempts are counted afresh rather
    // than one more wrong password locking again at once.
    LoginState next = state.locked_until_ms ? cleared() : state;
    next.failed_logins += 1;
    if (next.failed_logins >= policy.max_failures)
        next.locked_until_ms = now_ms + policy.lockout_ms;
    return next;
}

LoginState cleared() {
    return LoginState{};
}

}  // namespace iskra::central::identity
