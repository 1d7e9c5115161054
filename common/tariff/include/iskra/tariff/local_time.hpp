// Local civil time for tariff restrictions (22:00, midnight, a weekday), computed from a fixed
// standard offset and the EU summer-time rule, with no time-zone database and no clock: GCC 12's
// library has no tzdb, and every operator we serve follows the EU rule.
#pragma once

#include <chrono>
#include <cstdint>

namespace iskra::tariff {

struct TimeZone {
    std::chrono::minutes standard_offset{60};
    bool eu_summer_time = true;  // +1 h from the last Sunday of March to that of October, 01:00 UTC

    static constexpr TimeZone warsaw() { return {}; }
    static constexpr TimeZone utc() { return {std::chrono::minutes{0}, false}; }
};

// Milliseconds since 1970-01-01 00:00 local time.
std::int64_t to_local_ms(const TimeZone& zone, std::int64_t utc_ms);
// The instant a local wall-clock time names; in the autumn hour that happens twice, the first.
std::int64_t from_local_ms(const TimeZone& zone, std::int64_t local_ms);

}  // namespace iskra::tariff
