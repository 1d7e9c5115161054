// The single-value rules every generated decoder is built from.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "iskra/ocpp/decode_support.hpp"

namespace iskra::ocpp {
namespace {

class DecodeSupport : public ::testing::Test {
protected:
    simdjson::dom::element parse(const std::string& json) { return parser_.parse(json).value(); }
    simdjson::dom::parser parser_;
    DecodeContext ctx_;
};

TEST_F(DecodeSupport, DateTimesFollowRfc3339) {
    for (const char* good : {"2026-11-28T12:00:00Z", "2026-11-28T12:00:00.123Z",
                             "2026-11-28t12:00:00.1z", "2024-02-29T23:59:59+01:00",
                             "2026-06-30T23:59:60Z", "2026-11-28T12:00:00.000000001-05:30"}) {
        EXPECT_TRUE(is_date_time(good)) << good;
    }
    for (const char* bad :
         {"", "2026-11-28", "2026-11-28T12:00:00", "2026-11-28T12:00Z", "2023-02-29T12:00:00Z",
          "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-28T24:00:00Z",
          "2026-11-28T12:00:00.Z", "2026-11-28T12:00:00+0100", "2026-11-28T12:00:00Z ",
          "26-11-28T12:00:00Z"}) {
        EXPECT_FALSE(is_date_time(bad)) << bad;
    }
}

TEST_F(DecodeSupport, MaxLengthCountsCharactersNotBytes) {
    std::string out;
    EXPECT_TRUE(decode_string(parse(R"("łódź")"), out, 4, ctx_));
    EXPECT_EQ(out, "łódź");
    EXPECT_FALSE(decode_string(parse(R"("łódźx")"), out, 4, ctx_));
    EXPECT_EQ(ctx_.error().violation, Violation::Property);
    EXPECT_EQ(utf8_length("żółw"), 4u);
}

TEST_F(DecodeSupport, IntegersAcceptWholeDoublesOnly) {
    std::int64_t out = 0;
    EXPECT_TRUE(decode_integer(parse("5.0"), out, ctx_));
    EXPECT_EQ(out, 5);
    EXPECT_TRUE(decode_integer(parse("-9007199254740993"), out, ctx_));
    EXPECT_EQ(out, -9007199254740993);
    DecodeContext fraction;
    EXPECT_FALSE(decode_integer(parse("5.5"), out, fraction));
    EXPECT_EQ(fraction.error().violation, Violation::Type);
    DecodeContext huge;
    EXPECT_FALSE(decode_integer(parse("18446744073709551615"), out, huge));
    EXPECT_EQ(huge.error().violation, Violation::Property);
    DecodeContext text;
    EXPECT_FALSE(decode_integer(parse(R"("5")"), out, text));
    EXPECT_EQ(text.error().violation, Violation::Type);
}

TEST_F(DecodeSupport, NumbersAcceptEveryJsonNumber) {
    double out = 0;
    EXPECT_TRUE(decode_number(parse("7"), out, ctx_));
    EXPECT_EQ(out, 7.0);
    EXPECT_TRUE(decode_number(parse("-0.25e1"), out, ctx_));
    EXPECT_EQ(out, -2.5);
    EXPECT_FALSE(decode_number(parse("true"), out, ctx_));
}

TEST_F(DecodeSupport, UrisNeedAScheme) {
    std::string out;
    EXPECT_TRUE(decode_uri(parse(R"("https://fw.example.com/a.bin")"), out, 512, ctx_));
    EXPECT_TRUE(decode_uri(parse(R"("ftp://10.0.0.1/x")"), out, 512, ctx_));
    DecodeContext relative;
    EXPECT_FALSE(decode_uri(parse(R"("/firmware.bin")"), out, 512, relative));
    EXPECT_EQ(relative.error().violation, Violation::Property);
}

TEST_F(DecodeSupport, MultipleOfToleratesDecimalSteps) {
    EXPECT_TRUE(check_multiple_of(16.1, 0.1, ctx_));
    EXPECT_TRUE(check_multiple_of(0.3, 0.1, ctx_));
    EXPECT_FALSE(check_multiple_of(16.15, 0.1, ctx_));
}

TEST_F(DecodeSupport, PathsAreBuiltInnermostFirst) {
    ctx_.fail(Violation::Type, "must be a string");
    ctx_.in("idTag");
    ctx_.at(3);
    ctx_.in("localAuthorizationList");
    EXPECT_EQ(ctx_.error().path, "/localAuthorizationList/3/idTag");
    EXPECT_EQ(ctx_.error().describe(), "/localAuthorizationList/3/idTag: must be a string");
}

TEST_F(DecodeSupport, TheFirstFailureWins) {
    ctx_.fail(Violation::Property, "inner");
    ctx_.fail(Violation::Occurrence, "outer");
    EXPECT_EQ(ctx_.error().violation, Violation::Property);
    EXPECT_EQ(ctx_.error().message, "inner");
}

}  // namespace
}  // namespace iskra::ocpp
