#include "iskra/session/v201_vocabulary.hpp"

#include "enum_table.hpp"

namespace iskra::session {
namespace {

namespace v201 = ocpp::v201;
using detail::Counterpart;
using detail::to_neutral;
using detail::to_version;

constexpr Counterpart<ConnectorStatus, v201::ConnectorStatusEnumType> kStatuses[] = {
    {ConnectorStatus::Available, v201::ConnectorStatusEnumType::Available},
    {ConnectorStatus::Occupied, v201::ConnectorStatusEnumType::Occupied},
    {ConnectorStatus::Reserved, v201::ConnectorStatusEnumType::Reserved},
    {ConnectorStatus::Unavailable, v201::ConnectorStatusEnumType::Unavailable},
    {ConnectorStatus::Faulted, v201::ConnectorStatusEnumType::Faulted},
    // 1.6's states with a vehicle plugged in are all Occupied to 2.0.1.
    {ConnectorStatus::Preparing, v201::ConnectorStatusEnumType::Occupied},
    {ConnectorStatus::Charging, v201::ConnectorStatusEnumType::Occupied},
    {ConnectorStatus::SuspendedEV, v201::ConnectorStatusEnumType::Occupied},
    {ConnectorStatus::SuspendedEVSE, v201::ConnectorStatusEnumType::Occupied},
    {ConnectorStatus::Finishing, v201::ConnectorStatusEnumType::Occupied},
};

constexpr Counterpart<AuthorizationStatus, v201::AuthorizationStatusEnumType> kAuthorizations[] = {
    {AuthorizationStatus::Accepted, v201::AuthorizationStatusEnumType::Accepted},
    {AuthorizationStatus::Blocked, v201::AuthorizationStatusEnumType::Blocked},
    {AuthorizationStatus::ConcurrentTx, v201::AuthorizationStatusEnumType::ConcurrentTx},
    {AuthorizationStatus::Expired, v201::AuthorizationStatusEnumType::Expired},
    {AuthorizationStatus::Invalid, v201::AuthorizationStatusEnumType::Invalid},
    {AuthorizationStatus::NoCredit, v201::AuthorizationStatusEnumType::NoCredit},
    {AuthorizationStatus::NotAllowedTypeEVSE,
     v201::AuthorizationStatusEnumType::NotAllowedTypeEVSE},
    {AuthorizationStatus::NotAtThisLocation, v201::AuthorizationStatusEnumType::NotAtThisLocation},
    {AuthorizationStatus::NotAtThisTime, v201::AuthorizationStatusEnumType::NotAtThisTime},
    {AuthorizationStatus::Unknown, v201::AuthorizationStatusEnumType::Unknown},
};

constexpr Counterpart<StopReason, v201::ReasonEnumType> kReasons[] = {
    {StopReason::DeAuthorized, v201::ReasonEnumType::DeAuthorized},
    {StopReason::EmergencyStop, v201::ReasonEnumType::EmergencyStop},
    {StopReason::EnergyLimitReached, v201::ReasonEnumType::EnergyLimitReached},
    {StopReason::EVDisconnected, v201::ReasonEnumType::EVDisconnected},
    {StopReason::GroundFault, v201::ReasonEnumType::GroundFault},
    {StopReason::ImmediateReset, v201::ReasonEnumType::ImmediateReset},
    {StopReason::Local, v201::ReasonEnumType::Local},
    {StopReason::LocalOutOfCredit, v201::ReasonEnumType::LocalOutOfCredit},
    {StopReason::MasterPass, v201::ReasonEnumType::MasterPass},
    {StopReason::Other, v201::ReasonEnumType::Other},
    {StopReason::OvercurrentFault, v201::ReasonEnumType::OvercurrentFault},
    {StopReason::PowerLoss, v201::ReasonEnumType::PowerLoss},
    {StopReason::PowerQuality, v201::ReasonEnumType::PowerQuality},
    {StopReason::Reboot, v201::ReasonEnumType::Reboot},
    {StopReason::Remote, v201::ReasonEnumType::Remote},
    {StopReason::SOCLimitReached, v201::ReasonEnumType::SOCLimitReached},
    {StopReason::StoppedByEV, v201::ReasonEnumType::StoppedByEV},
    {StopReason::TimeLimitReached, v201::ReasonEnumType::TimeLimitReached},
    {StopReason::Timeout, v201::ReasonEnumType::Timeout},
    // 1.6-only reasons: both resets were commands from the CSMS, and so was the unlock.
    {StopReason::HardReset, v201::ReasonEnumType::ImmediateReset},
    {StopReason::SoftReset, v201::ReasonEnumType::ImmediateReset},
    {StopReason::UnlockCommand, v201::ReasonEnumType::Remote},
};

constexpr Counterpart<TokenType, v201::IdTokenEnumType> kTokenTypes[] = {
    {TokenType::Central, v201::IdTokenEnumType::Central},
    {TokenType::EMAID, v201::IdTokenEnumType::eMAID},
    {TokenType::ISO14443, v201::IdTokenEnumType::ISO14443},
    {TokenType::ISO15693, v201::IdTokenEnumType::ISO15693},
    {TokenType::KeyCode, v201::IdTokenEnumType::KeyCode},
    {TokenType::Local, v201::IdTokenEnumType::Local},
    {TokenType::MacAddress, v201::IdTokenEnumType::MacAddress},
    {TokenType::NoAuthorization, v201::IdTokenEnumType::NoAuthorization},
    // A 1.6 idTag is in practice an RFID card's UID, which 2.0.1 calls ISO14443.
    {TokenType::IdTag, v201::IdTokenEnumType::ISO14443},
};

constexpr Counterpart<ChargingState, v201::ChargingStateEnumType> kChargingStates[] = {
    {ChargingState::Idle, v201::ChargingStateEnumType::Idle},
    {ChargingState::EVConnected, v201::ChargingStateEnumType::EVConnected},
    {ChargingState::Charging, v201::ChargingStateEnumType::Charging},
    {ChargingState::SuspendedEV, v201::ChargingStateEnumType::SuspendedEV},
    {ChargingState::SuspendedEVSE, v201::ChargingStateEnumType::SuspendedEVSE},
};

}  // namespace

ConnectorStatus from_v201(v201::ConnectorStatusEnumType status) {
    return to_neutral(kStatuses, status, ConnectorStatus::Unavailable);
}
v201::ConnectorStatusEnumType to_v201(ConnectorStatus status) {
    return to_version(kStatuses, status, v201::ConnectorStatusEnumType::Unavailable);
}
AuthorizationStatus from_v201(v201::AuthorizationStatusEnumType status) {
    return to_neutral(kAuthorizations, status, AuthorizationStatus::Invalid);
}
v201::AuthorizationStatusEnumType to_v201(AuthorizationStatus status) {
    return to_version(kAuthorizations, status, v201::AuthorizationStatusEnumType::Invalid);
}
StopReason from_v201(v201::ReasonEnumType reason) {
    return to_neutral(kReasons, reason, StopReason::Other);
}
v201::ReasonEnumType to_v201(StopReason reason) {
    return to_version(kReasons, reason, v201::ReasonEnumType::Other);
}
TokenType from_v201(v201::IdTokenEnumType type) {
    return to_neutral(kTokenTypes, type, TokenType::Local);
}
v201::IdTokenEnumType to_v201(TokenType type) {
    return to_version(kTokenTypes, type, v201::IdTokenEnumType::Local);
}
ChargingState from_v201(v201::ChargingStateEnumType state) {
    return to_neutral(kChargingStates, state, ChargingState::Idle);
}
v201::ChargingStateEnumType to_v201(ChargingState state) {
    return to_version(kChargingStates, state, v201::ChargingStateEnumType::Idle);
}

// Reading contexts and measurands are spelled alike in both versions and in the neutral model,
// so the names are the mapping.
ReadingContext from_v201(v201::ReadingContextEnumType context) {
    return parse_reading_context(v201::to_string(context)).value_or(ReadingContext::Other);
}
v201::ReadingContextEnumType to_v201(ReadingContext context) {
    return v201::parse_ReadingContextEnumType(to_string(context))
        .value_or(v201::ReadingContextEnumType::Other);
}
Measurand from_v201(v201::MeasurandEnumType measurand) {
    // Fallback: a measurand nothing is computed from, so an unnamed one can never be billed.
    return parse_measurand(v201::to_string(measurand)).value_or(Measurand::Temperature);
}
std::optional<v201::MeasurandEnumType> to_v201(Measurand measurand) {
    return v201::parse_MeasurandEnumType(to_string(measurand));
}

ConnectorRef connector_from_v201(const v201::EVSEType& evse) {
    return ConnectorRef{evse.id, evse.connectorId.value_or(0)};
}

v201::EVSEType to_v201(const ConnectorRef& connector) {
    v201::EVSEType evse;
    evse.id = connector.evse_id;
    if (connector.connector_id != 0) evse.connectorId = connector.connector_id;
    return evse;
}

}  // namespace iskra::session
