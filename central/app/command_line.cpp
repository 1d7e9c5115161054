#include "command_line.hpp"

#include <array>
#include <utility>

namespace iskra::central {

const char* const kUsage =
    "usage: iskra-central [--config FILE] [COMMAND [OPTIONS]]\n"
    "  (no command)     run the server until SIGTERM\n"
    "  print-config     print every setting with its default and documentation\n"
    "  migrate          bring the database schema up to date and exit\n"
    "  routes           list every API route with who may call it\n"
    "  create-user --email E --role R [--name N]\n"
    "                   create a user with a random password, printed once\n"
    "                   (roles: driver, fleet_admin, back_office_admin, support_first_line,\n"
    "                   support_second_line, call_centre, technician, super_admin)\n"
    "  create-site --name N [--city C]\n"
    "                   create a site and print its id\n"
    "  enrolment-code --site ID\n"
    "                   print a one-time code for `iskra-gateway enroll`\n"
    "Every setting section.key can also be set as ISKRA_CENTRAL_SECTION_KEY.\n";

namespace {

using Command = CommandLine::Command;

struct CommandSpec {
    const char* name;
    Command command;
    std::vector<std::string> required;
    std::vector<std::string> optional;
};

const std::vector<CommandSpec>& command_specs() {
    static const std::vector<CommandSpec> specs = {
        {"print-config", Command::PrintConfig, {}, {}},
        {"migrate", Command::Migrate, {}, {}},
        {"routes", Command::Routes, {}, {}},
        {"create-user", Command::CreateUser, {"email", "role"}, {"name"}},
        {"create-site", Command::CreateSite, {"name"}, {"city"}},
        {"enrolment-code", Command::EnrolmentCode, {"site"}, {}},
    };
    return specs;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    for (const auto& n : names)
        if (n == name) return true;
    return false;
}

}  // namespace

tl::expected<CommandLine, std::string> parse_command_line(const std::vector<std::string>& args) {
    CommandLine line;
    const CommandSpec* spec = nullptr;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            line.command = Command::Help;
            return line;
        }
        if (arg == "--config" || arg == "-c") {
            if (i + 1 >= args.size()) return tl::unexpected(std::string("--config needs a file"));
            line.config_file = args[++i];
            continue;
        }
        if (arg.starts_with("--config=")) {
            line.config_file = arg.substr(9);
            continue;
        }
        if (!arg.starts_with("-")) {
            if (spec) return tl::unexpected("unexpected argument '" + arg + "'");
            for (const auto& candidate : command_specs())
                if (arg == candidate.name) spec = &candidate;
            if (!spec) return tl::unexpected("unknown command '" + arg + "'");
            line.command = spec->command;
            continue;
        }
        const std::string name = arg.substr(2);
        if (!arg.starts_with("--") || !spec ||
            !(contains(spec->required, name) || contains(spec->optional, name))) {
            return tl::unexpected("unexpected option '" + arg + "'");
        }
        if (i + 1 >= args.size() || args[i + 1].starts_with("--")) {
            return tl::unexpected(arg + " needs a value");
        }
        line.options[name] = args[++i];
    }
    if (spec) {
        for (const auto& name : spec->required) {
            if (!line.options.contains(name)) {
                return tl::unexpected(std::string(spec->name) + " needs --" + name);
            }
        }
    }
    return line;
}

}  // namespace iskra::central
