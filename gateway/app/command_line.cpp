#include "command_line.hpp"

namespace iskra::gateway {

const char* const kUsage =
    "usage: iskra-gateway [--config FILE] [status | print-config | enroll ...]\n"
    "  (no command)   run the gateway until SIGTERM\n"
    "  status         ask the running gateway what it sees and print it\n"
    "  print-config   print every setting with its default and documentation\n"
    "  enroll --central URL --code CODE [--force]\n"
    "                 trade a one-time enrolment code from central's back office for this\n"
    "                 gateway's identity (DATA_DIR/central-identity.json); --force replaces one\n"
    "Every setting section.key can also be set as ISKRA_GATEWAY_SECTION_KEY.\n";

tl::expected<CommandLine, std::string> parse_command_line(const std::vector<std::string>& args) {
    CommandLine line;
    bool command_seen = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--config" || arg == "-c") {
            if (i + 1 >= args.size())
                return tl::unexpected(std::string("--config needs a file name"));
            line.config_file = args[++i];
        } else if (arg.starts_with("--config=")) {
            line.config_file = arg.substr(9);
        } else if (arg == "--central" || arg == "--code") {
            if (i + 1 >= args.size()) return tl::unexpected(arg + " needs a value");
            (arg == "--central" ? line.central_url : line.code) = args[++i];
        } else if (arg == "--force") {
            line.force = true;
        } else if (arg == "--help" || arg == "-h") {
            line.command = CommandLine::Command::Help;
        } else if (!arg.starts_with("-") && !command_seen) {
            command_seen = true;
            if (arg == "status") {
                line.command = CommandLine::Command::Status;
            } else if (arg == "print-config") {
                line.command = CommandLine::Command::PrintConfig;
            } else if (arg == "enroll") {
                line.command = CommandLine::Command::Enroll;
            } else {
                return tl::unexpected("unknown command '" + arg + "'");
            }
        } else {
            return tl::unexpected("unexpected argument '" + arg + "'");
        }
    }
    const bool enrolling = line.command == CommandLine::Command::Enroll;
    if (!enrolling && (!line.central_url.empty() || !line.code.empty() || line.force)) {
        return tl::unexpected(std::string("--central, --code and --force belong to enroll"));
    }
    if (enrolling && (line.central_url.empty() || line.code.empty())) {
        return tl::unexpected(std::string("enroll needs --central URL and --code CODE"));
    }
    return line;
}

}  // namespace iskra::gateway
