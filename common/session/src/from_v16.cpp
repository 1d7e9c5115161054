#include "iskra/session/from_v16.hpp"

#include "mapping_support.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;

Token id_tag(const std::string& id) {
    return Token{id, TokenType::IdTag};
}

detail::RawReading raw_reading(const v16::SampledValue& sampled, const std::string& field) {
    detail::RawReading raw;
    if (sampled.measurand) raw.measurand = from_v16(*sampled.measurand);
    if (sampled.context) raw.context = from_v16(*sampled.context);
    raw.phased = sampled.phase.has_value();
    raw.at_outlet = !sampled.location || *sampled.location == v16::Location::Outlet;
    raw.signed_data = sampled.format == v16::ValueFormat::SignedData;
    raw.value = sampled.value;
    if (sampled.unit) raw.unit = std::string(v16::to_string(*sampled.unit));
    raw.value_field = field + "/value";
    raw.unit_field = field + "/unit";
    return raw;
}

// `member` names the array in the message ("meterValue", "transactionData") for error fields.
tl::expected<std::vector<MeterSample>, MappingError> samples_from(
    const std::vector<v16::MeterValue>& meter_values, const char* member) {
    std::vector<MeterSample> samples;
    samples.reserve(meter_values.size());
    for (std::size_t i = 0; i < meter_values.size(); ++i) {
        const std::string field = detail::pointer("", member, i);
        const auto& meter_value = meter_values[i];
        const auto at = detail::timestamp_field(meter_value.timestamp, field + "/timestamp");
        if (!at) return tl::unexpected(at.error());
        std::vector<detail::RawReading> readings;
        readings.reserve(meter_value.sampledValue.size());
        for (std::size_t j = 0; j < meter_value.sampledValue.size(); ++j) {
            readings.push_back(raw_reading(meter_value.sampledValue[j],
                                           detail::pointer(field, "sampledValue", j)));
        }
        auto sample = detail::fold_readings(*at, readings);
        if (!sample) return tl::unexpected(sample.error());
        samples.push_back(std::move(*sample));
    }
    return samples;
}

}  // namespace

tl::expected<StationBooted, MappingError> from_v16(std::string_view station_id,
                                                   const v16::BootNotificationRequest& request) {
    StationBooted event;
    event.station_id = std::string(station_id);
    event.protocol = ocpp::Version::v16;
    event.vendor = request.chargePointVendor;
    event.model = request.chargePointModel;
    // chargeBoxSerialNumber is deprecated in 1.6 in favour of chargePointSerialNumber.
    event.serial_number = request.chargePointSerialNumber ? request.chargePointSerialNumber
                                                          : request.chargeBoxSerialNumber;
    event.firmware_version = request.firmwareVersion;
    event.iccid = request.iccid;
    event.imsi = request.imsi;
    event.meter_type = request.meterType;
    event.meter_serial_number = request.meterSerialNumber;
    return event;
}

tl::expected<ConnectorStatusChanged, MappingError> from_v16(
    std::string_view station_id, const v16::StatusNotificationRequest& request) {
    ConnectorStatusChanged event;
    event.station_id = std::string(station_id);
    event.connector = connector_from_v16(request.connectorId);
    event.status = from_v16(request.status);
    if (request.timestamp) {
        const auto at = detail::timestamp_field(*request.timestamp, "/timestamp");
        if (!at) return tl::unexpected(at.error());
        event.timestamp = *at;
    }
    if (request.errorCode != v16::ChargePointErrorCode::NoError) {
        event.error_code = std::string(v16::to_string(request.errorCode));
    }
    event.info = request.info;
    event.vendor_id = request.vendorId;
    event.vendor_error_code = request.vendorErrorCode;
    return event;
}

tl::expected<AuthorizationRequested, MappingError> from_v16(std::string_view station_id,
                                                            const v16::AuthorizeRequest& request) {
    return AuthorizationRequested{std::string(station_id), id_tag(request.idTag)};
}

tl::expected<AuthorizationAnswered, MappingError> from_v16(std::string_view station_id,
                                                           const v16::AuthorizeRequest& request,
                                                           const v16::AuthorizeResponse& response) {
    AuthorizationAnswered event;
    event.station_id = std::string(station_id);
    event.token = id_tag(request.idTag);
    const auto& info = response.idTagInfo;
    event.decision.status = from_v16(info.status);
    if (info.expiryDate) {
        const auto at = detail::timestamp_field(*info.expiryDate, "/idTagInfo/expiryDate");
        if (!at) return tl::unexpected(at.error());
        event.decision.expires_at = *at;
    }
    if (info.parentIdTag) event.decision.group = id_tag(*info.parentIdTag);
    return event;
}

tl::expected<SessionStarted, MappingError> from_v16(std::string_view station_id,
                                                    const v16::StartTransactionRequest& request,
                                                    std::int64_t transaction_id) {
    if (request.connectorId == 0) {
        return tl::unexpected(MappingError{
            "/connectorId", "a transaction runs on a connector, not on the station (0)"});
    }
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    SessionStarted event;
    event.station_id = std::string(station_id);
    event.transaction = transaction_id;
    event.connector = connector_from_v16(request.connectorId);
    event.token = id_tag(request.idTag);
    event.meter_start_wh = request.meterStart;
    event.started_at = *at;
    event.reservation_id = request.reservationId;
    return event;
}

tl::expected<MeterValuesReported, MappingError> from_v16(std::string_view station_id,
                                                         const v16::MeterValuesRequest& request) {
    auto samples = samples_from(request.meterValue, "meterValue");
    if (!samples) return tl::unexpected(samples.error());
    MeterValuesReported event;
    event.station_id = std::string(station_id);
    event.connector = connector_from_v16(request.connectorId);
    if (request.transactionId) event.transaction = *request.transactionId;
    event.samples = std::move(*samples);
    return event;
}

tl::expected<SessionEnded, MappingError> from_v16(std::string_view station_id,
                                                  const v16::StopTransactionRequest& request) {
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    SessionEnded event;
    event.station_id = std::string(station_id);
    event.transaction = request.transactionId;
    if (request.idTag) event.token = id_tag(*request.idTag);
    event.meter_stop_wh = request.meterStop;
    event.ended_at = *at;
    event.reason = request.reason ? from_v16(*request.reason) : StopReason::Local;
    if (request.transactionData) {
        auto samples = samples_from(*request.transactionData, "transactionData");
        if (!samples) return tl::unexpected(samples.error());
        event.samples = std::move(*samples);
    }
    return event;
}

tl::expected<SecurityEventReported, MappingError> from_v16(
    std::string_view station_id, const v16::SecurityEventNotificationRequest& request) {
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    return SecurityEventReported{std::string(station_id), request.type, *at, request.techInfo};
}

}  // namespace iskra::session
