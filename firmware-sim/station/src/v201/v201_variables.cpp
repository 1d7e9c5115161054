// The variables of the 2.0.1 device model (part B) a simple AC/DC station has: each a view of
// the station's Settings or state, so setting one changes behaviour at once.
#include <charconv>

#include "iskra/session/timestamp.hpp"
#include "v201_station.hpp"
#include "v201_variable.hpp"

namespace iskra::sim {

using namespace ocpp::v201;

namespace {

const char* const kMeasurands =
    "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC";
const char* const kTxPoints =
    "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer";

std::optional<std::int64_t> parse_int(std::string_view text, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

bool valid_points(std::string_view text) {
    const std::string_view known = kTxPoints;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = text.substr(0, comma);
        bool found = false;
        std::string_view rest = known;
        while (!rest.empty() && !found) {
            const auto c = rest.find(',');
            found = rest.substr(0, c) == item;
            rest = c == std::string_view::npos ? std::string_view() : rest.substr(c + 1);
        }
        if (!found) return false;
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return true;
}

}  // namespace

std::vector<V201Station::Variable> V201Station::variables() {
    using M = MutabilityEnumType;
    using D = DataEnumType;
    std::vector<Variable> out;
    auto integer = [&](std::string component, std::string name, std::optional<std::string> inst,
                       std::int64_t Settings::*member, std::int64_t min, std::int64_t max,
                       std::string unit, std::function<void()> changed) {
        out.push_back({std::move(component), std::nullopt, std::nullopt, std::move(name),
                       std::move(inst), M::ReadWrite, D::integer, std::move(unit), std::nullopt,
                       [this, member] { return std::to_string(settings_.*member); },
                       [this, member, min, max, changed](std::string_view v) {
                           const auto n = parse_int(v, min, max);
                           if (!n) return false;
                           settings_.*member = *n;
                           if (changed) changed();
                           return true;
                       }});
    };
    auto boolean = [&](std::string component, std::string name, bool Settings::*member) {
        out.push_back({std::move(component), std::nullopt, std::nullopt, std::move(name),
                       std::nullopt, M::ReadWrite, D::boolean, std::nullopt, std::nullopt,
                       [this, member] { return std::string(settings_.*member ? "true" : "false"); },
                       [this, member](std::string_view v) {
                           if (v != "true" && v != "false") return false;
                           settings_.*member = v == "true";
                           return true;
                       }});
    };
    auto measurands = [&](std::string component, std::string name,
                          MeasurandList Settings::*member) {
        out.push_back({std::move(component), std::nullopt, std::nullopt, std::move(name),
                       std::nullopt, M::ReadWrite, D::MemberList, std::nullopt, kMeasurands,
                       [this, member] { return format_measurands(settings_.*member); },
                       [this, member](std::string_view v) {
                           auto list = parse_measurands(v);
                           if (!list) return false;
                           settings_.*member = std::move(*list);
                           return true;
                       }});
    };
    auto fixed = [&](std::string component, std::string name, D type, std::string value) {
        out.push_back({std::move(component),
                       std::nullopt,
                       std::nullopt,
                       std::move(name),
                       std::nullopt,
                       M::ReadOnly,
                       type,
                       std::nullopt,
                       std::nullopt,
                       [value] { return value; },
                       {}});
    };
    auto points = [&](std::string name, std::string Settings::*member) {
        out.push_back({"TxCtrlr", std::nullopt, std::nullopt, std::move(name), std::nullopt,
                       M::ReadWrite, D::MemberList, std::nullopt, kTxPoints,
                       [this, member] { return settings_.*member; },
                       [this, member](std::string_view v) {
                           if (!valid_points(v)) return false;
                           settings_.*member = std::string(v);
                           return true;
                       }});
    };
    const auto& who = config_.identity;
    fixed("ChargingStation", "Model", D::string, who.model);
    fixed("ChargingStation", "VendorName", D::string, who.vendor);
    fixed("ChargingStation", "Available", D::boolean, "true");
    out.push_back({"ChargingStation",
                   std::nullopt,
                   std::nullopt,
                   "AvailabilityState",
                   std::nullopt,
                   M::ReadOnly,
                   D::OptionList,
                   std::nullopt,
                   "Available,Occupied,Reserved,Unavailable,Faulted",
                   [this] { return std::string(station_operative_ ? "Available" : "Unavailable"); },
                   {}});
    fixed("SecurityCtrlr", "Identity", D::string, who.id);
    fixed("SecurityCtrlr", "SecurityProfile", D::integer, std::to_string(config_.security_profile));
    out.push_back({"ClockCtrlr",
                   std::nullopt,
                   std::nullopt,
                   "DateTime",
                   std::nullopt,
                   M::ReadOnly,
                   D::dateTime,
                   std::nullopt,
                   std::nullopt,
                   [this] { return session::format_timestamp(station_time(now_)); },
                   {}});
    integer("OCPPCommCtrlr", "HeartbeatInterval", std::nullopt, &Settings::heartbeat_interval_s, 0,
            86400, "s", [this] { schedule_heartbeat(now_); });
    integer("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent", &Settings::tx_message_attempts,
            0, 10, "", {});
    integer("OCPPCommCtrlr", "MessageAttemptInterval", "TransactionEvent",
            &Settings::tx_message_retry_interval_s, 0, 3600, "s", {});
    integer("OCPPCommCtrlr", "WebSocketPingInterval", std::nullopt,
            &Settings::websocket_ping_interval_s, 0, 3600, "s", {});
    fixed("OCPPCommCtrlr", "MessageTimeout", D::integer,
          std::to_string(config_.call_timeout.count() / 1000));
    fixed("SampledDataCtrlr", "Enabled", D::boolean, "true");
    integer("SampledDataCtrlr", "TxUpdatedInterval", std::nullopt, &Settings::sample_interval_s, 0,
            86400, "s", [this] {
                for (auto& c : connectors_)
                    schedule_sampling(c, now_);
            });
    measurands("SampledDataCtrlr", "TxStartedMeasurands", &Settings::started);
    measurands("SampledDataCtrlr", "TxUpdatedMeasurands", &Settings::sampled);
    measurands("SampledDataCtrlr", "TxEndedMeasurands", &Settings::stop_sampled);
    fixed("AlignedDataCtrlr", "Enabled", D::boolean, "true");
    integer("AlignedDataCtrlr", "Interval", std::nullopt, &Settings::aligned_interval_s, 0, 86400,
            "s", [this] { schedule_aligned(now_); });
    measurands("AlignedDataCtrlr", "Measurands", &Settings::aligned);
    measurands("AlignedDataCtrlr", "TxEndedMeasurands", &Settings::stop_aligned);
    boolean("AlignedDataCtrlr", "SendDuringIdle", &Settings::aligned_during_idle);
    fixed("AuthCtrlr", "Enabled", D::boolean, "true");
    boolean("AuthCtrlr", "LocalAuthorizeOffline", &Settings::local_authorize_offline);
    boolean("AuthCtrlr", "LocalPreAuthorize", &Settings::local_pre_authorize);
    boolean("AuthCtrlr", "AuthorizeRemoteStart", &Settings::authorize_remote_start);
    boolean("AuthCtrlr", "OfflineTxForUnknownIdEnabled", &Settings::allow_offline_unknown);
    boolean("AuthCacheCtrlr", "Enabled", &Settings::auth_cache_enabled);
    boolean("LocalAuthListCtrlr", "Enabled", &Settings::local_list_enabled);
    out.push_back({"LocalAuthListCtrlr",
                   std::nullopt,
                   std::nullopt,
                   "Entries",
                   std::nullopt,
                   M::ReadOnly,
                   D::integer,
                   std::nullopt,
                   std::nullopt,
                   [this] { return std::to_string(local_list_.size()); },
                   {}});
    integer("TxCtrlr", "EVConnectionTimeOut", std::nullopt, &Settings::connection_timeout_s, 0,
            3600, "s", {});
    boolean("TxCtrlr", "StopTxOnEVSideDisconnect", &Settings::stop_on_ev_disconnect);
    boolean("TxCtrlr", "StopTxOnInvalidId", &Settings::stop_on_invalid_id);
    points("TxStartPoint", &Settings::tx_start_point);
    points("TxStopPoint", &Settings::tx_stop_point);
    fixed("ReservationCtrlr", "Enabled", D::boolean, "true");
    fixed("SmartChargingCtrlr", "Enabled", D::boolean, "true");
    fixed("SmartChargingCtrlr", "RateUnit", D::MemberList, "A,W");
    fixed("SmartChargingCtrlr", "PeriodsPerSchedule", D::integer, "24");
    fixed("SmartChargingCtrlr", "ProfileStackLevel", D::integer, "10");
    fixed("DeviceDataCtrlr", "ItemsPerMessage", D::integer, "50");
    for (auto& c : connectors_) {
        Connector* cp = &c;
        out.push_back({"EVSE",
                       c.id,
                       std::nullopt,
                       "AvailabilityState",
                       std::nullopt,
                       M::ReadOnly,
                       D::OptionList,
                       std::nullopt,
                       "Available,Occupied,Reserved,Unavailable,Faulted",
                       [this, cp] {
                           return std::string(
                               session::to_string(wire_status(current_status(*cp, now_))));
                       },
                       {}});
        out.push_back({"EVSE",
                       c.id,
                       std::nullopt,
                       "Power",
                       std::nullopt,
                       M::ReadOnly,
                       D::decimal,
                       "W",
                       std::nullopt,
                       [this, cp] {
                           cp->physics.advance(now_, limit_fn(*cp));
                           return std::to_string(cp->physics.reading().power_w);
                       },
                       {}});
        // One Connector component per connector of the EVSE (2.0.1 part 2, 3.2: EVSE and
        // Connector are addressed by evse.id and evse.connectorId).
        for (std::size_t k = 0; k < c.outlets.size(); ++k) {
            const auto n = static_cast<std::int64_t>(k) + 1;
            out.push_back({"Connector",
                           c.id,
                           n,
                           "ConnectorType",
                           std::nullopt,
                           M::ReadOnly,
                           D::string,
                           std::nullopt,
                           std::nullopt,
                           [type = connector_type(c.outlets[k].config)] { return type; },
                           {}});
            out.push_back({"Connector",
                           c.id,
                           n,
                           "AvailabilityState",
                           std::nullopt,
                           M::ReadOnly,
                           D::OptionList,
                           std::nullopt,
                           "Available,Occupied,Reserved,Unavailable,Faulted",
                           [this, cp, n] {
                               return std::string(
                                   session::to_string(wire_status(outlet_status(*cp, n, now_))));
                           },
                           {}});
            out.push_back(
                {"Connector",
                 c.id,
                 n,
                 "Available",
                 std::nullopt,
                 M::ReadOnly,
                 D::boolean,
                 std::nullopt,
                 std::nullopt,
                 [cp, k] { return std::string(cp->outlets[k].operative ? "true" : "false"); },
                 {}});
        }
    }
    return out;
}

}  // namespace iskra::sim
