// Answers every station→CSMS message of OCPP 1.6 (with the security extension) and 2.0.1:
// each message becomes a version-neutral event, is recorded durably through the SiteLedger,
// and only then answered (DESIGN.md step 2). Its handlers are registered once per OCPP version
// and shared by every connection of that version.
//
// Service thread only. Replies outlive nothing: a Reply whose connection closed is dropped.
#pragma once

#include <chrono>
#include <functional>
#include <map>

#include "iskra/gateway/cost_updates.hpp"
#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/session_limits.hpp"
#include "iskra/gateway/site_ledger.hpp"
#include "iskra/gateway/station_registry.hpp"
#include "iskra/gateway/station_router.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::gateway {

struct StationServiceOptions {
    std::chrono::seconds heartbeat_interval{300};
    // What a station told Pending or Rejected waits before it boots again.
    std::chrono::seconds boot_retry_interval{60};
    // How often a station in a session is sent its running cost (2.0.1 CostUpdated, 1.6
    // DataTransfer org.iskra/RunningCost) when the tariff feed prices it; 0: never.
    std::chrono::seconds cost_update_interval{60};
};

class StationService : public StationHandler {
public:
    using Now = std::function<session::Timestamp()>;

    StationService(StationServiceOptions options, StationRegistry& registry, SiteLedger& ledger,
                   Now now);

    void on_connected(StationConnection& connection) override;
    void on_disconnected(StationConnection& connection) override;
    // Stops the sessions whose kWh or minute limit is reached and sends the running costs due.
    void on_tick() override;

    // The tariff feed running costs are priced with from now on (nullptr: none).
    void set_tariff_feed(std::shared_ptr<const TariffFeed> feed) {
        costs_.set_feed(std::move(feed));
    }

    struct RemoteStart {
        std::int64_t evse_id = 0;  // 0: let the station choose
        session::Token token;
        SessionLimit limit;
    };
    // Asks the station to start a session (1.6 RemoteStartTransaction, 2.0.1
    // RequestStartTransaction); when it accepts, the limit applies to the session it starts.
    // `done` gets the station's answer as JSON, or why there is none.
    void remote_start(const std::string& station_id, RemoteStart request,
                      std::function<void(tl::expected<std::string, std::string>)> done);

    // Shared by the per-version handler files.
    StationRegistry& registry() { return registry_; }
    SiteLedger& ledger() { return ledger_; }
    session::Timestamp now() const { return now_(); }
    const StationServiceOptions& options() const { return options_; }
    SessionLimits& limits() { return limits_; }
    CostUpdates& costs() { return costs_; }

    // What the handlers report of a session once it is recorded; each watcher (limits, running
    // cost) takes its part.
    void session_started(const LimitedSession& session, std::int64_t evse_id,
                         std::optional<std::int64_t> meter_start_wh, session::Timestamp started_at);
    void session_samples(const LimitedSession& session,
                         const std::vector<session::MeterSample>& samples);
    void session_ended(const LimitedSession& session);

private:
    void stop_sessions_at_limits();
    void send_cost_updates();

    StationServiceOptions options_;
    StationRegistry& registry_;
    SiteLedger& ledger_;
    Now now_;
    SessionLimits limits_;
    CostUpdates costs_{options_.cost_update_interval};
    std::map<std::string, StationConnection*, std::less<>> connections_;
    std::int64_t next_remote_start_id_ = 1;
    StationRouter v16_router_{ocpp::Version::v16};
    StationRouter v201_router_{ocpp::Version::v201};
};

void register_v16_handlers(StationService& service, StationRouter& router);
void register_v201_handlers(StationService& service, StationRouter& router);

}  // namespace iskra::gateway
