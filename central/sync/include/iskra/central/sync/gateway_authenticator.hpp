// The gateway half of http::Authenticator: `Authorization: Bearer <gateway_id>.<secret>`
// checked against the Argon2id hash in gateways.secret_hash (common/sync/README.md, "Identity").
//
// Why a cache: Argon2id costs milliseconds by design and a gateway sends a request every few
// seconds (more while catching up). After one successful verification the SHA-256 of the
// secret is kept in memory, so later requests cost a hash and a map lookup. The gateway's row is
// re-read at most every `recheck` (default 5 s), so a gateway disabled by staff, or given a new
// secret, is refused within that time on every central instance.
//
// Thread-safe: called by every HTTP worker thread at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "iskra/central/http/dispatcher.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central::sync {

class GatewayAuthenticator final : public http::Authenticator {
public:
    // `users` answers user(); nullptr refuses every user (a gateway-only dispatcher, tests).
    GatewayAuthenticator(storage::Database& database, http::Authenticator* users,
                         std::chrono::milliseconds recheck = std::chrono::seconds(5));

    std::optional<http::UserPrincipal> user(const http::Request& request) override;
    std::optional<http::GatewayPrincipal> gateway(const http::Request& request) override;

    // Drops the cached verification of one gateway (a new secret was issued).
    void forget(const std::string& gateway_id);

private:
    struct Verified {
        std::string secret_sha256;  // of the secret that passed Argon2id
        std::string secret_hash;    // the Argon2id hash it passed, to notice a new one
        std::string site_id;
        std::chrono::steady_clock::time_point checked_at;
    };

    storage::Database& database_;
    http::Authenticator* users_;
    const std::chrono::milliseconds recheck_;
    std::mutex mutex_;
    std::map<std::string, Verified> verified_;  // GUARDED_BY(mutex_), by gateway id
};

}  // namespace iskra::central::sync
