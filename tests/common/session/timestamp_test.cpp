// RFC 3339 in, UTC with milliseconds out: offsets, fractions, calendar edges and bad text.
#include "iskra/session/timestamp.hpp"

#include <gtest/gtest.h>

#include "session_test_support.hpp"

namespace iskra::session {
namespace {

using test::utc;

TEST(ParseTimestamp, PositiveOffsetIsSubtracted) {
    // The night Poland moves to summer time: 02:30 at +02:00 is 00:30 UTC.
    const auto at = parse_timestamp("2026-03-29T02:30:00+02:00");
    ASSERT_TRUE(at) << at.error().reason;
    EXPECT_EQ(*at, utc(2026, 3, 29, 0, 30, 0));
    EXPECT_EQ(format_timestamp(*at), "2026-03-29T00:30:00.000Z");
}

TEST(ParseTimestamp, NegativeOffsetCrossesMidnightAndYear) {
    const auto at = parse_timestamp("2026-12-31T23:15:00.5-01:30");
    ASSERT_TRUE(at) << at.error().reason;
    EXPECT_EQ(format_timestamp(*at), "2027-01-01T00:45:00.500Z");
}

TEST(ParseTimestamp, OffsetIntoThePreviousDayAndLeapDay) {
    const auto at = parse_timestamp("2028-03-01T00:10:00+01:00");
    ASSERT_TRUE(at) << at.error().reason;
    EXPECT_EQ(format_timestamp(*at), "2028-02-29T23:10:00.000Z");
}

TEST(ParseTimestamp, FractionsAreTruncatedToMilliseconds) {
    EXPECT_EQ(*parse_timestamp("2026-11-28T12:00:00.9999Z"), utc(2026, 11, 28, 12, 0, 0, 999));
    EXPECT_EQ(*parse_timestamp("2026-11-28T12:00:00.1Z"), utc(2026, 11, 28, 12, 0, 0, 100));
    EXPECT_EQ(*parse_timestamp("2026-11-28T12:00:00.02Z"), utc(2026, 11, 28, 12, 0, 0, 20));
    EXPECT_EQ(*parse_timestamp("2026-11-28T12:00:00.123456789+00:00"),
              utc(2026, 11, 28, 12, 0, 0, 123));
}

TEST(ParseTimestamp, LowercaseSeparatorsAndSpaceAreRfc3339) {
    EXPECT_EQ(*parse_timestamp("2026-11-28t12:00:00z"), utc(2026, 11, 28, 12, 0, 0));
    EXPECT_EQ(*parse_timestamp("2026-11-28 12:00:00Z"), utc(2026, 11, 28, 12, 0, 0));
}

TEST(ParseTimestamp, LeapSecondRollsIntoTheNextMinute) {
    EXPECT_EQ(*parse_timestamp("2016-12-31T23:59:60Z"), utc(2017, 1, 1, 0, 0, 0));
}

TEST(ParseTimestamp, RejectsWhatIsNotAnInstant) {
    for (const char* bad :
         {"", "2026-11-28",
          "2026-11-28T12:00:00",  // no offset: local time is ambiguous
          "2026-11-28T12:00Z",
          "2026-02-29T12:00:00Z",  // not a leap year
          "2026-13-01T12:00:00Z", "2026-04-31T12:00:00Z", "2026-11-28T24:00:00Z",
          "2026-11-28T12:60:00Z", "2026-11-28T12:00:00.Z", "2026-11-28T12:00:00+0100",
          "2026-11-28T12:00:00+24:00", "2026-11-28T12:00:00Zjunk", "26-11-28T12:00:00Z",
          "2026/11/28T12:00:00Z", "2026-11-28T12:00:00 +01:00"}) {
        const auto at = parse_timestamp(bad);
        if (at) {
            ADD_FAILURE() << "accepted '" << bad << "' as " << format_timestamp(*at);
        } else {
            EXPECT_FALSE(at.error().reason.empty()) << bad;
        }
    }
}

TEST(FormatTimestamp, AlwaysMillisecondsAndZ) {
    EXPECT_EQ(format_timestamp(utc(2026, 1, 2, 3, 4, 5, 6)), "2026-01-02T03:04:05.006Z");
    EXPECT_EQ(format_timestamp(Timestamp{}), "1970-01-01T00:00:00.000Z");
}

TEST(FormatTimestamp, RoundTripsThroughParse) {
    const auto at = utc(2026, 11, 28, 12, 0, 0, 42);
    EXPECT_EQ(*parse_timestamp(format_timestamp(at)), at);
}

}  // namespace
}  // namespace iskra::session
