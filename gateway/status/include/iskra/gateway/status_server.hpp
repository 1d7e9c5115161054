// The technician's window into the gateway (cpp-httplib on its own thread pool): a small HTML
// page and a JSON API listing connected stations, connector states, open sessions, outbox
// backlog and uplink state, plus sending commands to a station. Loopback by default.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/gateway/station_commands.hpp"

namespace httplib {
class Server;
}

namespace iskra::gateway {

struct StatusSources {
    // Everything /api/v1/status shows; called on an HTTP thread, may block briefly.
    std::function<nlohmann::json()> status;
    // The command log: a command is recorded Pending (and committed) before it is sent, then
    // settled with its outcome, so a crash mid-command leaves a Pending row. begin_command
    // returns the row's id, or why the store could not take it (the command is not sent).
    std::function<tl::expected<std::int64_t, std::string>(
        const std::string& station_id, const std::string& action, const std::string& payload_json)>
        begin_command;
    std::function<tl::expected<void, std::string>(std::int64_t id, const CommandOutcome& outcome)>
        finish_command;
    // Adds a station to the allow-list or changes it; `password` empty keeps the current one.
    // Returns an error message for a 4xx, or nothing.
    std::function<std::optional<std::string>(const std::string& station_id,
                                             const std::string& allow_state,
                                             const std::optional<std::string>& password)>
        set_station;
    // Replaces (full) or updates (differential) the gateway's local authorisation list with
    // entries [{"id_token": "...", "status": "Accepted", "expires_at": "..."}]; a null status
    // removes a token in a differential update.
    std::function<std::optional<std::string>(std::int64_t version, bool full,
                                             const nlohmann::json& entries)>
        update_local_list;
    // Starts a session on behalf of a driver with optional kWh / minute limits the gateway
    // enforces. The station's answer as JSON, or why there is none.
    struct RemoteStart {
        std::string station_id;
        std::int64_t evse_id = 0;
        std::string id_token;
        std::optional<std::int64_t> max_energy_wh;
        std::optional<std::int64_t> max_minutes;
    };
    std::function<tl::expected<std::string, std::string>(const RemoteStart& request)> remote_start;
};

class StatusServer {
public:
    StatusServer(std::string host, std::uint16_t port, StatusSources sources,
                 StationCommands& commands, std::chrono::milliseconds command_timeout);
    ~StatusServer();

    // Binds and starts serving on a thread of its own.
    tl::expected<void, std::string> start();
    std::uint16_t port() const { return port_; }
    void stop();

private:
    void routes();

    std::string host_;
    std::uint16_t port_;
    StatusSources sources_;
    StationCommands& commands_;
    std::chrono::milliseconds command_timeout_;
    std::unique_ptr<httplib::Server> http_;
    std::thread thread_;
};

// The status JSON as a page a person reads on a phone at the site.
std::string render_status_page(const nlohmann::json& status);

}  // namespace iskra::gateway
