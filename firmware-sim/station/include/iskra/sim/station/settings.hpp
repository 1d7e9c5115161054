// The settings that change a station's behaviour, version-neutral. OCPP 1.6 exposes them as
// configuration keys (config_keys_v16), 2.0.1 as device-model variables (device_model_v201):
// two views of one set of values, so a CSMS that changes one sees the behaviour change.
// Plain values; owned by one station on its thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iskra/session/vocabulary.hpp"

namespace iskra::sim {

using MeasurandList = std::vector<session::Measurand>;

struct Settings {
    std::int64_t heartbeat_interval_s = 300;  // replaced by the BootNotification answer
    std::int64_t connection_timeout_s = 60;   // authorised but no EV plugged in: give up
    std::int64_t sample_interval_s = 60;      // 0: no periodic samples in a transaction
    std::int64_t aligned_interval_s = 0;      // 0: no clock-aligned samples
    MeasurandList sampled{session::Measurand::EnergyActiveImportRegister,
                          session::Measurand::PowerActiveImport};
    MeasurandList aligned{session::Measurand::EnergyActiveImportRegister};
    MeasurandList started{session::Measurand::EnergyActiveImportRegister};  // 2.0.1 only
    MeasurandList stop_sampled{session::Measurand::EnergyActiveImportRegister};
    MeasurandList stop_aligned;
    bool aligned_during_idle = false;  // 2.0.1 AlignedDataCtrlr.SendDuringIdle

    bool local_authorize_offline = true;
    bool local_pre_authorize = false;
    bool authorize_remote_start = false;
    bool allow_offline_unknown = false;
    bool auth_cache_enabled = true;
    bool local_list_enabled = true;

    std::int64_t tx_message_attempts = 3;
    std::int64_t tx_message_retry_interval_s = 60;

    bool stop_on_ev_disconnect = true;
    bool stop_on_invalid_id = true;
    bool unlock_on_ev_disconnect = true;

    // 2.0.1 TxCtrlr: when a transaction begins and ends. Lists of EVConnected, Authorized,
    // PowerPathClosed, ...; we act on EVConnected and Authorized (PowerPathClosed = both).
    std::string tx_start_point = "PowerPathClosed";
    std::string tx_stop_point = "EVConnected,Authorized";

    std::int64_t websocket_ping_interval_s = 0;
};

// "Energy.Active.Import.Register,Power.Active.Import" ⇄ a list. The simulator's meter measures
// energy, power, current, voltage and SoC; a list naming anything else is refused (nullopt).
std::optional<MeasurandList> parse_measurands(std::string_view csv);
std::string format_measurands(const MeasurandList& list);
bool contains(const MeasurandList& list, session::Measurand m);

}  // namespace iskra::sim
