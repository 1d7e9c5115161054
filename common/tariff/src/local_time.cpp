// Local time by the EU summer-time rule: summer time runs from 01:00 UTC on the last Sunday of
// March to 01:00 UTC on the last Sunday of October, the same instant across the Union.
#include "iskra/tariff/local_time.hpp"

namespace iskra::tariff {
namespace {

using namespace std::chrono;

constexpr std::int64_t kHourMs = 3'600'000;

// 01:00 UTC of the last Sunday of the given month, in ms since the epoch.
std::int64_t last_sunday_0100(int year, unsigned month) {
    const sys_days month_end{year_month_day_last{std::chrono::year{year} /
                                                 std::chrono::month{month} / std::chrono::last}};
    const sys_days sunday =
        month_end - days{weekday{month_end}.c_encoding()};  // Sunday encodes as 0
    return sunday.time_since_epoch().count() * 24 * kHourMs + kHourMs;
}

bool in_summer_time(std::int64_t utc_ms) {
    const sys_days day{
        days{utc_ms >= 0 ? utc_ms / (24 * kHourMs) : (utc_ms - 24 * kHourMs + 1) / (24 * kHourMs)}};
    const int year = static_cast<int>(year_month_day{day}.year());
    return utc_ms >= last_sunday_0100(year, 3) && utc_ms < last_sunday_0100(year, 10);
}

std::int64_t offset_ms(const TimeZone& zone, std::int64_t utc_ms) {
    std::int64_t off = zone.standard_offset.count() * 60'000;
    if (zone.eu_summer_time && in_summer_time(utc_ms)) off += kHourMs;
    return off;
}

}  // namespace

std::int64_t to_local_ms(const TimeZone& zone, std::int64_t utc_ms) {
    return utc_ms + offset_ms(zone, utc_ms);
}

std::int64_t from_local_ms(const TimeZone& zone, std::int64_t local_ms) {
    const std::int64_t standard = local_ms - zone.standard_offset.count() * 60'000;
    if (zone.eu_summer_time) {
        const std::int64_t summer = standard - kHourMs;
        if (in_summer_time(summer)) return summer;
    }
    return standard;
}

}  // namespace iskra::tariff
