// Scenario files: the "stations" entries (identity, connectors, the EV, settings), read
// strictly so every error names its file and JSON path.
#include "iskra/sim/model/rng.hpp"
#include "json_reader.hpp"
#include "parse_parts.hpp"

namespace iskra::sim::scenario {

using nlohmann::json;

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

namespace {

// One physical connector: {"type": "AC" | "DC" | a 2.0.1 connector type, "max_power_w", ...}.
tl::expected<ConnectorConfig, ScenarioError> parse_connector(const json& j, const std::string& path,
                                                             const std::string& file) {
    if (!j.is_object()) return tl::unexpected(ScenarioError{file, path, "must be an object"});
    ObjectReader r(j, path, file);
    ConnectorConfig out;
    model::ConnectorSpec& spec = out.spec;
    std::optional<std::string> type;
    ISKRA_READ(type, r.text("type"));
    std::optional<model::Supply> supply;
    if (type == "AC" || type == "DC") {
        supply = *type == "DC" ? model::Supply::DC : model::Supply::AC;
    } else if (type) {
        supply = supply_of_connector_type(*type);
        if (!supply) {
            return tl::unexpected(
                r.error(r.path_of("type"),
                        "must be \"AC\", \"DC\" or a 2.0.1 ConnectorEnumType (cType2, cCCS2, "
                        "cG105 for CHAdeMO, cType1, cCCS1, sType2, ...), not \"" +
                            *type + "\""));
        }
        out.type = *type;
    }
    if (supply == model::Supply::DC) {
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
    return out;
}

// A count (`max` at most) or a non-empty list of connector objects.
tl::expected<std::vector<ConnectorConfig>, ScenarioError> parse_connectors(const json& list,
                                                                           const std::string& path,
                                                                           const std::string& file,
                                                                           std::int64_t max) {
    std::vector<ConnectorConfig> out;
    if (list.is_number_integer() && list.get<std::int64_t>() >= 1 &&
        list.get<std::int64_t>() <= max) {
        out.assign(static_cast<std::size_t>(list.get<std::int64_t>()), ConnectorConfig{});
        return out;
    }
    if (!list.is_array() || list.empty() || list.size() > static_cast<std::size_t>(max)) {
        return tl::unexpected(ScenarioError{file, path,
                                            "must be a count (1-" + std::to_string(max) +
                                                ") or a list of 1 to " + std::to_string(max) +
                                                " connectors"});
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        ConnectorConfig c;
        ISKRA_READ(c, parse_connector(list[i], path + "[" + std::to_string(i) + "]", file));
        out.push_back(std::move(c));
    }
    return out;
}

// "evses": a count of one-connector EVSEs, or a list of {"connectors": count or list}.
tl::expected<std::vector<EvseConfig>, ScenarioError> parse_evses(const json& list,
                                                                 const std::string& path,
                                                                 const std::string& file) {
    if (list.is_number_integer() && list.get<std::int64_t>() >= 1 &&
        list.get<std::int64_t>() <= 32) {
        return uniform_evses(static_cast<std::size_t>(list.get<std::int64_t>()));
    }
    if (!list.is_array() || list.empty() || list.size() > 32) {
        return tl::unexpected(
            ScenarioError{file, path, "must be a count (1-32) or a list of 1 to 32 EVSEs"});
    }
    std::vector<EvseConfig> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string epath = path + "[" + std::to_string(i) + "]";
        if (!list[i].is_object())
            return tl::unexpected(ScenarioError{file, epath, "must be an object"});
        ObjectReader r(list[i], epath, file);
        if (!r.has("connectors"))
            return tl::unexpected(r.error(r.path_of("connectors"), "is required"));
        EvseConfig evse;
        ISKRA_READ(evse.connectors,
                   parse_connectors(r.raw("connectors"), r.path_of("connectors"), file, 8));
        ISKRA_CHECK(r.finish());
        out.push_back(std::move(evse));
    }
    return out;
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

}  // namespace

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
    if (r.has("connectors") && r.has("evses")) {
        return tl::unexpected(
            r.error(r.path_of("evses"), "give either \"connectors\" or \"evses\""));
    }
    if (r.has("connectors")) {
        // One connector per entry: a 1.6 connector, or a 2.0.1 EVSE with that one connector.
        std::vector<ConnectorConfig> list;
        ISKRA_READ(list, parse_connectors(r.raw("connectors"), r.path_of("connectors"), file, 32));
        base.evses.clear();
        for (auto& c : list)
            base.evses.push_back(EvseConfig{{std::move(c)}});
    }
    if (r.has("evses")) {
        const std::string epath = r.path_of("evses");
        ISKRA_READ(base.evses, parse_evses(r.raw("evses"), epath, file));
        for (std::size_t i = 0; i < base.evses.size(); ++i) {
            if (base.version != ocpp::Version::v201 && base.evses[i].connectors.size() > 1) {
                return tl::unexpected(r.error(
                    epath + "[" + std::to_string(i) + "].connectors",
                    "several connectors on one EVSE need protocol ocpp2.0.1 (1.6 connectors "
                    "are flat: list them under \"connectors\")"));
            }
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

}  // namespace iskra::sim::scenario
