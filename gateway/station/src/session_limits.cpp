#include "iskra/gateway/session_limits.hpp"

#include <algorithm>

namespace iskra::gateway {
namespace {

// A remote start that never turns into a session should not limit one hours later.
constexpr std::chrono::minutes kExpectationLifetime{10};

}  // namespace

std::optional<session::StopReason> limit_reached(const SessionLimit& limit,
                                                 const LimitProgress& progress,
                                                 session::Timestamp now) {
    if (limit.max_energy_wh && progress.meter_start_wh && progress.last_energy_wh &&
        *progress.last_energy_wh - *progress.meter_start_wh >= *limit.max_energy_wh) {
        return session::StopReason::EnergyLimitReached;
    }
    if (limit.max_duration && now - progress.started_at >= *limit.max_duration) {
        return session::StopReason::TimeLimitReached;
    }
    return std::nullopt;
}

bool LimitedSession::operator<(const LimitedSession& other) const {
    return std::tie(station_id, transaction) < std::tie(other.station_id, other.transaction);
}

void SessionLimits::expect(std::string station_id, std::int64_t evse_id, SessionLimit limit,
                           session::Timestamp now) {
    expected_.push_back({std::move(station_id), evse_id, limit, now + kExpectationLifetime});
}

void SessionLimits::on_started(const std::string& station_id,
                               const session::TransactionRef& transaction, std::int64_t evse_id,
                               std::optional<std::int64_t> meter_start_wh,
                               session::Timestamp started_at) {
    const auto it = std::find_if(expected_.begin(), expected_.end(), [&](const Expected& e) {
        return e.station_id == station_id && (e.evse_id == 0 || e.evse_id == evse_id);
    });
    if (it == expected_.end()) return;
    active_[{station_id, transaction}] =
        Active{it->limit, LimitProgress{meter_start_wh, started_at, meter_start_wh}, false};
    expected_.erase(it);
}

void SessionLimits::on_samples(const LimitedSession& session,
                               const std::vector<session::MeterSample>& samples) {
    const auto it = active_.find(session);
    if (it == active_.end()) return;
    for (const auto& sample : samples) {
        if (!sample.energy_wh) continue;
        auto& progress = it->second.progress;
        if (!progress.meter_start_wh) progress.meter_start_wh = sample.energy_wh;
        progress.last_energy_wh = sample.energy_wh;
    }
}

void SessionLimits::on_ended(const LimitedSession& session) {
    active_.erase(session);
}

std::vector<SessionLimits::Due> SessionLimits::due(session::Timestamp now) {
    std::erase_if(expected_, [&](const Expected& e) { return e.expires_at <= now; });
    std::vector<Due> out;
    for (auto& [session, active] : active_) {
        if (active.stop_requested) continue;
        if (auto reason = limit_reached(active.limit, active.progress, now)) {
            active.stop_requested = true;
            out.push_back({session, *reason});
        }
    }
    return out;
}

}  // namespace iskra::gateway
