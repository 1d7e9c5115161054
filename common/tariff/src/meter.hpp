// Private: the energy register as a function of time, linear between neighbouring samples only and
// flat outside them, walked forward by a cursor so a sweep over a session costs O(samples).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "iskra/tariff/session.hpp"

namespace iskra::tariff::detail {

__extension__ using Wide128 = __int128;  // exact products of energy and time

class MeterCursor {
public:
    explicit MeterCursor(const std::vector<MeterSample>& samples) : s_(samples) {}

    // Moves to the sample interval holding t; t must not go backwards between calls.
    void seek(std::int64_t t) {
        while (next_ < s_.size() && ms(s_[next_]) <= t)
            ++next_;
    }
    // Where the current interval ends (max int64 after the last sample).
    std::int64_t interval_end() const {
        return next_ < s_.size() ? ms(s_[next_]) : std::numeric_limits<std::int64_t>::max();
    }
    bool linear() const { return next_ > 0 && next_ < s_.size(); }

    // The register at t within the current interval, rounded down, so slice energies telescope to
    // exactly the samples' difference.
    std::int64_t energy_at(std::int64_t t) const {
        if (s_.empty()) return 0;
        if (next_ == 0) return s_.front().energy_wh;
        if (next_ == s_.size()) return s_.back().energy_wh;
        const auto& a = s_[next_ - 1];
        const auto& b = s_[next_];
        const Wide128 de = b.energy_wh - a.energy_wh;
        return a.energy_wh + static_cast<std::int64_t>(de * (t - ms(a)) / (ms(b) - ms(a)));
    }
    // The first t in the current interval at which energy_at(t) ≥ target (target within reach).
    std::int64_t time_reaching(std::int64_t target) const {
        const auto& a = s_[next_ - 1];
        const auto& b = s_[next_];
        const Wide128 need = target - a.energy_wh;
        const Wide128 dt = ms(b) - ms(a);
        const std::int64_t de = b.energy_wh - a.energy_wh;
        return ms(a) + static_cast<std::int64_t>((need * dt + de - 1) / de);
    }
    // Mean power over the current interval, W; 0 outside the samples.
    std::int64_t power_w() const {
        if (!linear()) return 0;
        const auto& a = s_[next_ - 1];
        const auto& b = s_[next_];
        return (b.energy_wh - a.energy_wh) * 3'600'000 / (ms(b) - ms(a));
    }
    std::int64_t interval_end_energy() const {
        return linear() ? s_[next_].energy_wh : energy_at(0);
    }

    static std::int64_t ms(const MeterSample& s) { return s.at.time_since_epoch().count(); }

private:
    const std::vector<MeterSample>& s_;
    std::size_t next_ = 0;  // index of the first sample after the cursor
};

}  // namespace iskra::tariff::detail
