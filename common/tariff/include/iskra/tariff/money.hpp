// Money for the tariff engine: integer grosz for amounts, unit prices at 1/10,000 of a grosz,
// the allowed VAT rates, and the one rounding rule (per line, half up) that turns a quantity
// times a unit price into net, VAT and gross. Pure values; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

#include <tl/expected.hpp>

#include "iskra/tariff/error.hpp"

namespace iskra::tariff {

using Grosz = std::int64_t;

// A unit price in 1/10,000 of a grosz (1e-6 PLN), e.g. 1.23 zł/kWh = 1,230,000. Held this fine so
// that a per-minute price converted to OCPI's per-hour unit, or a gross price, stays exact.
struct UnitPrice {
    static constexpr std::int64_t kPerGrosz = 10'000;
    std::int64_t value = 0;

    static constexpr UnitPrice from_grosz(std::int64_t grosz) { return {grosz * kPerGrosz}; }
    // A price per minute held in OCPI's per-hour unit, exactly.
    static constexpr UnitPrice per_minute_as_per_hour(UnitPrice per_minute) {
        return {per_minute.value * 60};
    }
    bool operator==(const UnitPrice&) const = default;
};

// The rates Polish VAT law gives; "exempt" (zw.) differs from 0 % on the invoice, not in the sum.
enum class VatRate : std::uint8_t { k23, k8, k5, k0, kExempt };

// Basis points (2300 for 23 %); 0 for both 0 % and exempt.
std::int64_t vat_basis_points(VatRate rate);
std::string_view vat_label(VatRate rate);  // "23%", "8%", "5%", "0%", "zw"
// From a percentage as OCPI's `vat` field holds it; anything else is an error naming the rate.
tl::expected<VatRate, TariffError> vat_rate_from_percent(double percent);

// Whether the operator typed a tariff's prices without VAT (net) or with it (gross).
enum class PriceEntry : std::uint8_t { kNet, kGross };

struct Amounts {
    Grosz net = 0;
    Grosz vat = 0;
    Grosz gross = 0;
    bool operator==(const Amounts&) const = default;
};

// THE rounding rule, in one place. A line's exact value is quantity × unit price ÷ (divisor ×
// 10,000) grosz, where divisor is how many quantity units the price is for (1000 Wh per kWh,
// 3,600,000 ms per hour, 1 per session, the days of a month). That value is rounded once, half up
// (half away from zero), to whole grosz: the net for net-entered prices, the gross for
// gross-entered ones. Then, for net entry, VAT = net × rate rounded half up and gross = net + VAT;
// for gross entry, net = gross ÷ (1 + rate) rounded half up and VAT = gross − net. So net + VAT =
// gross on every line and a total is the plain sum of its lines.
Amounts line_amounts(std::int64_t quantity, std::int64_t divisor, UnitPrice price, VatRate rate,
                     PriceEntry entry);

// Half-up (away from zero) division of integers; den > 0. Exposed for the tests of the rule.
std::int64_t round_half_up(std::int64_t num, std::int64_t den);

}  // namespace iskra::tariff
