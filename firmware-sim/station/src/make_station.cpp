#include "v16/v16_station.hpp"
#if __has_include("v201/v201_station.hpp")
#include "v201/v201_station.hpp"
#define ISKRA_SIM_HAS_V201 1
#endif

namespace iskra::sim {

std::unique_ptr<Station> make_station(StationConfig config, Transport& transport,
                                      model::Timestamp now) {
#ifdef ISKRA_SIM_HAS_V201
    if (config.version == ocpp::Version::v201) {
        return std::make_unique<V201Station>(std::move(config), transport, now);
    }
#endif
    // 1.6 has no EVSEs: every connector of the layout becomes a connector of its own.
    std::vector<EvseConfig> flat;
    for (const auto& evse : config.evses) {
        for (const auto& c : evse.connectors)
            flat.push_back(EvseConfig{{c}});
    }
    config.evses = std::move(flat);
    return std::make_unique<V16Station>(std::move(config), transport, now);
}

}  // namespace iskra::sim
