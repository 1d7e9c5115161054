// Scenario files: the top level (name, seed, start, duration, stations) and the timeline of
// actions, read strictly so every error names its file and JSON path.
#include <fstream>
#include <sstream>

#include "iskra/session/timestamp.hpp"
#include "iskra/sim/model/rng.hpp"
#include "json_reader.hpp"
#include "parse_parts.hpp"

namespace iskra::sim::scenario {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// "evse" and "connector" of an action must name something the station has (checked when the
// action names one station; "*" may reach stations of different shapes).
tl::expected<void, ScenarioError> check_place(const ObjectReader& r, const std::string& path,
                                              const Action& a, std::optional<std::int64_t> evse,
                                              std::optional<std::int64_t> connector,
                                              const Scenario& s) {
    const bool per_connector = a.kind == ActionKind::Plug || a.kind == ActionKind::Unplug;
    const bool placed = per_connector || a.kind == ActionKind::Tap || a.kind == ActionKind::Fault ||
                        a.kind == ActionKind::Recover;
    if (evse && !placed) {
        return tl::unexpected(r.error(path + ".evse", "is not used by this action"));
    }
    if (evse && connector && !per_connector) {
        return tl::unexpected(r.error(path + ".connector",
                                      "names a connector of an EVSE, which only plug and unplug "
                                      "do; this action applies to the whole EVSE"));
    }
    const StationConfig* station = nullptr;
    for (const auto& c : s.stations) {
        if (c.identity.id == a.station) station = &c;
    }
    if (station == nullptr) return {};
    if (evse) {
        if (station->version != ocpp::Version::v201) {
            return tl::unexpected(r.error(
                path + ".evse", "station " + a.station +
                                    " speaks ocpp1.6, which has no EVSEs; name its connector"));
        }
        if (*evse > static_cast<std::int64_t>(station->evses.size())) {
            return tl::unexpected(
                r.error(path + ".evse", "station " + a.station + " has " +
                                            std::to_string(station->evses.size()) + " EVSE(s)"));
        }
        const auto& list = station->evses[static_cast<std::size_t>(*evse - 1)].connectors;
        if (connector && *connector > static_cast<std::int64_t>(list.size())) {
            return tl::unexpected(r.error(
                path + ".connector", "EVSE " + std::to_string(*evse) + " of station " + a.station +
                                         " has " + std::to_string(list.size()) + " connector(s)"));
        }
        return {};
    }
    // Without "evse", "connector" is a 1.6 connector (all of them, flat) or a 2.0.1 EVSE.
    std::size_t count = station->evses.size();
    if (station->version != ocpp::Version::v201) {
        count = 0;
        for (const auto& e : station->evses)
            count += e.connectors.size();
    }
    if (connector && *connector > static_cast<std::int64_t>(count)) {
        return tl::unexpected(
            r.error(path + ".connector",
                    "station " + a.station + " has " + std::to_string(count) +
                        (station->version == ocpp::Version::v201 ? " EVSE(s)" : " connector(s)") +
                        (station->version == ocpp::Version::v201
                             ? "; a connector of an EVSE is named with \"evse\" and \"connector\""
                             : "")));
    }
    return {};
}

tl::expected<Action, ScenarioError> parse_action(const json& j, const std::string& path,
                                                 const std::string& file, const Scenario& s,
                                                 model::Rng& rng) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    Action a;
    std::optional<milliseconds> at, jitter, duration;
    ISKRA_READ(at, r.duration("at"));
    if (!at) return tl::unexpected(r.error(path + ".at", "is required"));
    if (*at < milliseconds(0)) return tl::unexpected(r.error(path + ".at", "must not be negative"));
    a.at = *at;
    ISKRA_READ(jitter, r.duration("jitter"));
    if (jitter && jitter->count() > 0) a.at += milliseconds(rng.uniform(0, jitter->count()));
    std::optional<std::string> station, kind;
    ISKRA_READ(station, r.text("station"));
    if (!station) {
        if (s.stations.size() != 1) {
            return tl::unexpected(r.error(path + ".station", "is required with several stations"));
        }
        station = s.stations.front().identity.id;
    }
    if (*station != "*" && std::none_of(s.stations.begin(), s.stations.end(),
                                        [&](const auto& c) { return c.identity.id == *station; })) {
        return tl::unexpected(
            r.error(path + ".station", "names no station (\"" + *station + "\")"));
    }
    a.station = *station;
    ISKRA_READ(kind, r.text("action"));
    if (!kind) return tl::unexpected(r.error(path + ".action", "is required"));
    static const std::pair<const char*, ActionKind> kKinds[] = {
        {"plug", ActionKind::Plug},
        {"unplug", ActionKind::Unplug},
        {"tap", ActionKind::Tap},
        {"fault", ActionKind::Fault},
        {"recover", ActionKind::Recover},
        {"power_loss", ActionKind::PowerLoss},
        {"power_restore", ActionKind::PowerRestore},
        {"offline", ActionKind::Offline},
        {"drift", ActionKind::Drift}};
    bool known = false;
    for (const auto& [name, k] : kKinds) {
        if (*kind == name) {
            a.kind = k;
            known = true;
        }
    }
    if (!known) {
        return tl::unexpected(r.error(path + ".action", "unknown action \"" + *kind +
                                                            "\"; one of plug, unplug, tap, fault, "
                                                            "recover, power_loss, power_restore, "
                                                            "offline, drift"));
    }
    std::optional<std::int64_t> connector, evse;
    ISKRA_READ(connector, r.integer("connector", 1, 32));
    ISKRA_READ(evse, r.integer("evse", 1, 32));
    ISKRA_CHECK(check_place(r, path, a, evse, connector, s));
    if (evse) {
        // 2.0.1: "evse" names the EVSE, "connector" one of its connectors (none: any).
        a.connector = *evse;
        a.evse_connector = connector.value_or(0);
    } else {
        a.connector = connector.value_or(a.kind == ActionKind::Tap ? 0 : 1);
    }
    ISKRA_READ(a.token, r.text("token"));
    if (a.kind == ActionKind::Tap && !a.token)
        return tl::unexpected(r.error(path + ".token", "is required for tap"));
    if (r.has("ev")) {
        model::EvSpec base;
        for (const auto& c : s.stations) {
            if (c.identity.id == a.station) base = c.default_ev;
        }
        model::EvSpec ev;
        ISKRA_READ(ev, parse_ev(r.raw("ev"), r.path_of("ev"), file, base, rng));
        a.ev = ev;
    }
    std::optional<std::string> when_full, code;
    ISKRA_READ(when_full, r.text("when_full"));
    if (when_full) {
        if (*when_full == "stay")
            a.when_full = WhenFull::Stay;
        else if (*when_full == "unplug")
            a.when_full = WhenFull::Unplug;
        else if (*when_full == "stop")
            a.when_full = WhenFull::Stop;
        else
            return tl::unexpected(r.error(r.path_of("when_full"), "must be stay, unplug or stop"));
    }
    ISKRA_READ(code, r.text("code"));
    if (code) a.error_code = *code;
    ISKRA_READ(duration, r.duration(a.kind == ActionKind::Drift ? "offset" : "duration"));
    if (a.kind == ActionKind::Offline && (!duration || duration->count() <= 0)) {
        return tl::unexpected(
            r.error(path + ".duration", "is required for offline (e.g. \"120s\")"));
    }
    if (a.kind == ActionKind::Drift && !duration) {
        return tl::unexpected(r.error(path + ".offset", "is required for drift (e.g. \"-300s\")"));
    }
    if (duration) a.duration = *duration;
    ISKRA_CHECK(r.finish());
    return a;
}

}  // namespace

tl::expected<Scenario, ScenarioError> parse_scenario(std::string_view json_text,
                                                     std::string_view file_name,
                                                     const ScenarioDefaults& defaults) {
    const std::string file(file_name);
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::parse_error& e) {
        return tl::unexpected(ScenarioError{file, "$", std::string("not valid JSON: ") + e.what()});
    }
    if (!root.is_object()) return tl::unexpected(ScenarioError{file, "$", "must be an object"});
    ObjectReader r(root, "$", file);
    Scenario s;
    std::optional<std::string> text;
    ISKRA_READ(text, r.text("name"));
    s.name = text.value_or(file);
    ISKRA_READ(text, r.text("description"));
    std::optional<std::int64_t> seed;
    ISKRA_READ(seed, r.integer("seed", 0, std::numeric_limits<std::int64_t>::max()));
    s.seed = static_cast<std::uint64_t>(seed.value_or(1));
    std::optional<double> acceleration;
    ISKRA_READ(acceleration, r.number("acceleration", 0.001, 100'000));
    s.acceleration = acceleration.value_or(1);
    ISKRA_READ(text, r.text("start"));
    if (text) {
        const auto t = session::parse_timestamp(*text);
        if (!t)
            return tl::unexpected(r.error("$.start", "is not a date-time: " + t.error().reason));
        s.start = *t;
    }
    std::optional<milliseconds> duration;
    ISKRA_READ(duration, r.duration("duration"));
    model::Rng rng(s.seed);
    if (!r.has("stations")) return tl::unexpected(r.error("$.stations", "is required"));
    const json& stations = r.raw("stations");
    if (!stations.is_array() || stations.empty()) {
        return tl::unexpected(r.error("$.stations", "must be a non-empty list"));
    }
    for (std::size_t i = 0; i < stations.size(); ++i) {
        std::vector<StationConfig> made;
        ISKRA_READ(made, parse_station(stations[i], "$.stations[" + std::to_string(i) + "]", file,
                                       defaults, rng));
        for (auto& c : made) {
            for (const auto& existing : s.stations) {
                if (existing.identity.id == c.identity.id) {
                    return tl::unexpected(r.error("$.stations[" + std::to_string(i) + "]",
                                                  "repeats station id " + c.identity.id));
                }
            }
            c.seed = s.seed * 1000003ULL + s.stations.size();
            c.identity.serial_number = "SIM-" + c.identity.id;
            s.stations.push_back(std::move(c));
        }
    }
    if (r.has("timeline")) {
        const json& timeline = r.raw("timeline");
        if (!timeline.is_array()) return tl::unexpected(r.error("$.timeline", "must be a list"));
        for (std::size_t i = 0; i < timeline.size(); ++i) {
            Action a;
            ISKRA_READ(a, parse_action(timeline[i], "$.timeline[" + std::to_string(i) + "]", file,
                                       s, rng));
            s.timeline.push_back(std::move(a));
        }
    }
    ISKRA_CHECK(r.finish());
    std::stable_sort(s.timeline.begin(), s.timeline.end(),
                     [](const Action& a, const Action& b) { return a.at < b.at; });
    const milliseconds last = s.timeline.empty() ? milliseconds(0) : s.timeline.back().at;
    s.duration = duration.value_or(last + std::chrono::minutes(1));
    if (s.duration < last) {
        return tl::unexpected(r.error("$.duration", "ends before the last action of the timeline"));
    }
    if (defaults.password) {
        for (auto& c : s.stations)
            c.security_profile = 1;
    }
    return s;
}

tl::expected<Scenario, ScenarioError> load_scenario(const std::string& path,
                                                    const ScenarioDefaults& defaults) {
    std::ifstream in(path);
    if (!in) return tl::unexpected(ScenarioError{path, "$", "cannot be read"});
    std::ostringstream text;
    text << in.rdbuf();
    return parse_scenario(text.str(), path, defaults);
}

}  // namespace iskra::sim::scenario
