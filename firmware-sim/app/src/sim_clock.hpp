// Simulated time for a whole run: real time multiplied by the acceleration, from a start that
// a scenario may fix. In lockstep (scenario runs) the loop moves it event by event and never
// while a station awaits an answer, so the order of everything a station does, and the times
// it reports, do not depend on how fast the CSMS or this machine happens to be.
// Service thread only. The one place the simulator reads the system clock.
#pragma once

#include <chrono>
#include <optional>

#include "iskra/sim/model/charging_point.hpp"

namespace iskra::sim::app {

class SimClock {
public:
    using Steady = std::chrono::steady_clock;

    SimClock(double acceleration, std::optional<model::Timestamp> start, bool lockstep)
        : acceleration_(acceleration), lockstep_(lockstep) {
        const auto wall = std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
        virtual_now_ = start.value_or(model::Timestamp(wall.time_since_epoch()));
        anchor_virtual_ = virtual_now_;
        anchor_real_ = Steady::now();
    }

    // Where real time, accelerated, has got to.
    model::Timestamp paced() const {
        const auto real = Steady::now() - anchor_real_;
        const auto scaled = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::duration<double, std::milli>(
                std::chrono::duration<double, std::milli>(real).count() * acceleration_));
        return anchor_virtual_ + scaled;
    }

    // The time now: paced outside lockstep; in lockstep whatever the loop last set.
    model::Timestamp now() {
        if (!lockstep_) {
            const auto p = paced();
            if (p > virtual_now_) virtual_now_ = p;
        }
        return virtual_now_;
    }

    // Lockstep: the loop moves time to `t` (never back).
    void move_to(model::Timestamp t) {
        if (t > virtual_now_) virtual_now_ = t;
    }
    // Lockstep: time stood still while stations waited; pacing resumes from here.
    void reanchor() {
        anchor_virtual_ = virtual_now_;
        anchor_real_ = Steady::now();
    }

    // Real time until simulated time `t`.
    std::chrono::microseconds real_until(model::Timestamp t) const {
        const auto ahead = t - paced();
        const double us = std::chrono::duration<double, std::micro>(ahead).count() / acceleration_;
        return std::chrono::microseconds(us <= 0 ? 0 : static_cast<std::int64_t>(us));
    }

    bool lockstep() const { return lockstep_; }
    double acceleration() const { return acceleration_; }

private:
    double acceleration_;
    bool lockstep_;
    model::Timestamp virtual_now_;
    model::Timestamp anchor_virtual_;
    Steady::time_point anchor_real_;
};

}  // namespace iskra::sim::app
