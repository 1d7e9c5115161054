// Subscription pro rata and the RFID card fee.
#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;

Tariff with_fees() {
    Tariff t = tariff({element({comp(ComponentType::kEnergy, gr(100))})}, PriceEntry::kGross);
    t.subscription_monthly = Fee{gr(3000), VatRate::k23};
    t.card_issuing = Fee{gr(2000), VatRate::k23};
    return t;
}

TEST(Subscription, SignedOnThe17thOfA31DayMonth) {
    // March 2027: days 17..31 = 15 of 31; 3000 × 15 / 31 = 1451.61 → 1452 gross; net 1452/1.23 =
    // 1180.49 → 1180.
    auto p = price_subscription(with_fees(), 2027y / March / 17d, 2027y / March);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->lines.at(0).quantity, 15);
    EXPECT_EQ(p->lines.at(0).divisor, 31);
    EXPECT_EQ(p->total, (Amounts{1180, 272, 1452}));
}

TEST(Subscription, SignedOnThe17thOfFebruary) {
    // February 2027 (28 days): 17..28 = 12 days; 3000 × 12 / 28 = 1285.71 → 1286.
    auto p = price_subscription(with_fees(), 2027y / February / 17d, 2027y / February);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->total.gross, 1286);
    // February 2028 (leap, 29 days): 13 days; 3000 × 13 / 29 = 1344.83 → 1345.
    EXPECT_EQ(
        price_subscription(with_fees(), 2028y / February / 17d, 2028y / February)->total.gross,
        1345);
}

TEST(Subscription, LaterMonthsAreWholeAndEarlierOnesRefused) {
    EXPECT_EQ(price_subscription(with_fees(), 2027y / March / 17d, 2027y / April)->total.gross,
              3000);
    auto before = price_subscription(with_fees(), 2027y / March / 17d, 2027y / February);
    ASSERT_FALSE(before);
    EXPECT_EQ(before.error().code, ErrorCode::kNotApplicable);
}

TEST(CardFee, SubscribersOnly) {
    // 20 zł gross: net 2000/1.23 = 1626.02 → 1626, VAT 374.
    EXPECT_EQ(price_card_issuing(with_fees(), CustomerKind::kSubscriber)->total,
              (Amounts{1626, 374, 2000}));
    auto adhoc = price_card_issuing(with_fees(), CustomerKind::kAdHoc);
    ASSERT_FALSE(adhoc);
    EXPECT_EQ(adhoc.error().field, "customer");
}

}  // namespace
}  // namespace iskra::tariff
