// Exact decimal scaling: the conversions that turn a station's kWh into billable Wh.
#include "iskra/session/decimal.hpp"

#include <gtest/gtest.h>

namespace iskra::session {
namespace {

std::optional<std::int64_t> scaled(std::string_view text, int power) {
    const auto value = parse_decimal(text);
    if (!value) return std::nullopt;
    return scaled_integer(*value, power);
}

TEST(ParseDecimal, KeepsDigitsAndExponent) {
    EXPECT_EQ(parse_decimal("12.345"), (Decimal{false, "12345", -3}));
    EXPECT_EQ(parse_decimal("-0.050"), (Decimal{true, "50", -3}));
    EXPECT_EQ(parse_decimal("+7"), (Decimal{false, "7", 0}));
    EXPECT_EQ(parse_decimal("1.5E+3"), (Decimal{false, "15", 2}));
    EXPECT_EQ(parse_decimal(".5"), (Decimal{false, "5", -1}));
    EXPECT_EQ(parse_decimal("5."), (Decimal{false, "5", 0}));
    EXPECT_EQ(parse_decimal("-0.000"), (Decimal{false, "", 0}));
}

TEST(ParseDecimal, RejectsWhatIsNotANumber) {
    for (const char* bad : {"", "-", ".", "12,5", " 12", "12 ", "1e", "1e+", "0x10", "abc", "1.2.3",
                            "NaN", "inf", "1e99999", "--1", "1_000"}) {
        EXPECT_FALSE(parse_decimal(bad).has_value()) << bad;
    }
}

TEST(ScaledInteger, KilowattHoursToWattHoursExactly) {
    EXPECT_EQ(scaled("12.345", 3), 12345);
    EXPECT_EQ(scaled("7.2", 3), 7200);
    EXPECT_EQ(scaled("0.001", 3), 1);
    EXPECT_EQ(scaled("1520.3", 3), 1520300);
    EXPECT_EQ(scaled("12345", 0), 12345);
    EXPECT_EQ(scaled("1.2345e4", 0), 12345);
}

TEST(ScaledInteger, FractionalWattHoursRoundHalfUp) {
    EXPECT_EQ(scaled("12.3454", 3), 12345);
    EXPECT_EQ(scaled("12.3455", 3), 12346);
    EXPECT_EQ(scaled("12.34549999", 3), 12345);
    EXPECT_EQ(scaled("0.0005", 3), 1);
    EXPECT_EQ(scaled("0.0004999", 3), 0);
    EXPECT_EQ(scaled("0.00005", 3), 0);
    EXPECT_EQ(scaled("99.9995", 3), 100000);
    EXPECT_EQ(scaled("-12.3455", 3), -12346);  // half away from zero
}

TEST(ScaledInteger, NegativePowersDivide) {
    EXPECT_EQ(scaled("12345", -3), 12);
    EXPECT_EQ(scaled("12500", -3), 13);
}

TEST(ScaledInteger, RangeIsInt64) {
    EXPECT_EQ(scaled("9223372036854775807", 0), INT64_MAX);
    EXPECT_EQ(scaled("-9223372036854775807", 0), -INT64_MAX);
    EXPECT_FALSE(scaled("9223372036854775808", 0).has_value());
    EXPECT_FALSE(scaled("9223372036854775.808", 3).has_value());
    EXPECT_FALSE(scaled("1e30", 0).has_value());
    EXPECT_FALSE(scaled("99999999999999999999", 0).has_value());
    EXPECT_EQ(scaled("1e-30", 3), 0);
}

TEST(DecimalFromDouble, IsTheShortestTextTheStationWrote) {
    // 12.345 as a double is 12.3449999...; scaling that would lose a watt-hour.
    EXPECT_EQ(scaled_integer(decimal_from_double(12.345), 3), 12345);
    EXPECT_EQ(scaled_integer(decimal_from_double(1523.4565), 3), 1523457);
    EXPECT_EQ(scaled_integer(decimal_from_double(0.1 + 0.2), 0), 0);
    EXPECT_EQ(decimal_from_double(1e21), (Decimal{false, "1", 21}));
    EXPECT_EQ(format_double(16.5), "16.5");
    EXPECT_EQ(format_double(230.0), "230");
}

TEST(ScaledDouble, AppliesThePowerOfTen) {
    EXPECT_DOUBLE_EQ(scaled_double(*parse_decimal("4.1"), 2), 410.0);
    EXPECT_DOUBLE_EQ(scaled_double(*parse_decimal("16.5"), 0), 16.5);
    EXPECT_DOUBLE_EQ(scaled_double(*parse_decimal("-2500"), -3), -2.5);
    EXPECT_DOUBLE_EQ(scaled_double(*parse_decimal("0"), 5), 0.0);
}

}  // namespace
}  // namespace iskra::session
