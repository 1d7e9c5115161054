// OCPI restriction semantics; see restrictions.hpp.
#include "restrictions.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace iskra::tariff {

bool Restrictions::empty() const {
    return !start_time && !end_time && !start_date && !end_date && !min_wh && !max_wh &&
           !min_current_ma && !max_current_ma && !min_power_w && !max_power_w && !min_duration &&
           !max_duration && days_of_week == 0 && !reservation;
}

namespace detail {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

bool in_range(std::int64_t v, const std::optional<std::int64_t>& lo,
              const std::optional<std::int64_t>& hi) {
    return (!lo || v >= *lo) && (!hi || v < *hi);
}

std::int64_t day_of(const std::chrono::year_month_day& d) {
    return std::chrono::sys_days{d}.time_since_epoch().count();
}

// The time-of-day window as up to two half-open intervals of minutes within [0, 1440).
struct Window {
    std::array<std::int64_t, 4> b{0, 1440, 0, 0};
    int count = 1;
};

Window window_of(const Restrictions& r) {
    Window w;
    const std::int64_t s = r.start_time ? r.start_time->count() : 0;
    const std::int64_t e = r.end_time ? r.end_time->count() : 1440;
    if (s < e) {
        w.b = {s, e, 0, 0};
    } else {  // wraps past midnight: [s, 24:00) and [00:00, e)
        w.b = {s, 1440, 0, e};
        w.count = 2;
    }
    return w;
}

bool ranges_meet(std::int64_t lo1, std::int64_t hi1, std::int64_t lo2, std::int64_t hi2) {
    return std::max(lo1, lo2) < std::min(hi1, hi2);
}

template <typename T, typename F>
bool opt_ranges_meet(const std::optional<T>& lo1, const std::optional<T>& hi1,
                     const std::optional<T>& lo2, const std::optional<T>& hi2, F value) {
    return ranges_meet(lo1 ? value(*lo1) : kMin, hi1 ? value(*hi1) : kMax, lo2 ? value(*lo2) : kMin,
                       hi2 ? value(*hi2) : kMax);
}

}  // namespace

void set_local_time(Moment& m, const TimeZone& zone, std::int64_t utc_ms) {
    const std::int64_t local = to_local_ms(zone, utc_ms);
    m.local_day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
    m.local_ms_of_day = local - m.local_day * kDayMs;
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    m.weekday = static_cast<unsigned>(((m.local_day % 7) + 7 + 3) % 7);
}

bool matches(const Restrictions& r, const Moment& m) {
    if (r.reservation) {
        if (!m.in_reservation) return false;
        if ((*r.reservation == ReservationKind::kReservationExpires) != m.reservation_expired)
            return false;
    } else if (m.in_reservation) {
        return false;
    }
    if (r.start_time || r.end_time) {
        const std::int64_t t = m.local_ms_of_day;
        const std::int64_t s = r.start_time ? r.start_time->count() * 60'000 : 0;
        const std::int64_t e = r.end_time ? r.end_time->count() * 60'000 : kDayMs;
        if (s < e ? !(t >= s && t < e) : !(t >= s || t < e)) return false;
    }
    if (r.start_date && m.local_day < day_of(*r.start_date)) return false;
    if (r.end_date && m.local_day >= day_of(*r.end_date)) return false;
    if (r.days_of_week != 0 && (r.days_of_week & (1u << m.weekday)) == 0) return false;
    if (!in_range(m.energy_wh, r.min_wh, r.max_wh)) return false;
    if (!in_range(m.power_w, r.min_power_w, r.max_power_w)) return false;
    if (!in_range(m.current_ma, r.min_current_ma, r.max_current_ma)) return false;
    if (r.min_duration && m.duration_ms < r.min_duration->count()) return false;
    if (r.max_duration && m.duration_ms >= r.max_duration->count()) return false;
    return true;
}

bool can_overlap(const Restrictions& a, const Restrictions& b) {
    if (a.reservation != b.reservation) return false;
    if (a.days_of_week != 0 && b.days_of_week != 0 && (a.days_of_week & b.days_of_week) == 0)
        return false;
    const Window wa = window_of(a);
    const Window wb = window_of(b);
    bool time_meets = false;
    for (int i = 0; i < wa.count; ++i) {
        for (int j = 0; j < wb.count; ++j) {
            const auto ii = static_cast<std::size_t>(2 * i);
            const auto jj = static_cast<std::size_t>(2 * j);
            time_meets = time_meets || ranges_meet(wa.b[ii], wa.b[ii + 1], wb.b[jj], wb.b[jj + 1]);
        }
    }
    if (!time_meets) return false;
    const auto id = [](std::int64_t v) { return v; };
    if (!opt_ranges_meet(a.start_date, a.end_date, b.start_date, b.end_date, day_of)) return false;
    if (!opt_ranges_meet(a.min_wh, a.max_wh, b.min_wh, b.max_wh, id)) return false;
    if (!opt_ranges_meet(a.min_power_w, a.max_power_w, b.min_power_w, b.max_power_w, id))
        return false;
    if (!opt_ranges_meet(a.min_current_ma, a.max_current_ma, b.min_current_ma, b.max_current_ma,
                         id))
        return false;
    const auto ms = [](Millis v) { return v.count(); };
    return opt_ranges_meet(a.min_duration, a.max_duration, b.min_duration, b.max_duration, ms);
}

}  // namespace detail
}  // namespace iskra::tariff
