#include "iskra/gateway/running_cost.hpp"

#include <algorithm>

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

    tariff::Session priced;
    priced.start = session.started_at;
    priced.stop = std::max(now, session.started_at);
    priced.customer = session.customer;
    const auto add = [&](session::Timestamp at, std::int64_t wh) {
        if (at < priced.start || at > priced.stop || wh < 0) return;
        if (!priced.samples.empty() &&
            (at <= priced.samples.back().at || wh < priced.samples.back().energy_wh)) {
            return;
        }
        priced.samples.push_back({at, wh});
    };
    if (session.meter_start_wh) add(session.started_at, *session.meter_start_wh);
    for (const auto& sample : session.samples) {
        if (sample.energy_wh) add(sample.timestamp, *sample.energy_wh);
    }

    const auto price = tariff::price_session(*in_force, priced, {.explain = false});
    if (!price) return std::nullopt;
    return price->total.gross;
}

}  // namespace iskra::gateway
