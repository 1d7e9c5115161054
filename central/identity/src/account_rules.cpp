#include "iskra/central/identity/account_rules.hpp"

#include <algorithm>

#include "iskra/central/http/api_error.hpp"

namespace iskra::central::identity {
namespace {

using http::ApiError;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

ApiError bad(std::string_view field, const std::string& message) {
    return ApiError::bad_request(std::string(field), std::string(field) + " " + message);
}

}  // namespace

std::string normalise_email(std::string_view email, std::string_view field) {
    email = trim(email);
    if (email.empty()) throw bad(field, "is required");
    if (email.size() > kMaxEmailBytes) {
        throw bad(field, "is longer than " + std::to_string(kMaxEmailBytes) + " bytes");
    }
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    const auto at = out.find('@');
    const bool one_at = at != std::string::npos && out.find('@', at + 1) == std::string::npos;
    const bool shaped = one_at && at > 0 && at + 1 < out.size() &&
                        out.find('.', at + 2) != std::string::npos && out.back() != '.';
    const bool clean =
        std::none_of(out.begin(), out.end(), [](char c) { return c == ' ' || is_control(c); });
    if (!shaped || !clean) throw bad(field, "is not an email address like name@example.com");
    return out;
}

std::string check_display_name(std::string_view name, std::string_view field) {
    name = trim(name);
    if (name.empty()) throw bad(field, "must not be empty");
    if (name.size() > kMaxDisplayNameBytes) {
        throw bad(field, "is longer than " + std::to_string(kMaxDisplayNameBytes) + " bytes");
    }
    if (std::any_of(name.begin(), name.end(), is_control)) {
        throw bad(field, "must not hold control characters");
    }
    return std::string(name);
}

void check_new_password(std::string_view password, std::string_view normalised_email,
                        std::string_view field) {
    if (password.size() > kMaxPasswordBytes) {
        throw bad(field, "is longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
    }
    if (utf8_length(password) < kMinPasswordCharacters) {
        throw bad(field, "must be at least " + std::to_string(kMinPasswordCharacters) +
                             " characters long");
    }
    std::string lowered(trim(password));
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (lowered == normalised_email) throw bad(field, "must not be the account's email");
}

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end));
}

std::string printable_ascii(std::string_view text, std::size_t max_bytes) {
    std::string out(text.substr(0, max_bytes));
    for (char& c : out) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7e) c = '?';
    }
    return out;
}

}  // namespace iskra::central::identity
