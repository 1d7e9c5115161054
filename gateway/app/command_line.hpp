// iskra-gateway's command line (DESIGN.md's contract): `iskra-gateway [--config FILE]` runs the
// gateway; subcommands `status`, `print-config` and `enroll --central URL --code CODE [--force]`.
// Parsing is pure so its errors are tested.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace iskra::gateway {

struct CommandLine {
    enum class Command { Run, Status, PrintConfig, Enroll, Help };
    Command command = Command::Run;
    std::optional<std::string> config_file;
    // enroll's
    std::string central_url;
    std::string code;
    bool force = false;
};

tl::expected<CommandLine, std::string> parse_command_line(const std::vector<std::string>& args);

extern const char* const kUsage;

}  // namespace iskra::gateway
