// How one simulated station is built: identity, version, connectors and the EV that a driver
// plugs in when nothing else is said. Plain values, filled from the command line or a scenario.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/ocpp/version.hpp"
#include "iskra/sim/model/charging_point.hpp"
#include "iskra/sim/model/ev.hpp"
#include "iskra/sim/station/settings.hpp"

namespace iskra::sim {

struct StationIdentity {
    std::string id;
    std::string vendor = "Iskra";
    std::string model = "SimAC-22";
    std::optional<std::string> serial_number;
    std::string firmware_version = "1.0.0";
    std::optional<std::string> iccid;
    std::optional<std::string> imsi;
    std::optional<std::string> meter_type = "SimMeter";
    std::optional<std::string> meter_serial_number;
};

// One physical connector: its electrical limits and its plug standard, a 2.0.1
// ConnectorEnumType name ("cType2", "cCCS2", "cG105" for CHAdeMO, ...). An empty type is
// cType2 on AC and cCCS2 on DC.
struct ConnectorConfig {
    model::ConnectorSpec spec;
    std::string type;

    bool operator==(const ConnectorConfig&) const = default;
};

// What charges one vehicle at a time: a 1.6 connector, or a 2.0.1 EVSE with one or more
// connectors (a DC charger with a CCS and a CHAdeMO cable). An EVSE's connectors share its
// power path and meter; while one of them has the vehicle the others are Unavailable.
struct EvseConfig {
    std::vector<ConnectorConfig> connectors{ConnectorConfig{}};

    bool operator==(const EvseConfig&) const = default;
};

// The 2.0.1 ConnectorEnumType a connector reports.
std::string connector_type(const ConnectorConfig& c);
// The supply a ConnectorEnumType name implies (cCCS1, cCCS2, cG105 and cTesla are DC), or
// nullopt when `type` is not one of that enumeration's names.
std::optional<model::Supply> supply_of_connector_type(std::string_view type);
// `n` alike EVSEs of `per_evse` connectors each.
std::vector<EvseConfig> uniform_evses(std::size_t n, std::size_t per_evse = 1,
                                      ConnectorConfig connector = {});

struct StationConfig {
    StationIdentity identity;
    ocpp::Version version = ocpp::Version::v16;
    // One entry per connector (1.6) or EVSE (2.0.1), numbered from 1; each of its connectors
    // numbered from 1 within it (2.0.1 connectorId). 1.6 knows no EVSEs: make_station gives a
    // 1.6 station one connector per entry of every EVSE's list, flat.
    std::vector<EvseConfig> evses{EvseConfig{}};
    model::EvSpec default_ev;
    Settings settings;
    // An EV plugs in a moment after a remote start is accepted (--auto-plug).
    bool auto_plug = false;
    int security_profile = 0;
    std::uint64_t seed = 1;
    // Answers slower than this fail the call (then retried per the spec's rules).
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    // First delay before reconnecting; doubles per failure up to max_backoff, each delay
    // drawn ±20 % from the station's seed so a site does not come back in one wave.
    std::chrono::milliseconds min_backoff{std::chrono::seconds(1)};
    std::chrono::milliseconds max_backoff{std::chrono::seconds(30)};
    // Firmware sets its clock from the CSMS's answers. Off in simulated (accelerated) time,
    // where the CSMS's real clock would drag the station out of the scenario's time.
    bool sync_clock = true;
    // The meter register at power-up, Wh.
    std::int64_t meter_start_wh = 0;
};

}  // namespace iskra::sim
