// Sending a CSMS→station command from any thread (the status API, later central's commands):
// the call is made on the service thread through the station's RPC endpoint, which validates
// the payload against the action's schema, and the outcome comes back as a future.
#pragma once

#include <future>
#include <string>

#include "iskra/gateway/ocpp_server.hpp"

namespace iskra::gateway {

struct CommandOutcome {
    enum class Kind { Answered, NotConnected, UnknownAction, InvalidRequest, Failed };
    Kind kind = Kind::Failed;
    std::string response_json;  // the station's CALLRESULT payload when Answered
    std::string error;          // what went wrong otherwise
};

std::string_view to_string(CommandOutcome::Kind kind);

class StationCommands {
public:
    explicit StationCommands(OcppServer& server) : server_(server) {}

    // Any thread. `payload_json` is the request payload of `action` in the station's version.
    std::future<CommandOutcome> send(std::string station_id, std::string action,
                                     std::string payload_json);

private:
    OcppServer& server_;
};

}  // namespace iskra::gateway
