// iskra-central's command line (DESIGN.md's contract): `iskra-central [--config FILE]` runs the
// server; subcommands for ops and for the README's run script act on the database directly.
// Parsing is pure so its errors are tested.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace iskra::central {

struct CommandLine {
    enum class Command {
        Run,
        PrintConfig,
        Migrate,
        Routes,
        CreateUser,
        CreateSite,
        EnrolmentCode,
        Help
    };
    Command command = Command::Run;
    std::optional<std::string> config_file;
    std::map<std::string, std::string> options;  // "--email a@b" → {"email": "a@b"}
};

tl::expected<CommandLine, std::string> parse_command_line(const std::vector<std::string>& args);

extern const char* const kUsage;

}  // namespace iskra::central
