// The site's allow-list of stations and their credentials: who may connect (at the WebSocket
// upgrade) and what BootNotification answers (Accepted, Pending, Rejected).
//
// Lives on the service thread. Verifying a password costs an Argon2id hash, so a verified
// password is remembered (as a keyed digest, never in clear) and a reconnect costs a lookup.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "iskra/gateway/ocpp_server.hpp"

namespace iskra::gateway {

enum class StationStanding { Allowed, Pending, Rejected };

struct StationEntry {
    StationStanding standing = StationStanding::Allowed;
    std::string password_hash;  // Argon2id, empty when none is set
};

enum class BootAnswer { Accepted, Pending, Rejected };

class StationRegistry : public StationGate {
public:
    StationRegistry(int security_profile, bool accept_unknown);

    void set(std::string station_id, StationEntry entry);
    void remove(std::string_view station_id);
    const StationEntry* find(std::string_view station_id) const;

    Admission admit(std::string_view station_id, ocpp::Version version,
                    const std::optional<BasicCredentials>& credentials,
                    bool tls_client_certificate) override;
    BootAnswer boot_answer(std::string_view station_id) const;

private:
    bool password_matches(std::string_view station_id, const StationEntry& entry,
                          std::string_view password);

    int security_profile_;
    bool accept_unknown_;
    std::map<std::string, StationEntry, std::less<>> stations_;
    std::map<std::string, std::string, std::less<>> verified_;  // station → digest of password
    std::string digest_key_;
};

}  // namespace iskra::gateway
