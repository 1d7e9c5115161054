#include "iskra/gateway/running_cost.hpp"

namespace iskra::gateway {

const tariff::Tariff* tariff_in_force(const std::vector<TariffVersion>& versions,
                                      session::Timestamp at) {
    const TariffVersion* best = nullptr;
    const TariffVersion* earliest = nullptr;
    for (const auto& v : versions) {
        if (!earliest || v.valid_from < earliest->valid_from) earliest = &v;
        if (v.valid_from <= at && (!best || v.valid_from > best->valid_from)) best = &v;
    }
    if (best) return &best->tariff;
    return earliest ? &earliest->tariff : nullptr;
}

std::optional<std::int64_t> running_cost_grosz(const std::vector<TariffVersion>& versions,
                                               const SessionSoFar& session,
                                               session::Timestamp now) {
    const tariff::Tariff* in_force = tariff_in_force(versions, session.started_at);
    if (!in_force) return std::nullopt;

    std::vector<tariff::MeterSample> readings;
    readings.reserve(session.samples.size());
    for (const auto& sample : session.samples) {
        if (sample.energy_wh) readings.push_back({sample.timestamp, *sample.energy_wh});
    }
    const tariff::Session priced = tariff::session_from_readings(
        session.started_at, now, session.meter_start_wh, readings, std::nullopt, session.customer);
    const auto price = tariff::price_session(*in_force, priced, {.explain = false});
    if (!price) return std::nullopt;
    return price->total.gross;
}

}  // namespace iskra::gateway
