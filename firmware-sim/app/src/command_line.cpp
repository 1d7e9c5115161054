#include "command_line.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

#include "iskra/sim/scenario/scenario.hpp"

namespace iskra::sim::app {
namespace {

std::optional<std::int64_t> to_int(const std::string& text, std::int64_t min, std::int64_t max) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::chrono::seconds> to_seconds(const std::string& text) {
    const auto d = scenario::parse_duration(text);
    if (!d || d->count() < 0) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::seconds>(*d);
}

// --load takes "meter=10s,heartbeat=300s,ramp=30s,duration=2m,report=10s,session=20m,idle=1m";
// every part optional.
tl::expected<LoadOptions, std::string> parse_load(const std::string& spec) {
    LoadOptions load;
    load.enabled = true;
    std::string_view rest = spec;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string item(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (item.empty() || item == "on") continue;
        const auto eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const auto value = eq == std::string::npos ? std::nullopt : to_seconds(item.substr(eq + 1));
        if (!value) return tl::unexpected("--load: \"" + item + "\" is not key=duration");
        if (key == "meter" && value->count() > 0)
            load.meter_interval = *value;
        else if (key == "heartbeat" && value->count() > 0)
            load.heartbeat_interval = *value;
        else if (key == "ramp")
            load.ramp = *value;
        else if (key == "duration" && value->count() > 0)
            load.duration = *value;
        else if (key == "report" && value->count() > 0)
            load.report_every = *value;
        else if (key == "session" && value->count() > 0)
            load.session = *value;
        else if (key == "idle")
            load.idle = *value;
        else
            return tl::unexpected("--load: unknown or zero setting \"" + item +
                                  "\" (meter, heartbeat, ramp, duration, report, session, idle)");
    }
    return load;
}

}  // namespace

std::string usage() {
    return "usage: iskra-sim --url URL --protocol ocpp1.6|ocpp2.0.1 [--id ID | --stations N "
           "--id-prefix P]\n"
           "                 [--connectors M | --evses N [--connectors-per-evse M]] [--password "
           "PW]\n"
           "                 [--auto-plug] [--scenario FILE]\n"
           "                 [--console] [--load meter=10s,heartbeat=300s,ramp=30s,duration=2m,\n"
           "                  session=20m,idle=1m]\n"
           "                 [--message-log FILE] [--acceleration X] [--ca FILE] [--cert FILE "
           "--key FILE]\n"
           "                 [--insecure] [--log-level debug|info|warn|error]\n";
}

tl::expected<Options, std::string> parse_command_line(const std::vector<std::string>& args) {
    Options o;
    bool have_protocol = false;
    bool have_stations = false;
    bool have_connectors = false;
    bool have_evses = false;
    bool have_per_evse = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> tl::expected<std::string, std::string> {
            if (i + 1 >= args.size()) return tl::unexpected(a + " needs a value");
            return args[++i];
        };
        if (a == "--help" || a == "-h") {
            o.help = true;
            return o;
        }
        if (a == "--auto-plug") {
            o.auto_plug = true;
            continue;
        }
        if (a == "--console") {
            o.console = true;
            continue;
        }
        if (a == "--insecure") {
            o.insecure = true;
            continue;
        }
        if (a == "--load") {
            // The spec is optional: "--load" alone takes the defaults.
            std::string spec;
            if (i + 1 < args.size() && !args[i + 1].starts_with("--")) spec = args[++i];
            auto load = parse_load(spec);
            if (!load) return tl::unexpected(load.error());
            o.load = *load;
            continue;
        }
        static const char* const kWithValue[] = {
            "--url",         "--protocol",     "--id",       "--stations",
            "--id-prefix",   "--connectors",   "--password", "--scenario",
            "--message-log", "--acceleration", "--ca",       "--cert",
            "--key",         "--log-level",    "--evses",    "--connectors-per-evse"};
        if (std::none_of(std::begin(kWithValue), std::end(kWithValue),
                         [&](const char* known) { return a == known; })) {
            return tl::unexpected("unknown argument \"" + a + "\" (see --help)");
        }
        auto v = value();
        if (!v) return tl::unexpected(v.error());
        if (a == "--url") {
            o.url = *v;
        } else if (a == "--protocol") {
            const auto version = ocpp::version_from_subprotocol(*v);
            if (!version)
                return tl::unexpected("--protocol must be ocpp1.6 or ocpp2.0.1, not \"" + *v +
                                      "\"");
            o.version = *version;
            have_protocol = true;
        } else if (a == "--id") {
            o.id = *v;
        } else if (a == "--stations") {
            const auto n = to_int(*v, 1, 100'000);
            if (!n)
                return tl::unexpected(std::string("--stations must be a number from 1 to 100000"));
            o.stations = *n;
            have_stations = true;
        } else if (a == "--id-prefix") {
            o.id_prefix = *v;
        } else if (a == "--connectors") {
            const auto n = to_int(*v, 1, 32);
            if (!n)
                return tl::unexpected(std::string("--connectors must be a number from 1 to 32"));
            o.connectors = *n;
            have_connectors = true;
        } else if (a == "--evses") {
            const auto n = to_int(*v, 1, 32);
            if (!n) return tl::unexpected(std::string("--evses must be a number from 1 to 32"));
            o.connectors = *n;
            have_evses = true;
        } else if (a == "--connectors-per-evse") {
            const auto n = to_int(*v, 1, 8);
            if (!n) {
                return tl::unexpected(
                    std::string("--connectors-per-evse must be a number from 1 to 8"));
            }
            o.connectors_per_evse = *n;
            have_per_evse = true;
        } else if (a == "--password") {
            o.password = *v;
        } else if (a == "--scenario") {
            o.scenario = *v;
        } else if (a == "--message-log") {
            o.message_log = *v;
        } else if (a == "--acceleration") {
            char* end = nullptr;
            const double x = std::strtod(v->c_str(), &end);
            if (end == v->c_str() || *end != '\0' || x <= 0 || x > 100'000) {
                return tl::unexpected(std::string("--acceleration must be a number above 0"));
            }
            o.acceleration = x;
        } else if (a == "--ca") {
            o.ca_file = *v;
        } else if (a == "--cert") {
            o.cert_file = *v;
        } else if (a == "--key") {
            o.key_file = *v;
        } else if (a == "--log-level") {
            o.log_level = *v;
        } else {
            return tl::unexpected("unknown argument \"" + a + "\" (see --help)");
        }
    }
    if (o.url.empty())
        return tl::unexpected(std::string("--url is required (e.g. ws://127.0.0.1:9000/ocpp)"));
    if (!o.url.starts_with("ws://") && !o.url.starts_with("wss://")) {
        return tl::unexpected("--url must start with ws:// or wss://, not \"" + o.url + "\"");
    }
    if (!have_protocol)
        return tl::unexpected(std::string("--protocol is required (ocpp1.6 or ocpp2.0.1)"));
    if (o.id && have_stations)
        return tl::unexpected(std::string("give either --id or --stations, not both"));
    if (have_connectors && have_evses) {
        return tl::unexpected(
            std::string("give either --connectors or --evses, not both (2.0.1: --evses N "
                        "--connectors-per-evse M)"));
    }
    if ((have_evses || have_per_evse) && o.version != ocpp::Version::v201) {
        return tl::unexpected(std::string(have_evses ? "--evses" : "--connectors-per-evse") +
                              " needs --protocol ocpp2.0.1 (1.6 has flat connectors: "
                              "--connectors M)");
    }
    if (o.cert_file.has_value() != o.key_file.has_value()) {
        return tl::unexpected(std::string("--cert and --key go together"));
    }
    // TLS files are read by libwebsockets when the context starts, which says only that it
    // failed: name the file that is missing here instead.
    for (const auto& [flag, file] :
         {std::pair{"--ca", &o.ca_file}, std::pair{"--cert", &o.cert_file},
          std::pair{"--key", &o.key_file}}) {
        if (file->has_value() && !std::ifstream(**file).good()) {
            return tl::unexpected(std::string(flag) + " " + **file + " cannot be read");
        }
    }
    if ((o.ca_file || o.cert_file) && !o.url.starts_with("wss://")) {
        return tl::unexpected(std::string("--ca and --cert need a wss:// --url"));
    }
    if (o.scenario && o.load.enabled)
        return tl::unexpected(std::string("--scenario and --load exclude each other"));
    if (o.message_log && !o.scenario)
        return tl::unexpected(std::string("--message-log needs --scenario"));
    return o;
}

std::vector<std::string> with_environment(
    std::vector<std::string> args,
    const std::function<std::optional<std::string>(const char*)>& lookup) {
    static const std::pair<const char*, const char*> kVariables[] = {
        {"--url", "ISKRA_SIM_URL"},
        {"--protocol", "ISKRA_SIM_PROTOCOL"},
        {"--password", "ISKRA_SIM_PASSWORD"},
        {"--ca", "ISKRA_SIM_CA"},
        {"--cert", "ISKRA_SIM_CERT"},
        {"--key", "ISKRA_SIM_KEY"},
        {"--id-prefix", "ISKRA_SIM_ID_PREFIX"},
        {"--log-level", "ISKRA_SIM_LOG_LEVEL"}};
    std::vector<std::string> extra;
    for (const auto& [flag, variable] : kVariables) {
        if (std::find(args.begin(), args.end(), flag) != args.end()) continue;
        const auto value = lookup(variable);
        if (!value || value->empty()) continue;
        extra.emplace_back(flag);
        extra.push_back(*value);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace iskra::sim::app
