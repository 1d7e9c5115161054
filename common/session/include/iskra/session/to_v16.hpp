// Session model → OCPP 1.6 messages: what the gateway answers a 1.6 station with and what the
// simulator's 1.6 stations send. Pure functions; callable from any thread.
//
// Enum words come from v16_vocabulary.hpp, so each rule exists once. A MappingError names the
// event member 1.6 cannot carry (a 2.0.1 string transactionId, a token longer than 1.6's 20
// characters, a missing meterStart). Other string limits are left to the schema check every
// outgoing message passes.
#pragma once

#include <tl/expected.hpp>

#include "iskra/ocpp/v16/messages.hpp"
#include "iskra/session/events.hpp"
#include "iskra/session/mapping_error.hpp"
#include "iskra/session/v16_vocabulary.hpp"

namespace iskra::session {

// The idTagInfo of Authorize, StartTransaction and StopTransaction answers.
tl::expected<ocpp::v16::IdTagInfo, MappingError> to_v16(const AuthorizationDecision& decision);

// The quantities the sample holds, in base units (Wh, W, A, V, Percent).
ocpp::v16::MeterValue to_v16(const MeterSample& sample);

tl::expected<ocpp::v16::BootNotificationRequest, MappingError> to_v16(const StationBooted& event);
tl::expected<ocpp::v16::StatusNotificationRequest, MappingError> to_v16(
    const ConnectorStatusChanged& event);
// The transaction reference is not sent: a 1.6 station learns it from the answer.
tl::expected<ocpp::v16::StartTransactionRequest, MappingError> to_v16(const SessionStarted& event);
tl::expected<ocpp::v16::MeterValuesRequest, MappingError> to_v16(const MeterValuesReported& event);
tl::expected<ocpp::v16::StopTransactionRequest, MappingError> to_v16(const SessionEnded& event);

}  // namespace iskra::session
