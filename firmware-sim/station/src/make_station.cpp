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
    return std::make_unique<V16Station>(std::move(config), transport, now);
}

}  // namespace iskra::sim
