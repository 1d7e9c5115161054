// The helpers that come with a station's configuration: connector types and EVSE layouts.
#include "iskra/sim/station/station_config.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace iskra::sim {

namespace {

// OCPP 2.0.1 ConnectorEnumType, with the supply each implies.
constexpr std::array<std::pair<std::string_view, model::Supply>, 22> kConnectorTypes{{
    {"cCCS1", model::Supply::DC},          {"cCCS2", model::Supply::DC},
    {"cG105", model::Supply::DC},          {"cTesla", model::Supply::DC},
    {"cType1", model::Supply::AC},         {"cType2", model::Supply::AC},
    {"s309-1P-16A", model::Supply::AC},    {"s309-1P-32A", model::Supply::AC},
    {"s309-3P-16A", model::Supply::AC},    {"s309-3P-32A", model::Supply::AC},
    {"sBS1361", model::Supply::AC},        {"sCEE-7-7", model::Supply::AC},
    {"sType2", model::Supply::AC},         {"sType3", model::Supply::AC},
    {"Other1PhMax16A", model::Supply::AC}, {"Other1PhOver16A", model::Supply::AC},
    {"Other3Ph", model::Supply::AC},       {"Pan", model::Supply::AC},
    {"wInductive", model::Supply::AC},     {"wResonant", model::Supply::AC},
    {"Undetermined", model::Supply::AC},   {"Unknown", model::Supply::AC},
}};

}  // namespace

std::string connector_type(const ConnectorConfig& c) {
    if (!c.type.empty()) return c.type;
    return c.spec.supply == model::Supply::DC ? "cCCS2" : "cType2";
}

std::optional<model::Supply> supply_of_connector_type(std::string_view type) {
    const auto* found = std::find_if(kConnectorTypes.begin(), kConnectorTypes.end(),
                                     [&](const auto& entry) { return entry.first == type; });
    if (found == kConnectorTypes.end()) return std::nullopt;
    return found->second;
}

std::vector<EvseConfig> uniform_evses(std::size_t n, std::size_t per_evse,
                                      ConnectorConfig connector) {
    EvseConfig evse;
    evse.connectors.assign(per_evse, connector);
    return std::vector<EvseConfig>(n, evse);
}

}  // namespace iskra::sim
