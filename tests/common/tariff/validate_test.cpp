// Tariffs the central API must refuse, each error naming its field.
#include <gtest/gtest.h>

#include "tariff_builders.hpp"

namespace iskra::tariff {
namespace {

using namespace testing;
using CT = ComponentType;

Restrictions window(int from_h, int to_h) {
    Restrictions r;
    r.start_time = std::chrono::hours{from_h};
    r.end_time = std::chrono::hours{to_h};
    return r;
}

TEST(Validate, NegativePrice) {
    auto e = validate(tariff({element({comp(CT::kEnergy, gr(-1))})}));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::kNegativePrice);
    EXPECT_EQ(e.error().field, "elements/0/price_components/0/price");
}

TEST(Validate, StepSizeAtLeastOne) {
    EXPECT_EQ(validate(tariff({element({comp(CT::kTime, gr(1), VatRate::k23, 0)})})).error().code,
              ErrorCode::kBadStepSize);
}

TEST(Validate, OverlappingWindowsForOneDimension) {
    // 20–23 and 22–06 both price ENERGY at 22:30.
    auto e = validate(tariff({element({comp(CT::kEnergy, gr(1))}, window(20, 23)),
                              element({comp(CT::kEnergy, gr(2))}, window(22, 6))}));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::kOverlappingElements);
    EXPECT_EQ(e.error().field, "elements/1/restrictions");
}

TEST(Validate, DisjointWindowsAndAFallbackAreFine) {
    EXPECT_TRUE(validate(tariff({element({comp(CT::kEnergy, gr(1))}, window(6, 22)),
                                 element({comp(CT::kEnergy, gr(2))}, window(22, 6)),
                                 element({comp(CT::kEnergy, gr(3))})})));
    // Overlapping windows pricing different dimensions do not compete.
    EXPECT_TRUE(validate(tariff({element({comp(CT::kEnergy, gr(1))}, window(20, 23)),
                                 element({comp(CT::kTime, gr(2))}, window(22, 6))})));
}

TEST(Validate, ElementAfterAnUnrestrictedOneIsHidden) {
    auto e = validate(tariff(
        {element({comp(CT::kEnergy, gr(1))}), element({comp(CT::kEnergy, gr(2))}, window(22, 6))}));
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::kOverlappingElements);
}

TEST(Validate, EmptyWindowAndReversedRanges) {
    EXPECT_EQ(validate(tariff({element({comp(CT::kEnergy, gr(1))}, window(22, 22))})).error().field,
              "elements/0/restrictions/end_time");
    Restrictions r;
    r.min_wh = 20'000;
    r.max_wh = 10'000;
    EXPECT_EQ(validate(tariff({element({comp(CT::kEnergy, gr(1))}, r)})).error().field,
              "elements/0/restrictions/max_kwh");
}

TEST(Validate, EmptyTariffAndElement) {
    EXPECT_EQ(validate(tariff({})).error().code, ErrorCode::kEmptyTariff);
    EXPECT_EQ(validate(tariff({element({})})).error().code, ErrorCode::kEmptyElement);
}

}  // namespace
}  // namespace iskra::tariff
