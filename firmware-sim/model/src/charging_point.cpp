#include "iskra/sim/model/charging_point.hpp"

#include <algorithm>
#include <cmath>

namespace iskra::sim::model {
namespace {

constexpr std::int64_t kStepMs = 1000;

std::int64_t ms_of(Timestamp t) {
    return t.time_since_epoch().count();
}

double round_to(double value, double unit) {
    return std::round(value / unit) * unit;
}

}  // namespace

double amps_to_watts(const ConnectorSpec& spec, double amps, std::optional<int> phases) {
    if (spec.supply == Supply::DC) return amps * 400.0;  // a DC limit in A is rare; nominal 400 V
    return amps * spec.phase_voltage_v * phases.value_or(spec.phases);
}

double watts_to_amps(const ConnectorSpec& spec, double watts, std::optional<int> phases) {
    if (spec.supply == Supply::DC) return watts / 400.0;
    return watts / (spec.phase_voltage_v * phases.value_or(spec.phases));
}

ChargingPoint::ChargingPoint(ConnectorSpec spec, std::int64_t meter_start_wh, Timestamp now)
    : spec_(spec), meter_mj_(meter_start_wh * kMilliJoulesPerWh), at_(now) {}

bool ChargingPoint::ev_full() const {
    return ev_ && ev_accepts_w(*ev_, spec_.supply, soc_percent_) == 0;
}

std::int64_t ChargingPoint::offered_power_w(std::optional<double> limit_w) const {
    if (!ev_) return 0;
    double power = static_cast<double>(
        std::min(spec_.max_power_w, ev_accepts_w(*ev_, spec_.supply, soc_percent_)));
    if (spec_.supply == Supply::AC) {
        const int phases = std::min(spec_.phases, ev_->ac_phases);
        power = std::min(power, spec_.max_current_a * spec_.phase_voltage_v * phases);
    }
    if (limit_w) power = std::min(power, std::max(0.0, *limit_w));
    return std::llround(std::floor(power));
}

void ChargingPoint::recompute(Timestamp now, const LimitAt& limit) {
    power_w_ = (contactor_ && ev_) ? offered_power_w(limit ? limit(now) : std::nullopt) : 0;
}

void ChargingPoint::integrate(std::int64_t power_w, std::int64_t ms) {
    if (power_w <= 0 || ms <= 0) return;
    const std::int64_t mj = power_w * ms;
    meter_mj_ += mj;
    if (ev_ && ev_->capacity_wh > 0) {
        const double wh = static_cast<double>(mj) / static_cast<double>(kMilliJoulesPerWh);
        soc_percent_ =
            std::min(100.0, soc_percent_ + wh * 100.0 / static_cast<double>(ev_->capacity_wh));
    }
}

void ChargingPoint::advance(Timestamp now, const LimitAt& limit) {
    if (now <= at_) return;
    // Nothing flows and nothing can change without an event: jump.
    if (!contactor_ || !ev_ || (power_w_ == 0 && ev_full())) {
        at_ = now;
        return;
    }
    std::int64_t t = ms_of(at_);
    const std::int64_t end = ms_of(now);
    while (t < end) {
        const std::int64_t boundary = (t / kStepMs + 1) * kStepMs;
        const std::int64_t stop = std::min(end, boundary);
        integrate(power_w_, stop - t);
        t = stop;
        if (t == boundary) recompute(Timestamp(std::chrono::milliseconds(t)), limit);
    }
    at_ = now;
}

void ChargingPoint::plug_in(const EvSpec& ev, Timestamp now, const LimitAt& limit) {
    advance(now, limit);
    ev_ = ev;
    soc_percent_ = std::clamp(ev.initial_soc_percent, 0.0, 100.0);
    recompute(now, limit);
}

void ChargingPoint::unplug(Timestamp now, const LimitAt& limit) {
    advance(now, limit);
    ev_.reset();
    soc_percent_ = 0;
    recompute(now, limit);
}

void ChargingPoint::set_contactor(bool closed, Timestamp now, const LimitAt& limit) {
    advance(now, limit);
    contactor_ = closed;
    recompute(now, limit);
}

void ChargingPoint::limit_changed(Timestamp now, const LimitAt& limit) {
    advance(now, limit);
    recompute(now, limit);
}

void ChargingPoint::switch_connector(ConnectorSpec spec, Timestamp now, const LimitAt& limit) {
    advance(now, limit);
    if (ev_) return;
    spec_ = spec;
    recompute(now, limit);
}

Reading ChargingPoint::reading() const {
    Reading r;
    r.power_w = power_w_;
    if (spec_.supply == Supply::AC) {
        r.voltage_v = spec_.phase_voltage_v;
        const int phases = ev_ ? std::min(spec_.phases, ev_->ac_phases) : spec_.phases;
        r.current_a = round_to(static_cast<double>(power_w_) / (r.voltage_v * phases), 0.01);
    } else {
        // A battery pack's voltage rises with its charge: 360 V empty to 440 V full.
        r.voltage_v = ev_ ? round_to(360.0 + 0.8 * soc_percent_, 0.1) : 0.0;
        r.current_a =
            r.voltage_v > 0 ? round_to(static_cast<double>(power_w_) / r.voltage_v, 0.01) : 0.0;
    }
    if (ev_) r.soc_percent = round_to(soc_percent_, 0.1);
    return r;
}

std::optional<Timestamp> ChargingPoint::full_no_earlier_than() const {
    if (!ev_ || power_w_ <= 0) return std::nullopt;
    const double target = std::min(100.0, ev_->target_soc_percent);
    const double remaining_wh =
        std::max(0.0, (target - soc_percent_) / 100.0 * static_cast<double>(ev_->capacity_wh));
    const double seconds = remaining_wh * 3600.0 / static_cast<double>(power_w_);
    const auto wait = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(seconds)));
    return at_ + std::chrono::seconds(wait);
}

}  // namespace iskra::sim::model
