// A recorded session read for pricing: which readings the engine gets.
#include <gtest/gtest.h>

#include "iskra/tariff/session.hpp"

namespace iskra::tariff {
namespace {

Instant at(int minute) {
    return Instant{} + std::chrono::hours(24 * 20'000) + std::chrono::minutes(minute);
}

std::vector<std::pair<int, std::int64_t>> points(const Session& s) {
    std::vector<std::pair<int, std::int64_t>> out;
    for (const auto& sample : s.samples) {
        out.emplace_back(
            static_cast<int>(
                std::chrono::duration_cast<std::chrono::minutes>(sample.at - at(0)).count()),
            sample.energy_wh);
    }
    return out;
}

TEST(SessionFromReadings, MeterStartAndStopFrameTheReadings) {
    const auto s =
        session_from_readings(at(0), at(60), 1'000, {{at(30), 5'000}}, 9'000, CustomerKind::kFleet);
    EXPECT_EQ(points(s),
              (std::vector<std::pair<int, std::int64_t>>{{0, 1'000}, {30, 5'000}, {60, 9'000}}));
    EXPECT_EQ(s.customer, CustomerKind::kFleet);
    EXPECT_EQ(s.stop, at(60));
}

TEST(SessionFromReadings, ReadingsTheEngineWouldRefuseAreDropped) {
    const auto s = session_from_readings(at(10), at(60), 1'000,
                                         {{at(5), 900},      // before the start
                                          {at(20), 2'000},   // kept
                                          {at(20), 2'100},   // same time as the previous
                                          {at(30), 1'500},   // register went back
                                          {at(40), -1},      // negative
                                          {at(50), 3'000},   // kept
                                          {at(70), 4'000}},  // after the stop
                                         std::nullopt, CustomerKind::kAdHoc);
    EXPECT_EQ(points(s),
              (std::vector<std::pair<int, std::int64_t>>{{10, 1'000}, {20, 2'000}, {50, 3'000}}));
}

TEST(SessionFromReadings, AStopBeforeTheStartIsTheStart) {
    const auto s = session_from_readings(at(10), at(5), 100, {}, 100, CustomerKind::kAdHoc);
    EXPECT_EQ(s.stop, at(10));
    // One point: the start and the stop are the same instant.
    EXPECT_EQ(points(s), (std::vector<std::pair<int, std::int64_t>>{{10, 100}}));
}

}  // namespace
}  // namespace iskra::tariff
