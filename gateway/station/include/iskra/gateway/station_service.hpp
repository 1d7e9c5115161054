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
};

class StationService : public StationHandler {
public:
    using Now = std::function<session::Timestamp()>;

    StationService(StationServiceOptions options, StationRegistry& registry, SiteLedger& ledger,
                   Now now);

    void on_connected(StationConnection& connection) override;
    void on_disconnected(StationConnection& connection) override;
    // Stops the sessions whose kWh or minute limit is reached.
    void on_tick() override;

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

private:
    StationServiceOptions options_;
    StationRegistry& registry_;
    SiteLedger& ledger_;
    Now now_;
    SessionLimits limits_;
    std::map<std::string, StationConnection*, std::less<>> connections_;
    std::int64_t next_remote_start_id_ = 1;
    StationRouter v16_router_{ocpp::Version::v16};
    StationRouter v201_router_{ocpp::Version::v201};
};

void register_v16_handlers(StationService& service, StationRouter& router);
void register_v201_handlers(StationService& service, StationRouter& router);

}  // namespace iskra::gateway
