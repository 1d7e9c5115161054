#include "iskra/session/to_v16.hpp"

#include "iskra/session/decimal.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;

constexpr std::size_t kIdTagLength = 20;  // CiString20Type

tl::expected<std::string, MappingError> id_tag(const Token& token, const char* field) {
    if (token.id.size() > kIdTagLength) {
        return tl::unexpected(MappingError{
            field, "token '" + token.id + "' is longer than 1.6's 20-character idTag"});
    }
    return token.id;
}

tl::expected<std::int64_t, MappingError> transaction_id(const TransactionRef& ref) {
    if (const auto* number = std::get_if<std::int64_t>(&ref)) return *number;
    return tl::unexpected(
        MappingError{"transaction", "'" + to_string(ref) + "' is not a 1.6 integer transactionId"});
}

v16::SampledValue sampled(std::string value, ReadingContext context, Measurand measurand,
                          v16::UnitOfMeasure unit) {
    v16::SampledValue out;
    out.value = std::move(value);
    out.context = to_v16(context);
    out.measurand = to_v16(measurand);
    out.unit = unit;
    return out;
}

}  // namespace

tl::expected<v16::IdTagInfo, MappingError> to_v16(const AuthorizationDecision& decision) {
    v16::IdTagInfo info;
    info.status = to_v16(decision.status);
    if (decision.expires_at) info.expiryDate = format_timestamp(*decision.expires_at);
    if (decision.group) {
        auto parent = id_tag(*decision.group, "group");
        if (!parent) return tl::unexpected(parent.error());
        info.parentIdTag = std::move(*parent);
    }
    return info;
}

v16::MeterValue to_v16(const MeterSample& sample) {
    v16::MeterValue out;
    out.timestamp = format_timestamp(sample.timestamp);
    const auto context = sample.context;
    if (sample.energy_wh) {
        out.sampledValue.push_back(sampled(std::to_string(*sample.energy_wh), context,
                                           Measurand::EnergyActiveImportRegister,
                                           v16::UnitOfMeasure::Wh));
    }
    if (sample.power_w) {
        out.sampledValue.push_back(sampled(std::to_string(*sample.power_w), context,
                                           Measurand::PowerActiveImport, v16::UnitOfMeasure::W));
    }
    if (sample.current_a) {
        out.sampledValue.push_back(sampled(format_double(*sample.current_a), context,
                                           Measurand::CurrentImport, v16::UnitOfMeasure::A));
    }
    if (sample.voltage_v) {
        out.sampledValue.push_back(sampled(format_double(*sample.voltage_v), context,
                                           Measurand::Voltage, v16::UnitOfMeasure::V));
    }
    if (sample.soc_percent) {
        out.sampledValue.push_back(sampled(format_double(*sample.soc_percent), context,
                                           Measurand::SoC, v16::UnitOfMeasure::Percent));
    }
    return out;
}

tl::expected<v16::BootNotificationRequest, MappingError> to_v16(const StationBooted& event) {
    v16::BootNotificationRequest out;
    out.chargePointVendor = event.vendor;
    out.chargePointModel = event.model;
    out.chargePointSerialNumber = event.serial_number;
    out.firmwareVersion = event.firmware_version;
    out.iccid = event.iccid;
    out.imsi = event.imsi;
    out.meterType = event.meter_type;
    out.meterSerialNumber = event.meter_serial_number;
    return out;
}

tl::expected<v16::StatusNotificationRequest, MappingError> to_v16(
    const ConnectorStatusChanged& event) {
    v16::StatusNotificationRequest out;
    out.connectorId = v16_connector_id(event.connector);
    out.status = to_v16(event.status);
    out.errorCode = v16::ChargePointErrorCode::NoError;
    if (event.error_code) {
        // A code from elsewhere that 1.6 has no word for is still an error.
        out.errorCode = v16::parse_ChargePointErrorCode(*event.error_code)
                            .value_or(v16::ChargePointErrorCode::OtherError);
    }
    out.info = event.info;
    if (event.timestamp) out.timestamp = format_timestamp(*event.timestamp);
    out.vendorId = event.vendor_id;
    out.vendorErrorCode = event.vendor_error_code;
    return out;
}

tl::expected<v16::StartTransactionRequest, MappingError> to_v16(const SessionStarted& event) {
    if (!event.connector || event.connector->is_station()) {
        return tl::unexpected(MappingError{"connector", "1.6 needs the connector of a session"});
    }
    if (!event.token) {
        return tl::unexpected(MappingError{"token", "1.6 starts a transaction only with an idTag"});
    }
    if (!event.meter_start_wh) {
        return tl::unexpected(MappingError{"meter_start_wh", "1.6 requires meterStart"});
    }
    auto tag = id_tag(*event.token, "token");
    if (!tag) return tl::unexpected(tag.error());
    v16::StartTransactionRequest out;
    out.connectorId = v16_connector_id(*event.connector);
    out.idTag = std::move(*tag);
    out.meterStart = *event.meter_start_wh;
    out.reservationId = event.reservation_id;
    out.timestamp = format_timestamp(event.started_at);
    return out;
}

tl::expected<v16::MeterValuesRequest, MappingError> to_v16(const MeterValuesReported& event) {
    v16::MeterValuesRequest out;
    out.connectorId = v16_connector_id(event.connector);
    if (event.transaction) {
        auto id = transaction_id(*event.transaction);
        if (!id) return tl::unexpected(id.error());
        out.transactionId = *id;
    }
    for (const auto& sample : event.samples)
        out.meterValue.push_back(to_v16(sample));
    return out;
}

tl::expected<v16::StopTransactionRequest, MappingError> to_v16(const SessionEnded& event) {
    auto id = transaction_id(event.transaction);
    if (!id) return tl::unexpected(id.error());
    if (!event.meter_stop_wh) {
        return tl::unexpected(MappingError{"meter_stop_wh", "1.6 requires meterStop"});
    }
    v16::StopTransactionRequest out;
    out.transactionId = *id;
    if (event.token) {
        auto tag = id_tag(*event.token, "token");
        if (!tag) return tl::unexpected(tag.error());
        out.idTag = std::move(*tag);
    }
    out.meterStop = *event.meter_stop_wh;
    out.timestamp = format_timestamp(event.ended_at);
    out.reason = to_v16(event.reason);
    if (!event.samples.empty()) {
        out.transactionData.emplace();
        for (const auto& sample : event.samples)
            out.transactionData->push_back(to_v16(sample));
    }
    return out;
}

}  // namespace iskra::session
