// iskra-gateway: parse the command line and configuration, then run or report. All wiring is
// in gateway_app.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "enrolment.hpp"
#include "gateway_app.hpp"
#include "gateway_config.hpp"
#include "status_command.hpp"

int main(int argc, char** argv) {
    using namespace iskra::gateway;
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto line = parse_command_line(args);
    if (!line) {
        std::fprintf(stderr, "iskra-gateway: %s\n%s", line.error().c_str(), kUsage);
        return 2;
    }
    if (line->command == CommandLine::Command::Help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (line->command == CommandLine::Command::PrintConfig) {
        std::fputs(iskra::config::documented_defaults(gateway_keys(), "gateway").c_str(), stdout);
        return 0;
    }
    const auto settings =
        load_gateway_settings(line->config_file, iskra::config::process_environment());
    if (!settings) {
        std::fprintf(stderr, "iskra-gateway: %s\n", settings.error().message.c_str());
        return 2;
    }
    if (line->command == CommandLine::Command::Status) return run_status_command(*settings);
    if (line->command == CommandLine::Command::Enroll) {
        return run_enroll_command(line->central_url, settings->central_ca_file, line->code,
                                  settings->data_dir, line->force);
    }
    return run_gateway(*settings);
}
