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
    // InvalidRequest: where in the payload ("chargingProfile/stackLevel"; "" for the root).
    std::string field;
    // Failed because the station answered CALLERROR: its error code, in its version's words.
    std::string station_error_code;

    static CommandOutcome answered(std::string response_json) {
        CommandOutcome outcome;
        outcome.kind = Kind::Answered;
        outcome.response_json = std::move(response_json);
        return outcome;
    }
    static CommandOutcome refused(Kind kind, std::string error) {
        CommandOutcome outcome;
        outcome.kind = kind;
        outcome.error = std::move(error);
        return outcome;
    }
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
