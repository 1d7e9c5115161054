// What a valid email, display name and password are. Pure; each check throws http::ApiError
// (400 naming the field) so route handlers and create_user() share one set of rules.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iskra::central::identity {

inline constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321's limit on a path
inline constexpr std::size_t kMaxDisplayNameBytes = 200;
inline constexpr std::size_t kMinPasswordCharacters = 10;
// Argon2 takes any length; the cap keeps a megabyte "password" from costing a request hashing it.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Trims, lower-cases ASCII letters, and checks the shape: one '@' with text on both sides, a
// dot in the domain, no spaces or control characters. Throws 400 naming `field`.
std::string normalise_email(std::string_view email, std::string_view field = "email");

// Trims and checks for 1..kMaxDisplayNameBytes bytes without control characters.
std::string check_display_name(std::string_view name, std::string_view field = "display_name");

// A new password: at least kMinPasswordCharacters characters (code points), at most
// kMaxPasswordBytes bytes, not the account's email in any case. Throws 400 naming `field`.
void check_new_password(std::string_view password, std::string_view normalised_email,
                        std::string_view field = "password");

// Number of UTF-8 code points (continuation bytes not counted).
std::size_t utf8_length(std::string_view text);

// At most `max_bytes` of valid UTF-8 `text`, never cutting a character in two (PostgreSQL
// refuses a broken sequence in a TEXT column).
std::string cut_utf8(std::string_view text, std::size_t max_bytes);

// A header value (User-Agent) for the database: printable ASCII kept, any other byte '?', at
// most `max_bytes`. Headers are not guaranteed to be UTF-8.
std::string printable_ascii(std::string_view text, std::size_t max_bytes);

}  // namespace iskra::central::identity
