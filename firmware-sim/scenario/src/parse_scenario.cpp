#include <fstream>
#include <sstream>

#include "iskra/session/timestamp.hpp"
#include "iskra/sim/model/rng.hpp"
#include "json_reader.hpp"

// Reads a field or returns its error: keeps each parse step to one line.
#define ISKRA_READ(target, expr)                                     \
    do {                                                             \
        auto read_ = (expr);                                         \
        if (!read_) return tl::unexpected(std::move(read_.error())); \
        target = std::move(*read_);                                  \
    } while (0)

// The same for steps that only succeed or fail.
#define ISKRA_CHECK(expr)                                              \
    do {                                                               \
        auto check_ = (expr);                                          \
        if (!check_) return tl::unexpected(std::move(check_.error())); \
    } while (0)

namespace iskra::sim::scenario {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

tl::expected<model::EvSpec, ScenarioError> parse_ev(const json& j, const std::string& path,
                                                    const std::string& file, model::EvSpec ev,
                                                    model::Rng& rng) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    std::optional<std::int64_t> n;
    ISKRA_READ(n, r.integer("capacity_wh", 1000, 1'000'000));
    if (n) ev.capacity_wh = *n;
    ISKRA_READ(n, r.integer("max_ac_power_w", 0, 50'000));
    if (n) ev.max_ac_power_w = *n;
    ISKRA_READ(n, r.integer("ac_phases", 1, 3));
    if (n) ev.ac_phases = static_cast<int>(*n);
    ISKRA_READ(n, r.integer("max_dc_power_w", 0, 1'000'000));
    if (n) ev.max_dc_power_w = *n;
    std::optional<double> d;
    ISKRA_READ(d, r.number("target_soc", 1, 100));
    if (d) ev.target_soc_percent = *d;
    if (r.has("soc")) {
        const json& soc = r.raw("soc");
        // A range draws the state of charge from the scenario's seed.
        if (soc.is_array() && soc.size() == 2 && soc[0].is_number() && soc[1].is_number() &&
            soc[0].get<double>() >= 0 && soc[1].get<double>() <= 100 && soc[0] <= soc[1]) {
            const double lo = soc[0].get<double>();
            ev.initial_soc_percent = lo + rng.unit() * (soc[1].get<double>() - lo);
        } else if (soc.is_number() && soc.get<double>() >= 0 && soc.get<double>() <= 100) {
            ev.initial_soc_percent = soc.get<double>();
        } else {
            return tl::unexpected(
                ScenarioError{file, path + ".soc", "must be a percentage or [low, high]"});
        }
    }
    if (r.has("dc_curve")) {
        const json& curve = r.raw("dc_curve");
        if (!curve.is_array()) {
            return tl::unexpected(
                ScenarioError{file, path + ".dc_curve", "must be a list of [soc, power_w] pairs"});
        }
        ev.dc_curve.clear();
        for (std::size_t i = 0; i < curve.size(); ++i) {
            const json& p = curve[i];
            if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number_integer()) {
                return tl::unexpected(ScenarioError{
                    file, path + ".dc_curve[" + std::to_string(i) + "]", "must be [soc, power_w]"});
            }
            ev.dc_curve.push_back({p[0].get<double>(), p[1].get<std::int64_t>()});
        }
    }
    ISKRA_CHECK(r.finish());
    return ev;
}

tl::expected<model::ConnectorSpec, ScenarioError> parse_connector(const json& j,
                                                                  const std::string& path,
                                                                  const std::string& file) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    model::ConnectorSpec spec;
    std::optional<std::string> type;
    ISKRA_READ(type, r.text("type"));
    if (type && *type != "AC" && *type != "DC") {
        return tl::unexpected(r.error(r.path_of("type"), "must be \"AC\" or \"DC\""));
    }
    if (type == "DC") {
        spec.supply = model::Supply::DC;
        spec.max_power_w = 150'000;
    }
    std::optional<std::int64_t> n;
    ISKRA_READ(n, r.integer("max_power_w", 1000, 1'000'000));
    if (n) spec.max_power_w = *n;
    ISKRA_READ(n, r.integer("phases", 1, 3));
    if (n) spec.phases = static_cast<int>(*n);
    std::optional<double> d;
    ISKRA_READ(d, r.number("max_current_a", 1, 1000));
    if (d) spec.max_current_a = *d;
    ISKRA_CHECK(r.finish());
    return spec;
}

tl::expected<void, ScenarioError> parse_settings(const json& j, const std::string& path,
                                                 const std::string& file, Settings& s) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    auto integer = [&](const char* key, std::int64_t& out) -> tl::expected<void, ScenarioError> {
        std::optional<std::int64_t> n;
        ISKRA_READ(n, r.integer(key, 0, 86'400));
        if (n) out = *n;
        return {};
    };
    auto flag = [&](const char* key, bool& out) -> tl::expected<void, ScenarioError> {
        std::optional<bool> b;
        ISKRA_READ(b, r.flag(key));
        if (b) out = *b;
        return {};
    };
    ISKRA_CHECK(integer("heartbeat_interval_s", s.heartbeat_interval_s));
    ISKRA_CHECK(integer("sample_interval_s", s.sample_interval_s));
    ISKRA_CHECK(integer("aligned_interval_s", s.aligned_interval_s));
    ISKRA_CHECK(integer("connection_timeout_s", s.connection_timeout_s));
    ISKRA_CHECK(integer("tx_message_attempts", s.tx_message_attempts));
    ISKRA_CHECK(integer("tx_message_retry_interval_s", s.tx_message_retry_interval_s));
    ISKRA_CHECK(flag("local_authorize_offline", s.local_authorize_offline));
    ISKRA_CHECK(flag("local_pre_authorize", s.local_pre_authorize));
    ISKRA_CHECK(flag("allow_offline_unknown", s.allow_offline_unknown));
    ISKRA_CHECK(flag("authorize_remote_start", s.authorize_remote_start));
    ISKRA_CHECK(flag("stop_on_ev_disconnect", s.stop_on_ev_disconnect));
    std::optional<std::string> text;
    ISKRA_READ(text, r.text("sampled"));
    if (text) {
        auto list = parse_measurands(*text);
        if (!list) {
            return tl::unexpected(
                r.error(r.path_of("sampled"), "names a measurand the simulator does not measure"));
        }
        s.sampled = *list;
    }
    ISKRA_READ(text, r.text("tx_start_point"));
    if (text) s.tx_start_point = *text;
    ISKRA_READ(text, r.text("tx_stop_point"));
    if (text) s.tx_stop_point = *text;
    ISKRA_CHECK(r.finish());
    return {};
}

// One entry of "stations": a station, or `count` alike named id_prefix01, id_prefix02, ...
tl::expected<std::vector<StationConfig>, ScenarioError> parse_station(
    const json& j, const std::string& path, const std::string& file,
    const ScenarioDefaults& defaults, model::Rng& rng) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    StationConfig base;
    base.version = defaults.version;
    base.auto_plug = defaults.auto_plug;
    std::optional<std::string> id, prefix, protocol, text;
    ISKRA_READ(id, r.text("id"));
    ISKRA_READ(prefix, r.text("id_prefix"));
    std::optional<std::int64_t> count;
    ISKRA_READ(count, r.integer("count", 1, 100'000));
    if (id.has_value() == prefix.has_value()) {
        return tl::unexpected(r.error(path, "needs either \"id\" or \"id_prefix\" with \"count\""));
    }
    if (prefix && !count)
        return tl::unexpected(r.error(path + ".count", "is required with id_prefix"));
    ISKRA_READ(protocol, r.text("protocol"));
    if (protocol) {
        const auto v = ocpp::version_from_subprotocol(*protocol);
        if (!v)
            return tl::unexpected(r.error(r.path_of("protocol"), "must be ocpp1.6 or ocpp2.0.1"));
        base.version = *v;
    }
    ISKRA_READ(text, r.text("vendor"));
    if (text) base.identity.vendor = *text;
    ISKRA_READ(text, r.text("model"));
    if (text) base.identity.model = *text;
    ISKRA_READ(text, r.text("firmware_version"));
    if (text) base.identity.firmware_version = *text;
    std::optional<bool> flag;
    ISKRA_READ(flag, r.flag("auto_plug"));
    if (flag) base.auto_plug = *flag;
    std::optional<std::int64_t> meter;
    ISKRA_READ(meter, r.integer("meter_start_wh", 0, 1'000'000'000'000));
    if (meter) base.meter_start_wh = *meter;
    if (r.has("connectors")) {
        const json& list = r.raw("connectors");
        const std::string cpath = r.path_of("connectors");
        if (list.is_number_integer() && list.get<std::int64_t>() >= 1 &&
            list.get<std::int64_t>() <= 32) {
            base.connectors.assign(static_cast<std::size_t>(list.get<std::int64_t>()), {});
        } else if (list.is_array() && !list.empty()) {
            base.connectors.clear();
            for (std::size_t i = 0; i < list.size(); ++i) {
                model::ConnectorSpec spec;
                ISKRA_READ(spec,
                           parse_connector(list[i], cpath + "[" + std::to_string(i) + "]", file));
                base.connectors.push_back(spec);
            }
        } else {
            return tl::unexpected(r.error(cpath, "must be a count (1-32) or a non-empty list"));
        }
    }
    if (r.has("ev"))
        ISKRA_READ(base.default_ev,
                   parse_ev(r.raw("ev"), r.path_of("ev"), file, base.default_ev, rng));
    if (r.has("settings")) {
        ISKRA_CHECK(parse_settings(r.raw("settings"), r.path_of("settings"), file, base.settings));
    }
    ISKRA_CHECK(r.finish());
    std::vector<StationConfig> out;
    if (id) {
        base.identity.id = *id;
        out.push_back(base);
        return out;
    }
    const int width = static_cast<int>(std::to_string(*count).size()) < 2
                          ? 2
                          : static_cast<int>(std::to_string(*count).size());
    for (std::int64_t i = 1; i <= *count; ++i) {
        StationConfig c = base;
        std::string n = std::to_string(i);
        c.identity.id = *prefix +
                        std::string(static_cast<std::size_t>(width) -
                                        std::min(n.size(), static_cast<std::size_t>(width)),
                                    '0') +
                        n;
        out.push_back(std::move(c));
    }
    return out;
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
    std::optional<std::int64_t> connector;
    ISKRA_READ(connector, r.integer("connector", 1, 32));
    a.connector = connector.value_or(a.kind == ActionKind::Tap ? 0 : 1);
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
