// The one rounding rule and the VAT vocabulary; see money.hpp for the rule itself.
#include "iskra/tariff/money.hpp"

#include <cmath>
#include <string>

namespace iskra::tariff {
namespace {

// Products of a quantity and a unit price can pass 2^63 for absurd inputs; 128 bits keep every
// intermediate exact. GCC's extension, marked so -Wpedantic accepts it.
__extension__ using Wide = __int128;

std::int64_t round_wide(Wide num, Wide den) {
    const Wide twice = 2 * num;
    // Half away from zero: for num ≥ 0, floor((2·num + den) / (2·den)).
    if (num >= 0) return static_cast<std::int64_t>((twice + den) / (2 * den));
    return -static_cast<std::int64_t>((-twice + den) / (2 * den));
}

}  // namespace

std::int64_t vat_basis_points(VatRate rate) {
    switch (rate) {
        case VatRate::k23:
            return 2300;
        case VatRate::k8:
            return 800;
        case VatRate::k5:
            return 500;
        case VatRate::k0:
        case VatRate::kExempt:
            return 0;
    }
    return 0;
}

std::string_view vat_label(VatRate rate) {
    switch (rate) {
        case VatRate::k23:
            return "23%";
        case VatRate::k8:
            return "8%";
        case VatRate::k5:
            return "5%";
        case VatRate::k0:
            return "0%";
        case VatRate::kExempt:
            return "zw";
    }
    return "?";
}

tl::expected<VatRate, TariffError> vat_rate_from_percent(double percent) {
    if (percent == 23.0) return VatRate::k23;
    if (percent == 8.0) return VatRate::k8;
    if (percent == 5.0) return VatRate::k5;
    if (percent == 0.0) return VatRate::k0;
    return tl::unexpected(TariffError{
        ErrorCode::kBadVatRate, "vat",
        "VAT rate " + std::to_string(percent) + "% is not one of 23, 8, 5, 0 or exempt"});
}

std::int64_t round_half_up(std::int64_t num, std::int64_t den) {
    return round_wide(num, den);
}

Amounts line_amounts(std::int64_t quantity, std::int64_t divisor, UnitPrice price, VatRate rate,
                     PriceEntry entry) {
    const Wide exact_num = static_cast<Wide>(quantity) * price.value;
    const Wide exact_den = static_cast<Wide>(divisor) * UnitPrice::kPerGrosz;
    const std::int64_t bp = vat_basis_points(rate);
    Amounts a;
    if (entry == PriceEntry::kNet) {
        a.net = round_wide(exact_num, exact_den);
        a.vat = round_wide(static_cast<Wide>(a.net) * bp, 10'000);
        a.gross = a.net + a.vat;
    } else {
        a.gross = round_wide(exact_num, exact_den);
        a.net = round_wide(static_cast<Wide>(a.gross) * 10'000, 10'000 + bp);
        a.vat = a.gross - a.net;
    }
    return a;
}

}  // namespace iskra::tariff
