// 1.6 configuration keys (OCPP 1.6 §9): the view of Settings a 1.6 CSMS reads and changes.
#include <charconv>

#include "iskra/ocpp/version.hpp"
#include "v16_station.hpp"

namespace iskra::sim {

using namespace ocpp::v16;

namespace {

enum class Change { Accepted, Rejected, RebootRequired, NotSupported };

struct Key {
    std::string_view name;
    bool readonly;
    std::function<std::string(const Settings&, const StationConfig&)> get;
    std::function<Change(Settings&, std::string_view)> set;  // empty for read-only keys
};

std::optional<std::int64_t> parse_int(std::string_view text, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parse_bool(std::string_view text) {
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    return std::nullopt;
}

std::string text(bool b) {
    return b ? "true" : "false";
}

Key int_key(std::string_view name, std::int64_t Settings::*member, std::int64_t min,
            std::int64_t max) {
    return {name, false,
            [member](const Settings& s, const StationConfig&) { return std::to_string(s.*member); },
            [member, min, max](Settings& s, std::string_view v) {
                const auto n = parse_int(v, min, max);
                if (!n) return Change::Rejected;
                s.*member = *n;
                return Change::Accepted;
            }};
}

Key bool_key(std::string_view name, bool Settings::*member) {
    return {name, false,
            [member](const Settings& s, const StationConfig&) { return text(s.*member); },
            [member](Settings& s, std::string_view v) {
                const auto b = parse_bool(v);
                if (!b) return Change::Rejected;
                s.*member = *b;
                return Change::Accepted;
            }};
}

Key list_key(std::string_view name, MeasurandList Settings::*member) {
    return {
        name, false,
        [member](const Settings& s, const StationConfig&) { return format_measurands(s.*member); },
        [member](Settings& s, std::string_view v) {
            auto list = parse_measurands(v);
            if (!list) return Change::Rejected;
            s.*member = std::move(*list);
            return Change::Accepted;
        }};
}

Key fixed(std::string_view name, std::function<std::string(const StationConfig&)> value) {
    return {
        name,
        true,
        [value = std::move(value)](const Settings&, const StationConfig& c) { return value(c); },
        {}};
}

const std::vector<Key>& keys() {
    static const std::vector<Key> table = [] {
        std::vector<Key> k;
        k.push_back(bool_key("AllowOfflineTxForUnknownId", &Settings::allow_offline_unknown));
        k.push_back(bool_key("AuthorizationCacheEnabled", &Settings::auth_cache_enabled));
        k.push_back(bool_key("AuthorizeRemoteTxRequests", &Settings::authorize_remote_start));
        k.push_back(int_key("ClockAlignedDataInterval", &Settings::aligned_interval_s, 0, 86400));
        k.push_back(int_key("ConnectionTimeOut", &Settings::connection_timeout_s, 0, 3600));
        k.push_back(fixed("ConnectorPhaseRotation", [](const StationConfig& c) {
            std::string out;
            for (std::size_t i = 0; i < c.evses.size(); ++i) {
                out += (out.empty() ? "" : ",") + std::to_string(i + 1) + ".RST";
            }
            return out;
        }));
        k.push_back(fixed("GetConfigurationMaxKeys", [](const StationConfig&) { return "50"; }));
        k.push_back(int_key("HeartbeatInterval", &Settings::heartbeat_interval_s, 0, 86400));
        k.push_back(bool_key("LocalAuthListEnabled", &Settings::local_list_enabled));
        k.push_back(fixed("LocalAuthListMaxLength", [](const StationConfig&) { return "10000"; }));
        k.push_back(bool_key("LocalAuthorizeOffline", &Settings::local_authorize_offline));
        k.push_back(bool_key("LocalPreAuthorize", &Settings::local_pre_authorize));
        k.push_back(list_key("MeterValuesAlignedData", &Settings::aligned));
        k.push_back(
            fixed("MeterValuesAlignedDataMaxLength", [](const StationConfig&) { return "5"; }));
        k.push_back(list_key("MeterValuesSampledData", &Settings::sampled));
        k.push_back(
            fixed("MeterValuesSampledDataMaxLength", [](const StationConfig&) { return "5"; }));
        k.push_back(int_key("MeterValueSampleInterval", &Settings::sample_interval_s, 0, 86400));
        k.push_back(fixed("NumberOfConnectors",
                          [](const StationConfig& c) { return std::to_string(c.evses.size()); }));
        k.push_back(fixed("SendLocalListMaxLength", [](const StationConfig&) { return "1000"; }));
        k.push_back(fixed("SecurityProfile", [](const StationConfig& c) {
            return std::to_string(c.security_profile);
        }));
        k.push_back(
            bool_key("StopTransactionOnEVSideDisconnect", &Settings::stop_on_ev_disconnect));
        k.push_back(bool_key("StopTransactionOnInvalidId", &Settings::stop_on_invalid_id));
        k.push_back(list_key("StopTxnAlignedData", &Settings::stop_aligned));
        k.push_back(list_key("StopTxnSampledData", &Settings::stop_sampled));
        k.push_back(fixed("SupportedFeatureProfiles", [](const StationConfig&) {
            return "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,"
                   "RemoteTrigger";
        }));
        k.push_back(fixed("ChargeProfileMaxStackLevel", [](const StationConfig&) { return "10"; }));
        k.push_back(fixed("ChargingScheduleAllowedChargingRateUnit",
                          [](const StationConfig&) { return "Current,Power"; }));
        k.push_back(fixed("ChargingScheduleMaxPeriods", [](const StationConfig&) { return "24"; }));
        k.push_back(
            fixed("MaxChargingProfilesInstalled", [](const StationConfig&) { return "10"; }));
        k.push_back(
            fixed("ReserveConnectorZeroSupported", [](const StationConfig&) { return "false"; }));
        k.push_back(int_key("TransactionMessageAttempts", &Settings::tx_message_attempts, 0, 10));
        k.push_back(int_key("TransactionMessageRetryInterval",
                            &Settings::tx_message_retry_interval_s, 0, 3600));
        k.push_back(
            bool_key("UnlockConnectorOnEVSideDisconnect", &Settings::unlock_on_ev_disconnect));
        k.push_back(
            int_key("WebSocketPingInterval", &Settings::websocket_ping_interval_s, 0, 3600));
        return k;
    }();
    return table;
}

const Key* find_key(std::string_view name) {
    for (const auto& k : keys()) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

}  // namespace

void V16Station::register_config(rpc::Router& router) {
    router.on<GetConfigurationRequest>(
        [this](const GetConfigurationRequest& req, rpc::Reply<GetConfigurationResponse> reply) {
            GetConfigurationResponse resp;
            std::vector<KeyValue> known;
            std::vector<std::string> unknown;
            auto add = [&](const Key& k) {
                known.push_back({std::string(k.name), k.readonly, k.get(settings_, config_)});
            };
            if (!req.key || req.key->empty()) {
                for (const auto& k : keys())
                    add(k);
            } else {
                for (const auto& name : *req.key) {
                    if (const Key* k = find_key(name)) {
                        add(*k);
                    } else {
                        unknown.push_back(name);
                    }
                }
            }
            if (!known.empty()) resp.configurationKey = std::move(known);
            if (!unknown.empty()) resp.unknownKey = std::move(unknown);
            reply.ok(resp);
        });

    router.on<ChangeConfigurationRequest>([this](const ChangeConfigurationRequest& req,
                                                 rpc::Reply<ChangeConfigurationResponse> reply) {
        const Key* k = find_key(req.key);
        if (k == nullptr) {
            reply.ok({ChangeConfigurationResponseStatus::NotSupported});
            return;
        }
        if (k->readonly) {
            reply.ok({ChangeConfigurationResponseStatus::Rejected});
            return;
        }
        const Change result = k->set(settings_, req.value);
        reply.ok({result == Change::Accepted ? ChangeConfigurationResponseStatus::Accepted
                                             : ChangeConfigurationResponseStatus::Rejected});
        if (result != Change::Accepted) return;
        // The changed behaviour starts now, not at the next reboot.
        if (req.key == "HeartbeatInterval") {
            schedule_heartbeat(now_);
        } else if (req.key == "ClockAlignedDataInterval") {
            schedule_aligned(now_);
        } else if (req.key == "MeterValueSampleInterval") {
            for (auto& c : connectors_)
                schedule_sampling(c, now_);
        }
    });
}

}  // namespace iskra::sim
