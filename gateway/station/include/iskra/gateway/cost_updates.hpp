// The running cost a station shows its driver (2.0.1 CostUpdated, 1.6 DataTransfer): the service
// thread's sessions in progress, priced from the last tariff feed, and which of them are due a
// new figure. It decides; StationService sends. Pure: no I/O, the caller passes the clock.
//
// A session is priced from its meter start and its energy samples, kept at least a minute apart
// (a newer reading within the minute replaces the previous one), so a 30-hour session holds
// under 2,000 points and a boundary such as 22:00 is still split within a minute of the truth.
// The customer kind is ad hoc: the gateway does not know a token's contract; central bills.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "iskra/gateway/running_cost.hpp"
#include "iskra/gateway/session_limits.hpp"
#include "iskra/gateway/tariff_feed.hpp"

namespace iskra::gateway {

struct CostUpdate {
    LimitedSession session;
    std::int64_t gross_grosz = 0;
    std::string currency;
};

class CostUpdates {
public:
    // interval 0: never due (the feature is off), though cost_of() still answers.
    explicit CostUpdates(std::chrono::seconds interval) : interval_(interval) {}

    // The feed to price with from now on; nullptr: none (no figures). Already-sent figures are
    // not retracted; the next one uses the new feed.
    void set_feed(std::shared_ptr<const TariffFeed> feed) { feed_ = std::move(feed); }
    bool has_feed() const { return feed_ && !feed_->empty(); }

    void on_started(const LimitedSession& session, std::optional<std::int64_t> meter_start_wh,
                    session::Timestamp started_at);
    // Samples of a session not started here (begun before a restart, say) are ignored: without
    // its start there is nothing to price from. seed() covers sessions found open at start.
    void on_samples(const LimitedSession& session,
                    const std::vector<session::MeterSample>& samples);
    void on_ended(const LimitedSession& session);

    // A session the store had open when the gateway started: its start and latest reading.
    void seed(const LimitedSession& session, std::optional<std::int64_t> meter_start_wh,
              session::Timestamp started_at, std::optional<std::int64_t> last_energy_wh,
              std::optional<session::Timestamp> last_energy_at);

    // The station said it does not take running-cost updates: none go to it until it connects
    // again (on_connected, which also has its sessions' figures sent again at once).
    void refuse_station(const std::string& station_id);
    void on_connected(const std::string& station_id);

    // Sessions last looked at an interval ago or more (or never), whose station takes updates
    // and whose price changed since the figure it has; each is looked at again an interval
    // later. Each returned update counts as sent.
    std::vector<CostUpdate> due(session::Timestamp now);

    // The gross cost so far of one tracked session; nullopt when untracked or unpriceable.
    std::optional<std::int64_t> cost_of(const LimitedSession& session,
                                        session::Timestamp now) const;

    std::size_t tracked() const { return sessions_.size(); }

private:
    struct Tracked {
        SessionSoFar so_far;
        std::optional<session::Timestamp> last_looked_at;
        std::optional<std::int64_t> last_sent_grosz;
    };
    std::optional<CostUpdate> price(const LimitedSession& key, const Tracked& tracked,
                                    session::Timestamp now) const;

    std::chrono::seconds interval_;
    std::shared_ptr<const TariffFeed> feed_;
    std::map<LimitedSession, Tracked> sessions_;
    std::set<std::string, std::less<>> refusing_stations_;
};

}  // namespace iskra::gateway
