// iskra-central: parse the command line and configuration, then run or act. All wiring is in
// central_app.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "central_app.hpp"
#include "central_config.hpp"
#include "command_line.hpp"

int main(int argc, char** argv) {
    using namespace iskra::central;
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto line = parse_command_line(args);
    if (!line) {
        std::fprintf(stderr, "iskra-central: %s\n%s", line.error().c_str(), kUsage);
        return 2;
    }
    if (line->command == CommandLine::Command::Help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (line->command == CommandLine::Command::PrintConfig) {
        std::fputs(iskra::config::documented_defaults(central_keys(), "central").c_str(), stdout);
        return 0;
    }
    const auto settings =
        load_central_settings(line->config_file, iskra::config::process_environment());
    if (!settings) {
        std::fprintf(stderr, "iskra-central: %s\n", settings.error().message.c_str());
        return 2;
    }
    return run_command(*line, *settings);
}
