// The rounding rule and the VAT arithmetic of one line.
#include <gtest/gtest.h>

#include "iskra/tariff/money.hpp"

namespace iskra::tariff {
namespace {

TEST(Money, RoundHalfUpRoundsHalvesAwayFromZero) {
    EXPECT_EQ(round_half_up(5, 10), 1);    // 0.5 → 1
    EXPECT_EQ(round_half_up(4, 10), 0);    // 0.4 → 0
    EXPECT_EQ(round_half_up(15, 10), 2);   // 1.5 → 2
    EXPECT_EQ(round_half_up(-5, 10), -1);  // −0.5 → −1
    EXPECT_EQ(round_half_up(-4, 10), 0);
}

TEST(Money, NetEntryAddsVatRoundedOnTheLine) {
    // 50 gr net × 23 % = 11.5 gr → 12; gross 62.
    EXPECT_EQ(line_amounts(1, 1, UnitPrice::from_grosz(50), VatRate::k23, PriceEntry::kNet),
              (Amounts{50, 12, 62}));
}

TEST(Money, GrossEntrySplitsOutNet) {
    // 200 gr gross at 23 %: net 200 / 1.23 = 162.60 → 163, VAT 37.
    EXPECT_EQ(line_amounts(1, 1, UnitPrice::from_grosz(200), VatRate::k23, PriceEntry::kGross),
              (Amounts{163, 37, 200}));
}

TEST(Money, SubGroszUnitPrice) {
    // 1.2345 zł/kWh = 123.45 gr; 2 kWh = 246.9 gr → 247 net; VAT 0 %.
    EXPECT_EQ(line_amounts(2000, 1000, UnitPrice{1'234'500}, VatRate::k0, PriceEntry::kNet),
              (Amounts{247, 0, 247}));
}

TEST(Money, VatRatesFromPercent) {
    EXPECT_EQ(vat_rate_from_percent(23.0).value(), VatRate::k23);
    EXPECT_EQ(vat_rate_from_percent(5.0).value(), VatRate::k5);
    auto bad = vat_rate_from_percent(7.0);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kBadVatRate);
    EXPECT_EQ(vat_basis_points(VatRate::kExempt), 0);
}

}  // namespace
}  // namespace iskra::tariff
