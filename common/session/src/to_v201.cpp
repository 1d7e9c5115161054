#include "iskra/session/to_v201.hpp"

#include <algorithm>

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;

constexpr std::size_t kIdentifierLength = 36;  // idToken and transactionId

v201::SampledValueType sampled(double value, ReadingContext context, Measurand measurand,
                               const char* unit) {
    v201::SampledValueType out;
    out.value = value;
    out.context = to_v201(context);
    out.measurand = to_v201(measurand);
    out.unitOfMeasure.emplace();
    out.unitOfMeasure->unit = unit;
    return out;
}

bool has_energy(const std::vector<MeterSample>& samples) {
    return std::any_of(samples.begin(), samples.end(),
                       [](const MeterSample& sample) { return sample.energy_wh.has_value(); });
}

// The fields every TransactionEvent carries, from the members every session event has.
template <class Session>
tl::expected<v201::TransactionEventRequest, MappingError> transaction_event(
    const Session& event, v201::TransactionEventEnumType type, Timestamp at,
    const std::optional<TransactionSequence>& sequence, bool offline) {
    const auto* id = std::get_if<std::string>(&event.transaction);
    if (id == nullptr || id->empty() || id->size() > kIdentifierLength) {
        return tl::unexpected(MappingError{
            "transaction", "'" + to_string(event.transaction) +
                               "' is not a 2.0.1 transactionId (text of 1 to 36 characters)"});
    }
    if (!sequence) {
        return tl::unexpected(
            MappingError{"sequence", "2.0.1 numbers every transaction event (seqNo)"});
    }
    const auto trigger = v201::parse_TriggerReasonEnumType(sequence->trigger_reason);
    if (!trigger) {
        return tl::unexpected(
            MappingError{"sequence.trigger_reason",
                         "'" + sequence->trigger_reason + "' is not a 2.0.1 trigger reason"});
    }
    v201::TransactionEventRequest out;
    out.eventType = type;
    out.timestamp = format_timestamp(at);
    out.triggerReason = *trigger;
    out.seqNo = sequence->seq_no;
    if (offline) out.offline = true;
    out.transactionInfo.transactionId = *id;
    if (event.connector) out.evse = to_v201(*event.connector);
    if (event.token) {
        auto token = to_v201(*event.token);
        if (!token) return tl::unexpected(token.error());
        out.idToken = std::move(*token);
    }
    if (!event.samples.empty()) {
        out.meterValue.emplace();
        for (const auto& sample : event.samples)
            out.meterValue->push_back(to_v201(sample));
    }
    return out;
}

void add_register(v201::TransactionEventRequest& out, const std::vector<MeterSample>& samples,
                  std::optional<std::int64_t> energy_wh, Timestamp at, ReadingContext context) {
    if (!energy_wh || has_energy(samples)) return;
    MeterSample sample;
    sample.timestamp = at;
    sample.context = context;
    sample.energy_wh = energy_wh;
    sample.measurands = {Measurand::EnergyActiveImportRegister};
    if (!out.meterValue) out.meterValue.emplace();
    out.meterValue->push_back(to_v201(sample));
}

}  // namespace

tl::expected<v201::IdTokenType, MappingError> to_v201(const Token& token) {
    if (token.id.size() > kIdentifierLength) {
        return tl::unexpected(MappingError{
            "token", "token '" + token.id + "' is longer than 2.0.1's 36-character idToken"});
    }
    v201::IdTokenType out;
    out.idToken = token.id;
    out.type = to_v201(token.type);
    return out;
}

tl::expected<v201::IdTokenInfoType, MappingError> to_v201(const AuthorizationDecision& decision) {
    v201::IdTokenInfoType out;
    out.status = to_v201(decision.status);
    if (decision.expires_at) out.cacheExpiryDateTime = format_timestamp(*decision.expires_at);
    if (decision.group) {
        auto group = to_v201(*decision.group);
        if (!group) return tl::unexpected(MappingError{"group", group.error().message});
        out.groupIdToken = std::move(*group);
    }
    return out;
}

v201::MeterValueType to_v201(const MeterSample& sample) {
    v201::MeterValueType out;
    out.timestamp = format_timestamp(sample.timestamp);
    const auto context = sample.context;
    auto& values = out.sampledValue;
    // Wh and W fit a double exactly far beyond any meter's range (2^53).
    if (sample.energy_wh) {
        values.push_back(sampled(static_cast<double>(*sample.energy_wh), context,
                                 Measurand::EnergyActiveImportRegister, "Wh"));
    }
    if (sample.power_w) {
        values.push_back(sampled(static_cast<double>(*sample.power_w), context,
                                 Measurand::PowerActiveImport, "W"));
    }
    if (sample.current_a) {
        values.push_back(sampled(*sample.current_a, context, Measurand::CurrentImport, "A"));
    }
    if (sample.voltage_v) {
        values.push_back(sampled(*sample.voltage_v, context, Measurand::Voltage, "V"));
    }
    if (sample.soc_percent) {
        values.push_back(sampled(*sample.soc_percent, context, Measurand::SoC, "Percent"));
    }
    return out;
}

tl::expected<v201::BootNotificationRequest, MappingError> to_v201(const StationBooted& event) {
    v201::BootNotificationRequest out;
    out.chargingStation.vendorName = event.vendor;
    out.chargingStation.model = event.model;
    out.chargingStation.serialNumber = event.serial_number;
    out.chargingStation.firmwareVersion = event.firmware_version;
    if (event.iccid || event.imsi) {
        out.chargingStation.modem.emplace();
        out.chargingStation.modem->iccid = event.iccid;
        out.chargingStation.modem->imsi = event.imsi;
    }
    out.reason = v201::BootReasonEnumType::Unknown;
    if (event.boot_reason) {
        const auto reason = v201::parse_BootReasonEnumType(*event.boot_reason);
        if (!reason) {
            return tl::unexpected(MappingError{
                "boot_reason", "'" + *event.boot_reason + "' is not a 2.0.1 boot reason"});
        }
        out.reason = *reason;
    }
    return out;
}

tl::expected<v201::StatusNotificationRequest, MappingError> to_v201(
    const ConnectorStatusChanged& event) {
    if (!event.timestamp) {
        return tl::unexpected(
            MappingError{"timestamp", "2.0.1 requires the time of a status change"});
    }
    v201::StatusNotificationRequest out;
    out.timestamp = format_timestamp(*event.timestamp);
    out.connectorStatus = to_v201(event.status);
    out.evseId = event.connector.evse_id;
    out.connectorId = event.connector.connector_id;
    return out;
}

tl::expected<v201::MeterValuesRequest, MappingError> to_v201(const MeterValuesReported& event) {
    v201::MeterValuesRequest out;
    out.evseId = event.connector.evse_id;
    for (const auto& sample : event.samples)
        out.meterValue.push_back(to_v201(sample));
    return out;
}

tl::expected<v201::TransactionEventRequest, MappingError> to_v201(const SessionStarted& event) {
    auto out = transaction_event(event, v201::TransactionEventEnumType::Started, event.started_at,
                                 event.sequence, event.offline.value_or(false));
    if (!out) return out;
    add_register(*out, event.samples, event.meter_start_wh, event.started_at,
                 ReadingContext::TransactionBegin);
    out->reservationId = event.reservation_id;
    out->transactionInfo.remoteStartId = event.remote_start_id;
    return out;
}

tl::expected<v201::TransactionEventRequest, MappingError> to_v201(const SessionUpdated& event) {
    auto out = transaction_event(event, v201::TransactionEventEnumType::Updated, event.timestamp,
                                 event.sequence, event.offline);
    if (!out) return out;
    if (event.charging_state) out->transactionInfo.chargingState = to_v201(*event.charging_state);
    out->transactionInfo.timeSpentCharging = event.time_spent_charging_s;
    out->transactionInfo.remoteStartId = event.remote_start_id;
    return out;
}

tl::expected<v201::TransactionEventRequest, MappingError> to_v201(const SessionEnded& event) {
    auto out = transaction_event(event, v201::TransactionEventEnumType::Ended, event.ended_at,
                                 event.sequence, event.offline.value_or(false));
    if (!out) return out;
    add_register(*out, event.samples, event.meter_stop_wh, event.ended_at,
                 ReadingContext::TransactionEnd);
    out->transactionInfo.stoppedReason = to_v201(event.reason);
    out->transactionInfo.timeSpentCharging = event.time_spent_charging_s;
    return out;
}

}  // namespace iskra::session
