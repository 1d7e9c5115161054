#include "iskra/session/from_v201.hpp"

#include <algorithm>

#include "iskra/session/decimal.hpp"
#include "mapping_support.hpp"

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;

Token token_from(const v201::IdTokenType& token) {
    return Token{token.idToken, from_v201(token.type)};
}

detail::RawReading raw_reading(const v201::SampledValueType& sampled, const std::string& field) {
    detail::RawReading raw;
    if (sampled.measurand) raw.measurand = from_v201(*sampled.measurand);
    if (sampled.context) raw.context = from_v201(*sampled.context);
    raw.phased = sampled.phase.has_value();
    raw.at_outlet = !sampled.location || *sampled.location == v201::LocationEnumType::Outlet;
    // The JSON number as the station wrote it, so the conversion to Wh stays exact.
    raw.value = format_double(sampled.value);
    if (sampled.unitOfMeasure) {
        raw.unit = sampled.unitOfMeasure->unit;
        raw.multiplier = static_cast<int>(
            std::clamp<std::int64_t>(sampled.unitOfMeasure->multiplier.value_or(0), -1000, 1000));
    }
    raw.value_field = field + "/value";
    raw.unit_field = field + "/unitOfMeasure";
    if (raw.unit) raw.unit_field += "/unit";
    return raw;
}

tl::expected<std::vector<MeterSample>, MappingError> samples_from(
    const std::vector<v201::MeterValueType>& meter_values) {
    std::vector<MeterSample> samples;
    samples.reserve(meter_values.size());
    for (std::size_t i = 0; i < meter_values.size(); ++i) {
        const std::string field = detail::pointer("", "meterValue", i);
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

// Builds the event of one TransactionEvent type from the fields all three share.
template <class Session>
Session common_fields(std::string_view station_id, const v201::TransactionEventRequest& request,
                      std::vector<MeterSample> samples) {
    Session event;
    event.station_id = std::string(station_id);
    event.transaction = request.transactionInfo.transactionId;
    if (request.evse) event.connector = connector_from_v201(*request.evse);
    if (request.idToken) event.token = token_from(*request.idToken);
    event.offline = request.offline.value_or(false);
    event.sequence =
        TransactionSequence{request.seqNo, std::string(v201::to_string(request.triggerReason))};
    event.samples = std::move(samples);
    return event;
}

}  // namespace

tl::expected<StationBooted, MappingError> from_v201(std::string_view station_id,
                                                    const v201::BootNotificationRequest& request) {
    const auto& station = request.chargingStation;
    StationBooted event;
    event.station_id = std::string(station_id);
    event.protocol = ocpp::Version::v201;
    event.vendor = station.vendorName;
    event.model = station.model;
    event.serial_number = station.serialNumber;
    event.firmware_version = station.firmwareVersion;
    if (station.modem) {
        event.iccid = station.modem->iccid;
        event.imsi = station.modem->imsi;
    }
    event.boot_reason = std::string(v201::to_string(request.reason));
    return event;
}

tl::expected<ConnectorStatusChanged, MappingError> from_v201(
    std::string_view station_id, const v201::StatusNotificationRequest& request) {
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    ConnectorStatusChanged event;
    event.station_id = std::string(station_id);
    event.connector = ConnectorRef{request.evseId, request.connectorId};
    event.status = from_v201(request.connectorStatus);
    event.timestamp = *at;
    return event;
}

tl::expected<AuthorizationRequested, MappingError> from_v201(
    std::string_view station_id, const v201::AuthorizeRequest& request) {
    return AuthorizationRequested{std::string(station_id), token_from(request.idToken)};
}

tl::expected<AuthorizationAnswered, MappingError> from_v201(
    std::string_view station_id, const v201::AuthorizeRequest& request,
    const v201::AuthorizeResponse& response) {
    AuthorizationAnswered event;
    event.station_id = std::string(station_id);
    event.token = token_from(request.idToken);
    const auto& info = response.idTokenInfo;
    event.decision.status = from_v201(info.status);
    if (info.cacheExpiryDateTime) {
        const auto at =
            detail::timestamp_field(*info.cacheExpiryDateTime, "/idTokenInfo/cacheExpiryDateTime");
        if (!at) return tl::unexpected(at.error());
        event.decision.expires_at = *at;
    }
    if (info.groupIdToken) event.decision.group = token_from(*info.groupIdToken);
    return event;
}

tl::expected<Event, MappingError> from_v201(std::string_view station_id,
                                            const v201::TransactionEventRequest& request) {
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    tl::expected<std::vector<MeterSample>, MappingError> samples = std::vector<MeterSample>{};
    if (request.meterValue) samples = samples_from(*request.meterValue);
    if (!samples) return tl::unexpected(samples.error());
    const auto& info = request.transactionInfo;

    switch (request.eventType) {
        case v201::TransactionEventEnumType::Started: {
            auto event = common_fields<SessionStarted>(station_id, request, std::move(*samples));
            event.meter_start_wh = detail::opening_energy(event.samples);
            event.started_at = *at;
            event.reservation_id = request.reservationId;
            event.remote_start_id = info.remoteStartId;
            return event;
        }
        case v201::TransactionEventEnumType::Updated: {
            auto event = common_fields<SessionUpdated>(station_id, request, std::move(*samples));
            event.timestamp = *at;
            if (info.chargingState) event.charging_state = from_v201(*info.chargingState);
            event.time_spent_charging_s = info.timeSpentCharging;
            event.remote_start_id = info.remoteStartId;
            return event;
        }
        case v201::TransactionEventEnumType::Ended: {
            auto event = common_fields<SessionEnded>(station_id, request, std::move(*samples));
            event.meter_stop_wh = detail::closing_energy(event.samples);
            event.ended_at = *at;
            // 2.0.1 lets a station leave the reason out only when it is Local.
            event.reason = info.stoppedReason ? from_v201(*info.stoppedReason) : StopReason::Local;
            event.time_spent_charging_s = info.timeSpentCharging;
            return event;
        }
    }
    return tl::unexpected(MappingError{"/eventType", "unknown transaction event type"});
}

tl::expected<MeterValuesReported, MappingError> from_v201(std::string_view station_id,
                                                          const v201::MeterValuesRequest& request) {
    auto samples = samples_from(request.meterValue);
    if (!samples) return tl::unexpected(samples.error());
    MeterValuesReported event;
    event.station_id = std::string(station_id);
    // evseId 0 is the station's main meter, which has no connector of its own.
    event.connector = ConnectorRef{request.evseId, 0};
    event.samples = std::move(*samples);
    return event;
}

tl::expected<SecurityEventReported, MappingError> from_v201(
    std::string_view station_id, const v201::SecurityEventNotificationRequest& request) {
    const auto at = detail::timestamp_field(request.timestamp, "/timestamp");
    if (!at) return tl::unexpected(at.error());
    return SecurityEventReported{std::string(station_id), request.type, *at, request.techInfo};
}

}  // namespace iskra::session
