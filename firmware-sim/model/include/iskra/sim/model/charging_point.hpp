// One connector's physics: its electrical limits, the EV plugged into it and the energy meter
// behind it. The meter only counts up, across sessions and reboots, like a real one.
//
// Energy is integrated in whole-second steps aligned to the clock, with power held constant
// within a step, so the result does not depend on how often advance() is called: a scenario
// gives the same Wh whether it was sampled every second or once an hour. Integer milli-joules
// keep the register exact. Pure: the caller passes `now` and the limit in force; any thread,
// one owner.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "iskra/sim/model/ev.hpp"

namespace iskra::sim::model {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

struct ConnectorSpec {
    Supply supply = Supply::AC;
    std::int64_t max_power_w = 22'000;
    int phases = 3;                // AC phases wired
    double phase_voltage_v = 230;  // AC line-to-neutral
    double max_current_a = 32;     // AC per phase

    bool operator==(const ConnectorSpec&) const = default;
};

// The instantaneous electrical picture, as a meter would read it.
struct Reading {
    std::int64_t power_w = 0;
    double current_a = 0;  // per phase on AC
    double voltage_v = 0;
    std::optional<double> soc_percent;  // only while an EV is plugged in (it reports SoC)
};

// Station-side limit in watts at an instant; nullopt means none.
using LimitAt = std::function<std::optional<double>(Timestamp)>;

class ChargingPoint {
public:
    ChargingPoint(ConnectorSpec spec, std::int64_t meter_start_wh, Timestamp now);

    // Integrates up to `now` with the limit in force at each step. `now` never goes back.
    void advance(Timestamp now, const LimitAt& limit);

    // Plugging and unplugging advance first, so earlier energy is counted at the old state.
    void plug_in(const EvSpec& ev, Timestamp now, const LimitAt& limit);
    void unplug(Timestamp now, const LimitAt& limit);
    // Energy flows only while the contactor is closed (an authorised, running transaction).
    void set_contactor(bool closed, Timestamp now, const LimitAt& limit);
    // A new limit takes effect now rather than at the next step.
    void limit_changed(Timestamp now, const LimitAt& limit);
    // Another connector of the same EVSE takes over the power path and the meter behind it
    // (a DC charger's CHAdeMO cable instead of its CCS one). Only with no EV plugged in.
    void switch_connector(ConnectorSpec spec, Timestamp now, const LimitAt& limit);

    bool plugged() const { return ev_.has_value(); }
    bool contactor_closed() const { return contactor_; }
    // The EV wants no more energy: it reached its target state of charge.
    bool ev_full() const;
    double soc_percent() const { return soc_percent_; }
    const std::optional<EvSpec>& ev() const { return ev_; }
    const ConnectorSpec& spec() const { return spec_; }

    std::int64_t meter_wh() const { return meter_mj_ / kMilliJoulesPerWh; }
    Reading reading() const;
    // The power the EV would draw at its present SoC under `limit_w`, contactor aside.
    std::int64_t offered_power_w(std::optional<double> limit_w) const;
    // Earliest instant the EV can be full at today's power (it tapers, so it is later): when to
    // look again. nullopt when not charging.
    std::optional<Timestamp> full_no_earlier_than() const;
    Timestamp updated_at() const { return at_; }

    static constexpr std::int64_t kMilliJoulesPerWh = 3'600'000;

private:
    void recompute(Timestamp now, const LimitAt& limit);
    void integrate(std::int64_t power_w, std::int64_t ms);

    ConnectorSpec spec_;
    std::int64_t meter_mj_ = 0;
    std::optional<EvSpec> ev_;
    double soc_percent_ = 0;
    bool contactor_ = false;
    Timestamp at_;
    std::int64_t power_w_ = 0;  // held for the current step
};

// Converts a limit in amperes to watts for this connector (AC: per phase × phases × voltage).
double amps_to_watts(const ConnectorSpec& spec, double amps, std::optional<int> phases);
double watts_to_amps(const ConnectorSpec& spec, double watts, std::optional<int> phases);

}  // namespace iskra::sim::model
