// Session model → OCPP 2.0.1 messages: what the gateway answers a 2.0.1 station with and what the
// simulator's 2.0.1 stations send. Pure functions; callable from any thread.
//
// Enum words come from v201_vocabulary.hpp, so each rule exists once. A MappingError names the
// event member 2.0.1 cannot carry (a 1.6 integer transaction reference, a missing seqNo or
// timestamp). Other string limits are left to the schema check every outgoing message passes.
#pragma once

#include <tl/expected.hpp>

#include "iskra/ocpp/v201/messages.hpp"
#include "iskra/session/events.hpp"
#include "iskra/session/mapping_error.hpp"
#include "iskra/session/v201_vocabulary.hpp"

namespace iskra::session {

tl::expected<ocpp::v201::IdTokenType, MappingError> to_v201(const Token& token);
// The idTokenInfo of Authorize and TransactionEvent answers.
tl::expected<ocpp::v201::IdTokenInfoType, MappingError> to_v201(
    const AuthorizationDecision& decision);

// The quantities the sample holds, in base units (Wh, W, A, V, Percent).
ocpp::v201::MeterValueType to_v201(const MeterSample& sample);

tl::expected<ocpp::v201::BootNotificationRequest, MappingError> to_v201(const StationBooted& event);
tl::expected<ocpp::v201::StatusNotificationRequest, MappingError> to_v201(
    const ConnectorStatusChanged& event);
tl::expected<ocpp::v201::MeterValuesRequest, MappingError> to_v201(
    const MeterValuesReported& event);

// TransactionEvent Started / Updated / Ended. A meter start or stop that no sample carries is
// sent as a Transaction.Begin / Transaction.End sample, the only place 2.0.1 has for it.
tl::expected<ocpp::v201::TransactionEventRequest, MappingError> to_v201(
    const SessionStarted& event);
tl::expected<ocpp::v201::TransactionEventRequest, MappingError> to_v201(
    const SessionUpdated& event);
tl::expected<ocpp::v201::TransactionEventRequest, MappingError> to_v201(const SessionEnded& event);

}  // namespace iskra::session
