// Private: OCPI restriction semantics. The state of a session at one moment, whether an element's
// restrictions hold then, and whether two elements' restrictions can ever hold at once.
#pragma once

#include <cstdint>

#include "iskra/tariff/tariff.hpp"

namespace iskra::tariff::detail {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kHourMs = 3'600'000;

struct Moment {
    std::int64_t local_ms_of_day = 0;
    std::int64_t local_day = 0;  // days since 1970-01-01, local
    unsigned weekday = 0;        // 0 Monday … 6 Sunday
    std::int64_t energy_wh = 0;  // since the session started
    std::int64_t duration_ms = 0;
    std::int64_t power_w = 0;
    std::int64_t current_ma = 0;
    bool in_reservation = false;
    bool reservation_expired = false;
};

// Fills the local-time fields of `m` for an instant.
void set_local_time(Moment& m, const TimeZone& zone, std::int64_t utc_ms);

bool matches(const Restrictions& r, const Moment& m);

// Could some moment satisfy both? Each bound is checked as an interval on its own axis, so this may
// say "yes" for combinations no real session reaches; it never says "no" wrongly.
bool can_overlap(const Restrictions& a, const Restrictions& b);

}  // namespace iskra::tariff::detail
