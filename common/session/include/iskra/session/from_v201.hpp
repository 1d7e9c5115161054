// OCPP 2.0.1 messages → session events, for the gateway's 2.0.1 handlers. Pure functions of a
// schema-valid typed message and the station's id; callable from any thread.
//
// A MappingError names the field that made a valid message unusable. Every overload returns
// tl::expected, even where nothing can go wrong, so a handler treats all messages alike.
#pragma once

#include <string_view>

#include <tl/expected.hpp>

#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/session/events.hpp"
#include "iskra/session/mapping_error.hpp"
#include "iskra/session/v201_vocabulary.hpp"

namespace iskra::session {

tl::expected<StationBooted, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::BootNotificationRequest& request);

tl::expected<ConnectorStatusChanged, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::StatusNotificationRequest& request);

tl::expected<AuthorizationRequested, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::AuthorizeRequest& request);

// The answer the station was given, for the authorisation log.
tl::expected<AuthorizationAnswered, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::AuthorizeRequest& request,
    const ocpp::v201::AuthorizeResponse& response);

// Started → SessionStarted, Updated → SessionUpdated, Ended → SessionEnded, each with the
// event's meter values as samples and its seqNo, trigger reason and offline flag, so the gateway
// can spot a gap in the sequence. Started's meter start and Ended's meter stop are the
// Transaction.Begin / Transaction.End energy registers among the samples, when there are any.
tl::expected<Event, MappingError> from_v201(std::string_view station_id,
                                            const ocpp::v201::TransactionEventRequest& request);

tl::expected<MeterValuesReported, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::MeterValuesRequest& request);

tl::expected<SecurityEventReported, MappingError> from_v201(
    std::string_view station_id, const ocpp::v201::SecurityEventNotificationRequest& request);

}  // namespace iskra::session
