// OCPP 1.6 messages → session events, for the gateway's 1.6 handlers. Pure functions of a
// schema-valid typed message and the station's id; callable from any thread.
//
// A MappingError names the field that made a valid message unusable: an unreadable meter value,
// a unit that cannot express its measurand, a transaction on connector 0. Every overload returns
// tl::expected, even where nothing can go wrong, so a handler treats all messages alike.
#pragma once

#include <cstdint>
#include <string_view>

#include <tl/expected.hpp>

#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/session/events.hpp"
#include "iskra/session/mapping_error.hpp"
#include "iskra/session/v16_vocabulary.hpp"

namespace iskra::session {

tl::expected<StationBooted, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::BootNotificationRequest& request);

// connectorId 0 reports the station itself (ConnectorRef EVSE 0).
tl::expected<ConnectorStatusChanged, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::StatusNotificationRequest& request);

tl::expected<AuthorizationRequested, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::AuthorizeRequest& request);

// The answer the station was given, for the authorisation log.
tl::expected<AuthorizationAnswered, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::AuthorizeRequest& request,
    const ocpp::v16::AuthorizeResponse& response);

// 1.6 stations learn their transactionId from the answer, so the gateway passes the one it
// assigned.
tl::expected<SessionStarted, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::StartTransactionRequest& request,
    std::int64_t transaction_id);

tl::expected<MeterValuesReported, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::MeterValuesRequest& request);

// A missing reason means Local, as 1.6 specifies.
tl::expected<SessionEnded, MappingError> from_v16(std::string_view station_id,
                                                  const ocpp::v16::StopTransactionRequest& request);

tl::expected<SecurityEventReported, MappingError> from_v16(
    std::string_view station_id, const ocpp::v16::SecurityEventNotificationRequest& request);

}  // namespace iskra::session
