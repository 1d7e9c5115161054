// The random values of the protocol and how they are stored: enrolment codes (SHA-256, they are
// random and short-lived) and gateway secrets (256 random bits, base64url). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace iskra::central::sync::detail {

std::string sha256_hex(std::string_view text);

// "K7QF-2MXD-9PLA-RT4E": 16 characters of Crockford's base32 (80 random bits), grouped by four
// so a technician can type it.
std::string new_enrolment_code();

// What a typed code is compared as: upper case, without dashes and spaces, so "k7qf 2mxd..."
// from a phone's keyboard still matches.
std::string normalise_code(std::string_view code);

// 32 random bytes as base64url without padding: 43 characters.
std::string new_gateway_secret();

}  // namespace iskra::central::sync::detail
