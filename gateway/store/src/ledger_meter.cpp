// Meter readings: stored as sent, checked against the session's previous reading, anomalies
// flagged. Nothing here changes a reading.
#include <chrono>
#include <cmath>
#include <limits>

#include "ledger_support.hpp"

namespace iskra::gateway::detail {
namespace {

std::string measurand_list(const std::vector<session::Measurand>& measurands) {
    std::string text;
    for (auto measurand : measurands) {
        if (!text.empty()) text += ',';
        text += session::to_string(measurand);
    }
    return text;
}

std::string seconds(std::chrono::milliseconds span) {
    const auto ms = span.count();
    std::string text = std::to_string(ms / 1000);
    if (ms % 1000 != 0) {
        auto fraction = std::to_string(std::abs(ms % 1000) + 1000).substr(1);
        while (!fraction.empty() && fraction.back() == '0')
            fraction.pop_back();
        text += "." + fraction;
    }
    return text + " s";
}

}  // namespace

tl::expected<void, StoreError> check_reading(Database& db, const LedgerConfig& config,
                                             SessionRow& row, std::int64_t energy_wh, Timestamp at,
                                             bool in_order, Timestamp received_at) {
    using session::format_timestamp;
    auto flag_it = [&](std::string_view kind, const std::string& detail) {
        return add_flag(db, row, kind, detail, received_at);
    };
    const std::string reading = describe_reading(energy_wh, at);

    if (at - received_at > config.future_tolerance) {
        auto flagged = flag_it(flag::kClockJump,
                               "reading " + reading + " is " + seconds(at - received_at) +
                                   " ahead of its receipt at " + format_timestamp(received_at));
        if (!flagged) return flagged;
    }
    if (!in_order) return {};
    if (!row.meter_start_wh) {
        // No meter start was ever sent (2.0.1 without a Transaction.Begin register): the first
        // reading stands in, visibly.
        row.meter_start_wh = energy_wh;
        auto flagged = flag_it(flag::kMeterStartFromSample,
                               "no meter start was sent; taken from the first reading " + reading);
        if (!flagged) return flagged;
    }
    if (row.last_meter_at && at < *row.last_meter_at) {
        return flag_it(flag::kClockJump,
                       "reading " + reading + " is earlier than the previous reading " +
                           describe_reading(row.last_meter_wh, row.last_meter_at));
    }
    if (row.last_meter_wh && energy_wh < *row.last_meter_wh) {
        auto flagged =
            flag_it(flag::kMeterRegression,
                    "reading " + reading + " is " + std::to_string(*row.last_meter_wh - energy_wh) +
                        " Wh below the previous reading " +
                        describe_reading(row.last_meter_wh, row.last_meter_at));
        if (!flagged) return flagged;
    } else if (row.last_meter_wh && row.last_meter_at && energy_wh > *row.last_meter_wh) {
        const std::int64_t delta_wh = energy_wh - *row.last_meter_wh;
        const auto elapsed = at - *row.last_meter_at;
        // Wh per ms × 3.6e6 = W. A double is plenty for a plausibility check, and cannot overflow.
        const double average_w = elapsed.count() > 0 ? static_cast<double>(delta_wh) * 3.6e6 /
                                                           static_cast<double>(elapsed.count())
                                                     : std::numeric_limits<double>::infinity();
        if (average_w > static_cast<double>(config.max_connector_power_w)) {
            const std::string rate =
                std::isfinite(average_w)
                    ? std::to_string(static_cast<std::int64_t>(average_w)) + " W average"
                    : std::string("no time at all");
            auto flagged =
                flag_it(flag::kImpossiblePower,
                        std::to_string(delta_wh) + " Wh in " + seconds(elapsed) + " (" + rate +
                            ") up to " + reading + " exceeds the maximum connector power of " +
                            std::to_string(config.max_connector_power_w) + " W");
            if (!flagged) return flagged;
        }
    }
    row.last_meter_wh = energy_wh;
    row.last_meter_at = at;
    return {};
}

tl::expected<std::size_t, StoreError> store_samples(
    Database& db, const LedgerConfig& config, const SampleTarget& target,
    const std::vector<session::MeterSample>& samples, Timestamp received_at) {
    std::optional<std::int64_t> evse_id;
    std::optional<std::int64_t> connector_id;
    if (target.connector) {
        evse_id = target.connector->evse_id;
        connector_id = target.connector->connector_id;
    } else if (target.session) {
        evse_id = target.session->evse_id;
        connector_id = target.session->connector_id;
    }
    std::optional<std::string> session_uuid;
    if (target.session) session_uuid = target.session->uuid;

    std::size_t stored = 0;
    for (const auto& sample : samples) {
        auto inserted = db.execute(
            "INSERT OR IGNORE INTO meter_samples (session_uuid, station_id, evse_id, connector_id, "
            "sampled_at, context, energy_wh, power_w, current_a, voltage_v, soc_percent, "
            "measurands, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            session_uuid, target.station_id, evse_id, connector_id, sample.timestamp,
            session::to_string(sample.context), sample.energy_wh, sample.power_w, sample.current_a,
            sample.voltage_v, sample.soc_percent, measurand_list(sample.measurands), target.source,
            received_at);
        if (!inserted) return tl::unexpected(inserted.error());
        if (db.changes() == 0) continue;  // the station repeated a message we already hold
        ++stored;
        if (target.session && sample.energy_wh) {
            const auto& last_at = target.session->last_meter_at;
            const bool in_order =
                target.in_order && !(target.history && last_at && sample.timestamp <= *last_at);
            auto checked = check_reading(db, config, *target.session, *sample.energy_wh,
                                         sample.timestamp, in_order, received_at);
            if (!checked) return tl::unexpected(checked.error());
        }
    }
    return stored;
}

}  // namespace iskra::gateway::detail
