// Remote starts with a kWh and/or minute limit (the back office's "start on behalf of a user,
// up to 20 kWh"): the gateway stops the session itself when a limit is reached, which works
// the same for every station of either version, whatever charging profiles it supports.
//
// limit_reached() is the pure rule; SessionLimits keeps the limits of the service thread's
// sessions and says which ones must stop now.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iskra/session/events.hpp"

namespace iskra::gateway {

struct SessionLimit {
    std::optional<std::int64_t> max_energy_wh;
    std::optional<std::chrono::minutes> max_duration;
    bool operator==(const SessionLimit&) const = default;
};

struct LimitProgress {
    std::optional<std::int64_t> meter_start_wh;
    session::Timestamp started_at;
    std::optional<std::int64_t> last_energy_wh;  // the newest energy register reading
};

// EnergyLimitReached or TimeLimitReached once a limit is met; nullopt before. Energy counts
// from the session's meter start (or its first reading when the start was not reported).
std::optional<session::StopReason> limit_reached(const SessionLimit& limit,
                                                 const LimitProgress& progress,
                                                 session::Timestamp now);

// Which station session a limit belongs to: the station, and its own name for the transaction.
struct LimitedSession {
    std::string station_id;
    session::TransactionRef transaction;
    bool operator<(const LimitedSession& other) const;
};

class SessionLimits {
public:
    // A remote start was accepted with this limit; it applies to the next session the station
    // starts on that EVSE (0: any EVSE of the station).
    void expect(std::string station_id, std::int64_t evse_id, SessionLimit limit,
                session::Timestamp now);
    // A session started: it takes an expected limit of its station and EVSE, if any.
    void on_started(const std::string& station_id, const session::TransactionRef& transaction,
                    std::int64_t evse_id, std::optional<std::int64_t> meter_start_wh,
                    session::Timestamp started_at);
    void on_samples(const LimitedSession& session,
                    const std::vector<session::MeterSample>& samples);
    void on_ended(const LimitedSession& session);

    struct Due {
        LimitedSession session;
        session::StopReason reason;
    };
    // Sessions whose limit is reached and that have not been asked to stop yet; each is
    // returned once.
    std::vector<Due> due(session::Timestamp now);

    bool limited(const LimitedSession& session) const { return active_.count(session) != 0; }

private:
    struct Expected {
        std::string station_id;
        std::int64_t evse_id;
        SessionLimit limit;
        session::Timestamp expires_at;
    };
    struct Active {
        SessionLimit limit;
        LimitProgress progress;
        bool stop_requested = false;
    };
    std::vector<Expected> expected_;
    std::map<LimitedSession, Active> active_;
};

}  // namespace iskra::gateway
