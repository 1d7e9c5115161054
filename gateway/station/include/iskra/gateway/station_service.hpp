// Answers every station→CSMS message of OCPP 1.6 (with the security extension) and 2.0.1:
// each message becomes a version-neutral event, is recorded durably through the SiteLedger,
// and only then answered (DESIGN.md step 2). Registers its handlers on each new connection.
//
// Service thread only. Replies outlive nothing: a Reply whose connection closed is dropped.
#pragma once

#include <chrono>
#include <functional>

#include "iskra/gateway/ocpp_server.hpp"
#include "iskra/gateway/site_ledger.hpp"
#include "iskra/gateway/station_registry.hpp"
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

    // Shared by the per-version handler files.
    StationRegistry& registry() { return registry_; }
    SiteLedger& ledger() { return ledger_; }
    session::Timestamp now() const { return now_(); }
    const StationServiceOptions& options() const { return options_; }

private:
    StationServiceOptions options_;
    StationRegistry& registry_;
    SiteLedger& ledger_;
    Now now_;
};

void register_v16_handlers(StationService& service, StationConnection& connection);
void register_v201_handlers(StationService& service, StationConnection& connection);

}  // namespace iskra::gateway
