// Salted slow hashes for every secret Iskra stores (user passwords, gateway secrets, station
// passwords): Argon2id from Debian's libargon2, in its self-describing encoded form
// ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"), so the cost can be raised later without
// breaking stored hashes. Thread-safe; each call costs tens of milliseconds by design.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace iskra::crypto {

struct HashCost {
    std::uint32_t time_cost = 2;           // iterations
    std::uint32_t memory_kib = 19 * 1024;  // OWASP's minimum for Argon2id
    std::uint32_t parallelism = 1;
};

// Machine secrets (station passwords, gateway secrets) are long and random, so a cheaper cost
// keeps a reconnect storm of thousands of stations from stalling the gateway, while the stored
// hash still reveals nothing usable.
inline constexpr HashCost kMachineSecretCost{1, 4 * 1024, 1};

tl::expected<std::string, std::string> hash_password(std::string_view password, HashCost cost = {});
// False for a wrong password and for an encoded hash that cannot be read.
bool verify_password(std::string_view encoded, std::string_view password);

// Cryptographically random bytes as lower-case hex (2 × `bytes` characters): secrets, salts,
// enrolment codes.
std::string random_hex(std::size_t bytes);

}  // namespace iskra::crypto
