// iskra-sim: parse the command line, build the stations, run them until told to stop.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "command_line.hpp"
#include "host.hpp"
#include "iskra/log/log.hpp"

namespace {

// The one global: a signal handler has nowhere else to find the loop it must stop.
iskra::sim::app::Host* g_host = nullptr;

extern "C" void on_signal(int) {
    if (g_host != nullptr) g_host->stop();
}

int fail(const std::string& reason, int code = 2) {
    std::fprintf(stderr, "iskra-sim: %s\n", reason.c_str());
    return code;
}

std::vector<iskra::sim::StationConfig> command_line_stations(const iskra::sim::app::Options& o) {
    using namespace iskra::sim;
    std::vector<StationConfig> out;
    const std::int64_t n = o.id ? 1 : o.stations;
    const std::size_t width = std::to_string(n).size();
    for (std::int64_t i = 1; i <= n; ++i) {
        StationConfig c;
        if (o.id) {
            c.identity.id = *o.id;
        } else {
            std::string number = std::to_string(i);
            c.identity.id = o.id_prefix + std::string(width - number.size(), '0') + number;
        }
        c.identity.serial_number = "SIM-" + c.identity.id;
        c.version = o.version;
        c.evses = uniform_evses(static_cast<std::size_t>(o.connectors),
                                static_cast<std::size_t>(o.connectors_per_evse));
        c.auto_plug = o.auto_plug;
        c.seed = static_cast<std::uint64_t>(i);
        if (o.load.enabled) {
            c.settings.sample_interval_s = o.load.meter_interval.count();
            c.settings.heartbeat_interval_s = o.load.heartbeat_interval.count();
            // Big enough never to fill during a run: the load stays constant.
            c.default_ev.capacity_wh = 10'000'000;
            c.default_ev.initial_soc_percent = 10;
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace iskra::sim;
    const std::vector<std::string> args =
        app::with_environment(std::vector<std::string>(argv + 1, argv + argc),
                              [](const char* name) -> std::optional<std::string> {
                                  const char* value = std::getenv(name);
                                  if (value == nullptr) return std::nullopt;
                                  return std::string(value);
                              });
    auto options = app::parse_command_line(args);
    if (!options) return fail(options.error() + "\n" + app::usage());
    if (options->help) {
        std::printf("%s", app::usage().c_str());
        return 0;
    }
    iskra::log::Level level{};
    if (!iskra::log::parse_level(options->log_level, level)) {
        return fail("--log-level must be debug, info, warn or error");
    }
    iskra::log::set_level(level);

    app::HostPlan plan;
    plan.options = *options;
    if (options->scenario) {
        scenario::ScenarioDefaults defaults;
        defaults.version = options->version;
        defaults.password = options->password;
        defaults.auto_plug = options->auto_plug;
        auto loaded = scenario::load_scenario(*options->scenario, defaults);
        if (!loaded) return fail("bad scenario: " + loaded.error().describe());
        plan.stations = loaded->stations;
        for (auto& c : plan.stations)
            c.sync_clock = false;
        plan.scenario = std::move(*loaded);
    } else {
        plan.stations = command_line_stations(*options);
    }
    const int profile = options->cert_file  ? 3
                        : options->password ? (options->url.starts_with("wss://") ? 2 : 1)
                                            : 0;
    for (auto& c : plan.stations)
        c.security_profile = profile;

    app::Host host(std::move(plan));
    if (auto started = host.start(); !started) return fail(started.error(), 1);
    g_host = &host;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    if (options->console) {
        // Detached: a blocking read cannot be interrupted cleanly, and the process is ending
        // when the loop returns anyway.
        std::thread([&host] {
            std::string line;
            while (std::getline(std::cin, line)) {
                host.client().post([&host, line] { host.console_line(line); });
            }
            host.client().post([&host] { host.console_line("quit"); });
        }).detach();
        std::printf("console: type help for commands\n");
        std::fflush(stdout);
    }
    const int code = host.run();
    g_host = nullptr;
    return code;
}
