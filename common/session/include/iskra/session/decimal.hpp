// Exact decimal arithmetic for meter readings: "12.345" kWh must become 12345 Wh, not 12344,
// so values are scaled by powers of ten on their digits, never through binary floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iskra::session {

// A number as written: (-1)^negative × digits × 10^exponent, digits without leading zeros
// ("" for zero).
struct Decimal {
    bool negative = false;
    std::string digits;
    int exponent = 0;

    bool operator==(const Decimal&) const = default;
};

// Accepts [+-]digits[.digits][(e|E)[+-]digits], as JSON numbers and OCPP 1.6 value strings are
// written (a leading '+' or bare ".5"/"5." too, which some stations send). Rejects anything else,
// including a decimal comma, whitespace and exponents beyond ±9999.
std::optional<Decimal> parse_decimal(std::string_view text);

// The shortest decimal that reads back as `value` (12.345 → 12.345, not 12.3449999...), which
// is the number the station wrote in its JSON. `value` must be finite.
Decimal decimal_from_double(double value);

// value × 10^power_of_ten rounded to an integer, half away from zero (…5 rounds up in
// magnitude); nullopt when the result does not fit in int64.
std::optional<std::int64_t> scaled_integer(const Decimal& value, int power_of_ten);

// value × 10^power_of_ten as the nearest double: for quantities (A, V, %) held as doubles.
double scaled_double(const Decimal& value, int power_of_ten);

// The shortest text that reads back as `value`, as OCPP 1.6 value strings are written ("16.5").
std::string format_double(double value);

}  // namespace iskra::session
