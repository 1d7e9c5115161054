// Commands central queued (common/sync/README.md, Commands down), run the way the status API
// runs a technician's: sent to the station through StationCommands (the service thread), or,
// for "RemoteStart", through the station service with its kWh / time limits; then settled in
// the command log, which queues CommandCompleted (with central's command id) for central.
// Called on the uplink's command runner thread; blocks until the station answers or times out.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "command_history.hpp"
#include "iskra/gateway/station_commands.hpp"
#include "iskra/gateway/station_service.hpp"
#include "iskra/gateway/uplink/uplink.hpp"

namespace iskra::gateway {

class CentralCommandRunner {
public:
    // Starts a session on the service thread and waits for the station's answer (JSON).
    using RemoteStart = std::function<tl::expected<std::string, std::string>(
        const std::string& station_id, const StationService::RemoteStart& request)>;

    CentralCommandRunner(StationCommands& commands, RemoteStart remote_start,
                         CommandHistory& history, std::chrono::milliseconds timeout)
        : commands_(commands),
          remote_start_(std::move(remote_start)),
          history_(history),
          timeout_(timeout) {}

    void run(const CentralCommandJob& job);

private:
    CommandOutcome outcome_of(const CentralCommandJob& job);
    CommandOutcome remote_start(const CentralCommandJob& job);

    StationCommands& commands_;
    RemoteStart remote_start_;
    CommandHistory& history_;
    std::chrono::milliseconds timeout_;
};

}  // namespace iskra::gateway
