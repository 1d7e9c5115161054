// iskra-sim's command line (DESIGN.md's contract, extended, never renamed). Parsed on the main
// thread at start; a bad argument is one line naming it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/ocpp/version.hpp"

namespace iskra::sim::app {

// What --load asks for: every station charges from boot, sampling every `meter_interval`.
// With `session` set the traffic mixes: each connector charges for about that long, the driver
// taps out and leaves, the connector stays idle about `idle`, and a new driver comes (Authorize,
// Start/Stop or TransactionEvents and StatusNotifications besides the meter values).
struct LoadOptions {
    bool enabled = false;
    std::chrono::seconds meter_interval{10};
    std::chrono::seconds heartbeat_interval{300};
    std::chrono::seconds ramp{0};                  // spread the connections over this long
    std::optional<std::chrono::seconds> duration;  // stop after this long
    std::chrono::seconds report_every{10};
    std::chrono::seconds session{0};  // 0: charge for the whole run
    std::chrono::seconds idle{60};
};

struct Options {
    std::string url;  // ws[s]://host:port/base
    ocpp::Version version = ocpp::Version::v16;
    std::optional<std::string> id;
    std::int64_t stations = 1;
    std::string id_prefix = "SIM-";
    std::int64_t connectors = 1;  // 1.6 connectors, or 2.0.1 EVSEs (--connectors / --evses)
    std::int64_t connectors_per_evse = 1;  // 2.0.1 only
    std::optional<std::string> password;
    bool auto_plug = false;
    std::optional<std::string> scenario;
    bool console = false;
    LoadOptions load;
    std::optional<std::string> message_log;  // scenario runs: where to write the message log
    std::optional<double> acceleration;      // overrides the scenario's
    std::optional<std::string> ca_file;      // wss: trust this CA
    std::optional<std::string> cert_file;    // security profile 3: client certificate
    std::optional<std::string> key_file;
    bool insecure = false;  // wss without verifying the server (tests only)
    std::string log_level = "info";
    bool help = false;
};

tl::expected<Options, std::string> parse_command_line(const std::vector<std::string>& args);

// `args` with what the environment sets for options they do not give: ISKRA_SIM_URL,
// ISKRA_SIM_PROTOCOL, ISKRA_SIM_PASSWORD (kept off the command line, where `ps` shows it),
// ISKRA_SIM_CA, ISKRA_SIM_CERT, ISKRA_SIM_KEY, ISKRA_SIM_ID_PREFIX, ISKRA_SIM_LOG_LEVEL. The
// command line wins; empty variables count as unset. `lookup` reads one variable.
std::vector<std::string> with_environment(
    std::vector<std::string> args,
    const std::function<std::optional<std::string>(const char*)>& lookup);
std::string usage();

}  // namespace iskra::sim::app
