// How one simulated station is built: identity, version, connectors and the EV that a driver
// plugs in when nothing else is said. Plain values, filled from the command line or a scenario.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
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

struct StationConfig {
    StationIdentity identity;
    ocpp::Version version = ocpp::Version::v16;
    // One entry per connector (1.6) or per EVSE with one connector (2.0.1), numbered from 1.
    std::vector<model::ConnectorSpec> connectors{model::ConnectorSpec{}};
    model::EvSpec default_ev;
    Settings settings;
    // An EV plugs in a moment after a remote start is accepted (--auto-plug).
    bool auto_plug = false;
    int security_profile = 0;
    std::uint64_t seed = 1;
    // Answers slower than this fail the call (then retried per the spec's rules).
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    // First delay before reconnecting; doubles per failure up to max_backoff.
    std::chrono::milliseconds min_backoff{std::chrono::seconds(1)};
    std::chrono::milliseconds max_backoff{std::chrono::seconds(60)};
    // Firmware sets its clock from the CSMS's answers. Off in simulated (accelerated) time,
    // where the CSMS's real clock would drag the station out of the scenario's time.
    bool sync_clock = true;
    // The meter register at power-up, Wh.
    std::int64_t meter_start_wh = 0;
};

}  // namespace iskra::sim
