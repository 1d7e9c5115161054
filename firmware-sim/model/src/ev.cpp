#include "iskra/sim/model/ev.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

namespace iskra::sim::model {
namespace {

double interpolate(std::span<const CurvePoint> curve, double soc) {
    if (curve.empty()) return 0;
    if (soc <= curve.front().soc_percent) return static_cast<double>(curve.front().power_w);
    for (std::size_t i = 1; i < curve.size(); ++i) {
        const CurvePoint& a = curve[i - 1];
        const CurvePoint& b = curve[i];
        if (soc <= b.soc_percent) {
            const double span = b.soc_percent - a.soc_percent;
            if (span <= 0) return static_cast<double>(b.power_w);
            const double t = (soc - a.soc_percent) / span;
            return static_cast<double>(a.power_w) + t * static_cast<double>(b.power_w - a.power_w);
        }
    }
    return static_cast<double>(curve.back().power_w);
}

}  // namespace

std::vector<CurvePoint> default_dc_curve(std::int64_t max_dc_power_w) {
    return {{0, max_dc_power_w},
            {50, max_dc_power_w},
            {80, max_dc_power_w / 2},
            {100, max_dc_power_w / 10}};
}

std::int64_t ev_accepts_w(const EvSpec& ev, Supply supply, double soc_percent) {
    if (soc_percent >= ev.target_soc_percent || soc_percent >= 100.0) return 0;
    if (supply == Supply::AC) {
        // An on-board charger holds its power nearly to the end; the battery tapers the last 5 %.
        if (soc_percent < 95.0) return ev.max_ac_power_w;
        const double t = (100.0 - soc_percent) / 5.0;
        return static_cast<std::int64_t>(
            std::llround(static_cast<double>(ev.max_ac_power_w) * std::max(0.2, t)));
    }
    // The default curve is built on the stack: this runs every simulated second per connector.
    const std::int64_t max = ev.max_dc_power_w;
    const std::array<CurvePoint, 4> typical{CurvePoint{0, max}, CurvePoint{50, max},
                                            CurvePoint{80, max / 2}, CurvePoint{100, max / 10}};
    const std::span<const CurvePoint> curve =
        ev.dc_curve.empty() ? std::span<const CurvePoint>(typical) : std::span(ev.dc_curve);
    const double limit =
        std::min(interpolate(curve, soc_percent), static_cast<double>(ev.max_dc_power_w));
    return std::max<std::int64_t>(0, std::llround(limit));
}

}  // namespace iskra::sim::model
