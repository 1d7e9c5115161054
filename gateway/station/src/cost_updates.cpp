#include "iskra/gateway/cost_updates.hpp"

namespace iskra::gateway {
namespace {

// Points closer than this are merged (the newer replaces the older): enough to split a session
// at 22:00 or midnight to the minute, small enough that a day-long session stays cheap.
constexpr std::chrono::seconds kSampleSpacing{60};

void add_sample(SessionSoFar& so_far, session::Timestamp at, std::int64_t energy_wh) {
    auto& samples = so_far.samples;
    if (!samples.empty() && at <= samples.back().timestamp) return;  // a replay or out of order
    session::MeterSample sample;
    sample.timestamp = at;
    sample.energy_wh = energy_wh;
    if (samples.size() >= 2 && at - samples[samples.size() - 2].timestamp < kSampleSpacing) {
        samples.back() = sample;
    } else {
        samples.push_back(sample);
    }
}

}  // namespace

void CostUpdates::on_started(const LimitedSession& session,
                             std::optional<std::int64_t> meter_start_wh,
                             session::Timestamp started_at) {
    Tracked tracked;
    tracked.so_far.started_at = started_at;
    tracked.so_far.meter_start_wh = meter_start_wh;
    // A repeated start (the station's retry, answered with the same transaction) keeps what
    // the first one gathered.
    sessions_.try_emplace(session, std::move(tracked));
}

void CostUpdates::on_samples(const LimitedSession& session,
                             const std::vector<session::MeterSample>& samples) {
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) return;
    for (const auto& sample : samples) {
        if (sample.energy_wh) add_sample(it->second.so_far, sample.timestamp, *sample.energy_wh);
    }
}

void CostUpdates::on_ended(const LimitedSession& session) {
    sessions_.erase(session);
}

void CostUpdates::seed(const LimitedSession& session, std::optional<std::int64_t> meter_start_wh,
                       session::Timestamp started_at, std::optional<std::int64_t> last_energy_wh,
                       std::optional<session::Timestamp> last_energy_at) {
    on_started(session, meter_start_wh, started_at);
    if (last_energy_wh && last_energy_at) {
        add_sample(sessions_[session].so_far, *last_energy_at, *last_energy_wh);
    }
}

void CostUpdates::refuse_station(const std::string& station_id) {
    refusing_stations_.insert(station_id);
}

void CostUpdates::on_connected(const std::string& station_id) {
    refusing_stations_.erase(station_id);
    // A station that was away may have missed a figure, and one that rebooted shows none: its
    // sessions get theirs at the next tick.
    for (auto& [key, tracked] : sessions_) {
        if (key.station_id != station_id) continue;
        tracked.last_looked_at.reset();
        tracked.last_sent_grosz.reset();
    }
}

std::optional<CostUpdate> CostUpdates::price(const LimitedSession& key, const Tracked& tracked,
                                             session::Timestamp now) const {
    if (!feed_) return std::nullopt;
    const FeedTariff* tariff = feed_->tariff_for(key.station_id, tracked.so_far.customer);
    if (!tariff) return std::nullopt;
    const auto gross = running_cost_grosz(tariff->versions, tracked.so_far, now);
    if (!gross) return std::nullopt;
    return CostUpdate{key, *gross, tariff->currency};
}

std::vector<CostUpdate> CostUpdates::due(session::Timestamp now) {
    std::vector<CostUpdate> out;
    if (interval_.count() == 0 || !feed_) return out;
    for (auto& [key, tracked] : sessions_) {
        if (refusing_stations_.count(key.station_id) != 0) continue;
        if (tracked.last_looked_at && now - *tracked.last_looked_at < interval_) continue;
        // Looked at once an interval whatever comes of it: a session its station's tariff does
        // not price costs a lookup per interval, not one per tick.
        tracked.last_looked_at = now;
        auto update = price(key, tracked, now);
        if (!update || tracked.last_sent_grosz == update->gross_grosz) continue;
        tracked.last_sent_grosz = update->gross_grosz;
        out.push_back(std::move(*update));
    }
    return out;
}

std::optional<std::int64_t> CostUpdates::cost_of(const LimitedSession& session,
                                                 session::Timestamp now) const {
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) return std::nullopt;
    auto update = price(session, it->second, now);
    if (!update) return std::nullopt;
    return update->gross_grosz;
}

}  // namespace iskra::gateway
