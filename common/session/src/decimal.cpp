#include "iskra/session/decimal.hpp"

#include <charconv>
#include <limits>
#include <system_error>

namespace iskra::session {
namespace {

constexpr int kMaxExponent = 9999;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view text) {
    Decimal out;
    std::size_t at = 0;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        out.negative = text[at] == '-';
        ++at;
    }
    std::string digits;
    int fraction_digits = 0;
    bool any_digit = false;
    while (at < text.size() && is_digit(text[at])) {
        digits.push_back(text[at++]);
        any_digit = true;
    }
    if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && is_digit(text[at])) {
            digits.push_back(text[at++]);
            ++fraction_digits;
            any_digit = true;
        }
    }
    if (!any_digit) return std::nullopt;

    int exponent = 0;
    if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        ++at;
        bool exponent_negative = false;
        if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
            exponent_negative = text[at] == '-';
            ++at;
        }
        const std::size_t first = at;
        while (at < text.size() && is_digit(text[at])) {
            exponent = exponent * 10 + (text[at] - '0');
            if (exponent > kMaxExponent) return std::nullopt;
            ++at;
        }
        if (at == first) return std::nullopt;
        if (exponent_negative) exponent = -exponent;
    }
    if (at != text.size()) return std::nullopt;

    const auto first_significant = digits.find_first_not_of('0');
    if (first_significant == std::string::npos) {
        out.negative = false;  // -0 is 0
        return out;
    }
    out.digits = digits.substr(first_significant);
    out.exponent = exponent - fraction_digits;
    return out;
}

Decimal decimal_from_double(double value) {
    // Shortest round-trip text first, then the exact digits of that text.
    return parse_decimal(format_double(value)).value_or(Decimal{});
}

std::string format_double(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (result.ec != std::errc{}) return "0";
    return std::string(buffer, result.ptr);
}

std::optional<std::int64_t> scaled_integer(const Decimal& value, int power_of_ten) {
    if (value.digits.empty()) return 0;
    const long shift = static_cast<long>(value.exponent) + power_of_ten;
    const long length = static_cast<long>(value.digits.size());
    // Digits that land left of the decimal point, and the first digit dropped to the right.
    const long kept = length + shift;
    if (kept > 19) return std::nullopt;
    std::uint64_t magnitude = 0;
    constexpr std::uint64_t kLimit = std::numeric_limits<std::uint64_t>::max() / 10;
    for (long i = 0; i < kept; ++i) {
        const int digit = i < length ? value.digits[static_cast<std::size_t>(i)] - '0' : 0;
        if (magnitude > kLimit) return std::nullopt;
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(digit);
    }
    const bool round_up =
        kept >= 0 && kept < length && value.digits[static_cast<std::size_t>(kept)] >= '5';
    if (round_up) ++magnitude;

    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > kMax) return std::nullopt;
    const auto signed_magnitude = static_cast<std::int64_t>(magnitude);
    return value.negative ? -signed_magnitude : signed_magnitude;
}

double scaled_double(const Decimal& value, int power_of_ten) {
    if (value.digits.empty()) return 0.0;
    // from_chars rounds correctly, so the digits plus one exponent give the nearest double.
    std::string text = value.negative ? "-" : "";
    text += value.digits;
    text += 'e';
    text += std::to_string(static_cast<long>(value.exponent) + power_of_ten);
    double out = 0.0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    if (result.ec == std::errc::result_out_of_range) {
        if (static_cast<long>(value.exponent) + power_of_ten < 0) {
            return value.negative ? -0.0 : 0.0;
        }
        return value.negative ? -std::numeric_limits<double>::infinity()
                              : std::numeric_limits<double>::infinity();
    }
    return out;
}

}  // namespace iskra::session
