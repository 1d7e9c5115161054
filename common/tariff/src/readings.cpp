#include <algorithm>

#include "iskra/tariff/session.hpp"

namespace iskra::tariff {

Session session_from_readings(Instant start, Instant stop,
                              std::optional<std::int64_t> meter_start_wh,
                              const std::vector<MeterSample>& readings,
                              std::optional<std::int64_t> meter_stop_wh, CustomerKind customer) {
    Session session;
    session.start = start;
    session.stop = std::max(stop, start);
    session.customer = customer;
    const auto add = [&](Instant at, std::int64_t wh) {
        if (at < session.start || at > session.stop || wh < 0) return;
        if (!session.samples.empty() &&
            (at <= session.samples.back().at || wh < session.samples.back().energy_wh)) {
            return;
        }
        session.samples.push_back({at, wh});
    };
    if (meter_start_wh) add(session.start, *meter_start_wh);
    for (const auto& reading : readings)
        add(reading.at, reading.energy_wh);
    if (meter_stop_wh) add(session.stop, *meter_stop_wh);
    return session;
}

}  // namespace iskra::tariff
