// The electric vehicle at a connector: battery, state of charge and the power its charger
// accepts at each state of charge. Pure values and functions; any thread.
#pragma once

#include <cstdint>
#include <vector>

namespace iskra::sim::model {

enum class Supply { AC, DC };

// One point of a charging curve: at `soc_percent` the EV accepts at most `power_w`. Between
// points the limit is linear; past the last point it stays at the last point's value.
struct CurvePoint {
    double soc_percent = 0;
    std::int64_t power_w = 0;

    bool operator==(const CurvePoint&) const = default;
};

struct EvSpec {
    std::int64_t capacity_wh = 60'000;
    std::int64_t max_ac_power_w = 11'000;
    int ac_phases = 3;
    std::int64_t max_dc_power_w = 100'000;
    double initial_soc_percent = 20;
    // The EV stops drawing here (its own charge limit); 100 for a full battery.
    double target_soc_percent = 100;
    // DC curve; empty means the typical shape for max_dc_power_w (flat, then tapering).
    std::vector<CurvePoint> dc_curve;

    bool operator==(const EvSpec&) const = default;
};

// What the EV's own charger accepts at `soc_percent` on `supply`, before any station limit.
// 0 once the target state of charge is reached.
std::int64_t ev_accepts_w(const EvSpec& ev, Supply supply, double soc_percent);

// The curve used when the spec gives none: full power to 50 %, half at 80 %, a tenth at 100 %.
std::vector<CurvePoint> default_dc_curve(std::int64_t max_dc_power_w);

}  // namespace iskra::sim::model
