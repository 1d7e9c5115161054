#include "iskra/gateway/station_registry.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "iskra/crypto/password_hash.hpp"

namespace iskra::gateway {
namespace {

// HMAC-SHA256 under a key that lives only in this process: what we remember of a verified
// password is useless outside it.
std::string keyed_digest(const std::string& key, std::string_view text) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(text.data()), text.size(), out, &length);
    return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace

StationRegistry::StationRegistry(int security_profile, bool accept_unknown)
    : security_profile_(security_profile),
      accept_unknown_(accept_unknown),
      digest_key_(crypto::random_hex(32)) {}

void StationRegistry::set(std::string station_id, StationEntry entry) {
    verified_.erase(station_id);
    stations_.insert_or_assign(std::move(station_id), std::move(entry));
}

void StationRegistry::remove(std::string_view station_id) {
    if (auto it = stations_.find(station_id); it != stations_.end()) stations_.erase(it);
    if (auto it = verified_.find(station_id); it != verified_.end()) verified_.erase(it);
}

const StationEntry* StationRegistry::find(std::string_view station_id) const {
    const auto it = stations_.find(station_id);
    return it == stations_.end() ? nullptr : &it->second;
}

bool StationRegistry::password_matches(std::string_view station_id, const StationEntry& entry,
                                       std::string_view password) {
    const std::string digest = keyed_digest(digest_key_, password);
    if (auto it = verified_.find(station_id); it != verified_.end() && it->second == digest) {
        return true;
    }
    if (!crypto::verify_password(entry.password_hash, password)) return false;
    verified_.insert_or_assign(std::string(station_id), digest);
    return true;
}

Admission StationRegistry::admit(std::string_view station_id, ocpp::Version /*version*/,
                                 const std::optional<BasicCredentials>& credentials,
                                 bool tls_client_certificate) {
    const StationEntry* entry = find(station_id);
    if (entry == nullptr && !accept_unknown_) {
        return {false, "unknown station (not on the allow-list)", Refusal::UnknownStation};
    }
    if (entry != nullptr && entry->standing == StationStanding::Rejected) {
        return {false, "station is rejected on the allow-list", Refusal::Forbidden};
    }
    if (security_profile_ == 3 && !tls_client_certificate) {
        // TLS already demanded a certificate our CA signed: this one is genuine but names
        // another station. Credentials were given and refused, so 403; a 401 would ask for
        // HTTP basic authentication, which profile 3 does not use.
        return {false, "security profile 3 needs a client certificate naming the station",
                Refusal::Forbidden};
    }
    if (security_profile_ == 1 || security_profile_ == 2) {
        if (!credentials) {
            return {false, "security profile needs HTTP basic authentication",
                    Refusal::Unauthenticated};
        }
        if (credentials->user != station_id) {
            return {false, "basic auth user '" + credentials->user + "' is not the station id",
                    Refusal::Unauthenticated};
        }
        // A station accepted for commissioning has no password yet: it cannot be checked.
        if (entry != nullptr && !entry->password_hash.empty() &&
            !password_matches(station_id, *entry, credentials->password)) {
            return {false, "wrong password", Refusal::Unauthenticated};
        }
        if (entry != nullptr && entry->password_hash.empty() && !accept_unknown_) {
            return {false, "no password is set for this station", Refusal::Unauthenticated};
        }
    }
    return {true, "", Refusal::Forbidden};
}

BootAnswer StationRegistry::boot_answer(std::string_view station_id) const {
    const StationEntry* entry = find(station_id);
    if (entry == nullptr) return accept_unknown_ ? BootAnswer::Accepted : BootAnswer::Rejected;
    switch (entry->standing) {
        case StationStanding::Allowed:
            return BootAnswer::Accepted;
        case StationStanding::Pending:
            return BootAnswer::Pending;
        case StationStanding::Rejected:
            return BootAnswer::Rejected;
    }
    return BootAnswer::Rejected;
}

}  // namespace iskra::gateway
