// The lock-out rule as values and pure functions of `now`, so the arithmetic is tested without a
// database: N consecutive wrong passwords lock the account for M; the lock ends by itself, and
// the count starts again from zero when it does.
#pragma once

#include <cstdint>
#include <optional>

namespace iskra::central::identity {

struct LoginState {
    int failed_logins = 0;
    std::optional<std::int64_t> locked_until_ms;
};

struct LockoutPolicy {
    int max_failures = 5;
    std::int64_t lockout_ms = 15 * 60 * 1000;
};

// Whether a login is refused at `now_ms` whatever the password.
bool is_locked(const LoginState& state, std::int64_t now_ms);

// The state after a wrong password at `now_ms` (not called while locked). Reaching the limit
// sets locked_until_ms = now + lockout.
LoginState after_failure(const LoginState& state, std::int64_t now_ms, const LockoutPolicy& policy);

// After a right password, or an administrator's unlock: nothing counted, nothing locked.
LoginState cleared();

}  // namespace iskra::central::identity
