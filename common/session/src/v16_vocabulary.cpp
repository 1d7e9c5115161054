#include "iskra/session/v16_vocabulary.hpp"

#include "enum_table.hpp"

namespace iskra::session {
namespace {

namespace v16 = ocpp::v16;
using detail::Counterpart;
using detail::to_neutral;
using detail::to_version;

constexpr Counterpart<ConnectorStatus, v16::ChargePointStatus> kStatuses[] = {
    {ConnectorStatus::Available, v16::ChargePointStatus::Available},
    {ConnectorStatus::Preparing, v16::ChargePointStatus::Preparing},
    {ConnectorStatus::Charging, v16::ChargePointStatus::Charging},
    {ConnectorStatus::SuspendedEV, v16::ChargePointStatus::SuspendedEV},
    {ConnectorStatus::SuspendedEVSE, v16::ChargePointStatus::SuspendedEVSE},
    {ConnectorStatus::Finishing, v16::ChargePointStatus::Finishing},
    {ConnectorStatus::Reserved, v16::ChargePointStatus::Reserved},
    {ConnectorStatus::Unavailable, v16::ChargePointStatus::Unavailable},
    {ConnectorStatus::Faulted, v16::ChargePointStatus::Faulted},
    // Plugged in, nothing more known: the state before charging starts.
    {ConnectorStatus::Occupied, v16::ChargePointStatus::Preparing},
};

constexpr Counterpart<AuthorizationStatus, v16::AuthorizationStatus> kAuthorizations[] = {
    {AuthorizationStatus::Accepted, v16::AuthorizationStatus::Accepted},
    {AuthorizationStatus::Blocked, v16::AuthorizationStatus::Blocked},
    {AuthorizationStatus::ConcurrentTx, v16::AuthorizationStatus::ConcurrentTx},
    {AuthorizationStatus::Expired, v16::AuthorizationStatus::Expired},
    {AuthorizationStatus::Invalid, v16::AuthorizationStatus::Invalid},
    // 1.6's Invalid is its general "not allowed for charging"; Blocked would tell the driver
    // the card itself is blocked, which these reasons do not mean.
    {AuthorizationStatus::NoCredit, v16::AuthorizationStatus::Invalid},
    {AuthorizationStatus::NotAllowedTypeEVSE, v16::AuthorizationStatus::Invalid},
    {AuthorizationStatus::NotAtThisLocation, v16::AuthorizationStatus::Invalid},
    {AuthorizationStatus::NotAtThisTime, v16::AuthorizationStatus::Invalid},
    {AuthorizationStatus::Unknown, v16::AuthorizationStatus::Invalid},
};

constexpr Counterpart<StopReason, v16::Reason> kReasons[] = {
    {StopReason::DeAuthorized, v16::Reason::DeAuthorized},
    {StopReason::EmergencyStop, v16::Reason::EmergencyStop},
    {StopReason::EVDisconnected, v16::Reason::EVDisconnected},
    {StopReason::HardReset, v16::Reason::HardReset},
    {StopReason::Local, v16::Reason::Local},
    {StopReason::Other, v16::Reason::Other},
    {StopReason::PowerLoss, v16::Reason::PowerLoss},
    {StopReason::Reboot, v16::Reason::Reboot},
    {StopReason::Remote, v16::Reason::Remote},
    {StopReason::SoftReset, v16::Reason::SoftReset},
    {StopReason::UnlockCommand, v16::Reason::UnlockCommand},
    // 2.0.1-only reasons: a reset command, a stop at the station, or 1.6's catch-all.
    {StopReason::ImmediateReset, v16::Reason::HardReset},
    {StopReason::LocalOutOfCredit, v16::Reason::Local},
    {StopReason::MasterPass, v16::Reason::Local},
    {StopReason::EnergyLimitReached, v16::Reason::Other},
    {StopReason::GroundFault, v16::Reason::Other},
    {StopReason::OvercurrentFault, v16::Reason::Other},
    {StopReason::PowerQuality, v16::Reason::Other},
    {StopReason::SOCLimitReached, v16::Reason::Other},
    {StopReason::StoppedByEV, v16::Reason::Other},
    {StopReason::TimeLimitReached, v16::Reason::Other},
    {StopReason::Timeout, v16::Reason::Other},
};

}  // namespace

ConnectorStatus from_v16(v16::ChargePointStatus status) {
    return to_neutral(kStatuses, status, ConnectorStatus::Unavailable);
}
v16::ChargePointStatus to_v16(ConnectorStatus status) {
    return to_version(kStatuses, status, v16::ChargePointStatus::Unavailable);
}
AuthorizationStatus from_v16(v16::AuthorizationStatus status) {
    return to_neutral(kAuthorizations, status, AuthorizationStatus::Invalid);
}
v16::AuthorizationStatus to_v16(AuthorizationStatus status) {
    return to_version(kAuthorizations, status, v16::AuthorizationStatus::Invalid);
}
StopReason from_v16(v16::Reason reason) {
    return to_neutral(kReasons, reason, StopReason::Other);
}
v16::Reason to_v16(StopReason reason) {
    return to_version(kReasons, reason, v16::Reason::Other);
}

// Reading contexts and measurands are spelled alike in both versions and in the neutral model,
// so the names are the mapping.
ReadingContext from_v16(v16::ReadingContext context) {
    return parse_reading_context(v16::to_string(context)).value_or(ReadingContext::Other);
}
v16::ReadingContext to_v16(ReadingContext context) {
    return v16::parse_ReadingContext(to_string(context)).value_or(v16::ReadingContext::Other);
}
Measurand from_v16(v16::Measurand measurand) {
    // Fallback: a measurand nothing is computed from, so an unnamed one can never be billed.
    return parse_measurand(v16::to_string(measurand)).value_or(Measurand::Temperature);
}
std::optional<v16::Measurand> to_v16(Measurand measurand) {
    return v16::parse_Measurand(to_string(measurand));
}

ConnectorRef connector_from_v16(std::int64_t connector_id) {
    if (connector_id == 0) return ConnectorRef{0, 0};
    return ConnectorRef{connector_id, 1};
}

std::int64_t v16_connector_id(const ConnectorRef& connector) {
    return connector.evse_id;
}

}  // namespace iskra::session
