#include "iskra/central/sync/gateway_authenticator.hpp"

#include <vector>

#include <Poco/Data/Statement.h>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/crypto/password_hash.hpp"
#include "secrets.hpp"

namespace iskra::central::sync {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::useRef;

struct Credentials {
    std::string gateway_id;
    std::string secret;
};

std::optional<Credentials> bearer_of(const http::Request& request) {
    auto header = request.header("authorization");
    constexpr std::string_view kScheme = "Bearer ";
    if (!header || header->size() <= kScheme.size() || !header->starts_with(kScheme)) {
        return std::nullopt;
    }
    std::string_view token = header->substr(kScheme.size());
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == token.size()) return std::nullopt;
    return Credentials{std::string(token.substr(0, dot)), std::string(token.substr(dot + 1))};
}

bool same_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

struct GatewayRow {
    std::string site_id;
    std::string secret_hash;
};

// The gateway's row if it exists and is enabled.
std::optional<GatewayRow> enabled_gateway(storage::Database& database, const std::string& id) {
    std::vector<std::string> sites;
    std::vector<std::string> hashes;
    auto session = database.session();
    storage::sql(session, "SELECT site_id, secret_hash FROM gateways WHERE id = ? AND enabled = 1"),
        into(sites), into(hashes), useRef(id), now;
    if (sites.empty()) return std::nullopt;
    return GatewayRow{sites.front(), hashes.front()};
}

}  // namespace

GatewayAuthenticator::GatewayAuthenticator(storage::Database& database, http::Authenticator* users,
                                           std::chrono::milliseconds recheck)
    : database_(database), users_(users), recheck_(recheck) {}

std::optional<http::UserPrincipal> GatewayAuthenticator::user(const http::Request& request) {
    if (!users_) return std::nullopt;
    return users_->user(request);
}

std::optional<http::GatewayPrincipal> GatewayAuthenticator::gateway(const http::Request& request) {
    auto credentials = bearer_of(request);
    if (!credentials || credentials->gateway_id.size() > 64) return std::nullopt;
    const std::string digest = detail::sha256_hex(credentials->secret);
    const auto now_time = std::chrono::steady_clock::now();
    std::optional<Verified> cached;
    {
        std::lock_guard lock(mutex_);
        auto found = verified_.find(credentials->gateway_id);
        // A different secret goes the slow way: it may be a newly issued one.
        if (found != verified_.end() && same_text(found->second.secret_sha256, digest)) {
            if (now_time - found->second.checked_at < recheck_) {
                return http::GatewayPrincipal{credentials->gateway_id, found->second.site_id};
            }
            cached = found->second;
        }
    }
    // Unknown, stale or never verified: read the row (enabled? same hash?) outside the lock.
    std::optional<GatewayRow> row;
    try {
        row = enabled_gateway(database_, credentials->gateway_id);
    } catch (const storage::DatabaseException&) {
        // A busy database must not lock out a gateway verified a moment ago; one never
        // verified is told to come back (503), not that its secret is wrong (401).
        if (cached) return http::GatewayPrincipal{credentials->gateway_id, cached->site_id};
        throw http::ApiError{503, "database_busy", "central is busy; try again later", {}};
    }
    if (!row) {
        forget(credentials->gateway_id);
        return std::nullopt;
    }
    const bool still_valid = cached && cached->secret_hash == row->secret_hash;
    if (!still_valid && !crypto::verify_password(row->secret_hash, credentials->secret)) {
        return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    verified_[credentials->gateway_id] = Verified{digest, row->secret_hash, row->site_id, now_time};
    return http::GatewayPrincipal{credentials->gateway_id, row->site_id};
}

void GatewayAuthenticator::forget(const std::string& gateway_id) {
    std::lock_guard lock(mutex_);
    verified_.erase(gateway_id);
}

}  // namespace iskra::central::sync
