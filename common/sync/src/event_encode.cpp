#include "iskra/sync/event_json.hpp"

#include <string>
#include <type_traits>

namespace iskra::sync {
namespace {

using nlohmann::json;
using session::format_timestamp;

template <typename T>
void put(json& object, const char* key, const std::optional<T>& value) {
    if (!value) return;
    if constexpr (std::is_same_v<T, session::Timestamp>) {
        object[key] = format_timestamp(*value);
    } else {
        object[key] = *value;
    }
}

json connector_json(const session::ConnectorRef& connector) {
    return json{{"evse_id", connector.evse_id}, {"connector_id", connector.connector_id}};
}

json transaction_json(const session::TransactionRef& ref) {
    return std::visit([](const auto& id) { return json(id); }, ref);
}

json samples_json(const std::vector<session::MeterSample>& samples) {
    json array = json::array();
    for (const auto& sample : samples)
        array.push_back(to_json(sample));
    return array;
}

json sequence_json(const session::TransactionSequence& sequence) {
    return json{{"seq_no", sequence.seq_no}, {"trigger_reason", sequence.trigger_reason}};
}

}  // namespace

json to_json(const session::StationBooted& e) {
    json j{{"station_id", e.station_id},
           {"protocol", std::string(ocpp::subprotocol(e.protocol))},
           {"vendor", e.vendor},
           {"model", e.model}};
    put(j, "serial_number", e.serial_number);
    put(j, "firmware_version", e.firmware_version);
    put(j, "iccid", e.iccid);
    put(j, "imsi", e.imsi);
    put(j, "meter_type", e.meter_type);
    put(j, "meter_serial_number", e.meter_serial_number);
    put(j, "boot_reason", e.boot_reason);
    return j;
}

json to_json(const session::ConnectorStatusChanged& e) {
    json j{{"station_id", e.station_id},
           {"connector", connector_json(e.connector)},
           {"status", std::string(session::to_string(e.status))}};
    put(j, "timestamp", e.timestamp);
    put(j, "error_code", e.error_code);
    put(j, "info", e.info);
    put(j, "vendor_id", e.vendor_id);
    put(j, "vendor_error_code", e.vendor_error_code);
    return j;
}

json to_json(const session::AuthorizationRequested& e) {
    return json{{"station_id", e.station_id}, {"token", to_json(e.token)}};
}

json to_json(const session::AuthorizationAnswered& e) {
    json decision{{"status", std::string(session::to_string(e.decision.status))}};
    put(decision, "expires_at", e.decision.expires_at);
    if (e.decision.group) decision["group"] = to_json(*e.decision.group);
    return json{{"station_id", e.station_id}, {"token", to_json(e.token)}, {"decision", decision}};
}

json to_json(const session::SessionStarted& e) {
    json j{{"station_id", e.station_id},
           {"transaction", transaction_json(e.transaction)},
           {"started_at", format_timestamp(e.started_at)},
           {"samples", samples_json(e.samples)}};
    if (e.connector) j["connector"] = connector_json(*e.connector);
    if (e.token) j["token"] = to_json(*e.token);
    put(j, "meter_start_wh", e.meter_start_wh);
    put(j, "reservation_id", e.reservation_id);
    put(j, "remote_start_id", e.remote_start_id);
    put(j, "offline", e.offline);
    if (e.sequence) j["sequence"] = sequence_json(*e.sequence);
    return j;
}

json to_json(const session::SessionUpdated& e) {
    json j{{"station_id", e.station_id},
           {"transaction", transaction_json(e.transaction)},
           {"timestamp", format_timestamp(e.timestamp)},
           {"offline", e.offline},
           {"sequence", sequence_json(e.sequence)},
           {"samples", samples_json(e.samples)}};
    if (e.connector) j["connector"] = connector_json(*e.connector);
    if (e.token) j["token"] = to_json(*e.token);
    if (e.charging_state) j["charging_state"] = std::string(session::to_string(*e.charging_state));
    put(j, "time_spent_charging_s", e.time_spent_charging_s);
    put(j, "remote_start_id", e.remote_start_id);
    return j;
}

json to_json(const session::MeterValuesReported& e) {
    json j{{"station_id", e.station_id},
           {"connector", connector_json(e.connector)},
           {"samples", samples_json(e.samples)}};
    if (e.transaction) j["transaction"] = transaction_json(*e.transaction);
    return j;
}

json to_json(const session::SessionEnded& e) {
    json j{{"station_id", e.station_id},
           {"transaction", transaction_json(e.transaction)},
           {"ended_at", format_timestamp(e.ended_at)},
           {"reason", std::string(session::to_string(e.reason))},
           {"samples", samples_json(e.samples)}};
    if (e.connector) j["connector"] = connector_json(*e.connector);
    if (e.token) j["token"] = to_json(*e.token);
    put(j, "meter_stop_wh", e.meter_stop_wh);
    put(j, "time_spent_charging_s", e.time_spent_charging_s);
    put(j, "offline", e.offline);
    if (e.sequence) j["sequence"] = sequence_json(*e.sequence);
    return j;
}

json to_json(const session::SecurityEventReported& e) {
    json j{{"station_id", e.station_id},
           {"type", e.type},
           {"timestamp", format_timestamp(e.timestamp)}};
    put(j, "tech_info", e.tech_info);
    return j;
}

json to_json(const session::MeterSample& sample) {
    json j{{"timestamp", format_timestamp(sample.timestamp)},
           {"context", std::string(session::to_string(sample.context))}};
    put(j, "energy_wh", sample.energy_wh);
    put(j, "power_w", sample.power_w);
    put(j, "current_a", sample.current_a);
    put(j, "voltage_v", sample.voltage_v);
    put(j, "soc_percent", sample.soc_percent);
    json measurands = json::array();
    for (auto measurand : sample.measurands) {
        measurands.push_back(std::string(session::to_string(measurand)));
    }
    j["measurands"] = std::move(measurands);
    return j;
}

json to_json(const session::Event& event) {
    return std::visit([](const auto& e) { return to_json(e); }, event);
}

json to_json(const session::Token& token) {
    return json{{"id", token.id}, {"type", std::string(session::to_string(token.type))}};
}

json to_json(const SessionFlagged& e) {
    return json{{"station_id", e.station_id},
                {"kind", e.kind},
                {"detail", e.detail},
                {"at", format_timestamp(e.at)}};
}

json to_json(const CommandCompleted& e) {
    json j{{"command_id", e.command_id}, {"station_id", e.station_id},
           {"action", e.action},         {"status", e.status},
           {"response", e.response},     {"completed_at", format_timestamp(e.completed_at)}};
    put(j, "central_command_id", e.central_command_id);
    return j;
}

json to_json(const StationMessage& e) {
    return json{{"station_id", e.station_id}, {"action", e.action}, {"payload", e.payload}};
}

json to_json(const EventBody& body) {
    return std::visit([](const auto& e) { return to_json(e); }, body);
}

json to_json(const OutboxEvent& event) {
    json j = to_json(event.body);
    if (event.session_uuid) j["session_uuid"] = *event.session_uuid;
    if (event.closed_by) j["closed_by"] = *event.closed_by;
    if (event.decision) {
        j["source"] = event.decision->source;
        j["needs_recheck"] = event.decision->needs_recheck;
        j["decision_id"] = event.decision->decision_id;
        j["decided_at"] = format_timestamp(event.decision->decided_at);
    }
    return j;
}

std::string_view event_type(const EventBody& body) {
    return std::visit([](const auto& e) { return std::decay_t<decltype(e)>::kName; }, body);
}

}  // namespace iskra::sync
