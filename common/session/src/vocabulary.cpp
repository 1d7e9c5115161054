#include "iskra/session/vocabulary.hpp"

#include "enum_table.hpp"

namespace iskra::session {
namespace {

using detail::Named;

constexpr Named<ConnectorStatus> kConnectorStatuses[] = {
    {ConnectorStatus::Available, "Available"},
    {ConnectorStatus::Occupied, "Occupied"},
    {ConnectorStatus::Preparing, "Preparing"},
    {ConnectorStatus::Charging, "Charging"},
    {ConnectorStatus::SuspendedEV, "SuspendedEV"},
    {ConnectorStatus::SuspendedEVSE, "SuspendedEVSE"},
    {ConnectorStatus::Finishing, "Finishing"},
    {ConnectorStatus::Reserved, "Reserved"},
    {ConnectorStatus::Unavailable, "Unavailable"},
    {ConnectorStatus::Faulted, "Faulted"},
};

constexpr Named<AuthorizationStatus> kAuthorizationStatuses[] = {
    {AuthorizationStatus::Accepted, "Accepted"},
    {AuthorizationStatus::Blocked, "Blocked"},
    {AuthorizationStatus::ConcurrentTx, "ConcurrentTx"},
    {AuthorizationStatus::Expired, "Expired"},
    {AuthorizationStatus::Invalid, "Invalid"},
    {AuthorizationStatus::NoCredit, "NoCredit"},
    {AuthorizationStatus::NotAllowedTypeEVSE, "NotAllowedTypeEVSE"},
    {AuthorizationStatus::NotAtThisLocation, "NotAtThisLocation"},
    {AuthorizationStatus::NotAtThisTime, "NotAtThisTime"},
    {AuthorizationStatus::Unknown, "Unknown"},
};

constexpr Named<StopReason> kStopReasons[] = {
    {StopReason::DeAuthorized, "DeAuthorized"},
    {StopReason::EmergencyStop, "EmergencyStop"},
    {StopReason::EnergyLimitReached, "EnergyLimitReached"},
    {StopReason::EVDisconnected, "EVDisconnected"},
    {StopReason::GroundFault, "GroundFault"},
    {StopReason::HardReset, "HardReset"},
    {StopReason::ImmediateReset, "ImmediateReset"},
    {StopReason::Local, "Local"},
    {StopReason::LocalOutOfCredit, "LocalOutOfCredit"},
    {StopReason::MasterPass, "MasterPass"},
    {StopReason::Other, "Other"},
    {StopReason::OvercurrentFault, "OvercurrentFault"},
    {StopReason::PowerLoss, "PowerLoss"},
    {StopReason::PowerQuality, "PowerQuality"},
    {StopReason::Reboot, "Reboot"},
    {StopReason::Remote, "Remote"},
    {StopReason::SOCLimitReached, "SOCLimitReached"},
    {StopReason::SoftReset, "SoftReset"},
    {StopReason::StoppedByEV, "StoppedByEV"},
    {StopReason::TimeLimitReached, "TimeLimitReached"},
    {StopReason::Timeout, "Timeout"},
    {StopReason::UnlockCommand, "UnlockCommand"},
};

constexpr Named<ReadingContext> kReadingContexts[] = {
    {ReadingContext::InterruptionBegin, "Interruption.Begin"},
    {ReadingContext::InterruptionEnd, "Interruption.End"},
    {ReadingContext::Other, "Other"},
    {ReadingContext::SampleClock, "Sample.Clock"},
    {ReadingContext::SamplePeriodic, "Sample.Periodic"},
    {ReadingContext::TransactionBegin, "Transaction.Begin"},
    {ReadingContext::TransactionEnd, "Transaction.End"},
    {ReadingContext::Trigger, "Trigger"},
};

constexpr Named<Measurand> kMeasurands[] = {
    {Measurand::CurrentExport, "Current.Export"},
    {Measurand::CurrentImport, "Current.Import"},
    {Measurand::CurrentOffered, "Current.Offered"},
    {Measurand::EnergyActiveExportRegister, "Energy.Active.Export.Register"},
    {Measurand::EnergyActiveImportRegister, "Energy.Active.Import.Register"},
    {Measurand::EnergyReactiveExportRegister, "Energy.Reactive.Export.Register"},
    {Measurand::EnergyReactiveImportRegister, "Energy.Reactive.Import.Register"},
    {Measurand::EnergyActiveExportInterval, "Energy.Active.Export.Interval"},
    {Measurand::EnergyActiveImportInterval, "Energy.Active.Import.Interval"},
    {Measurand::EnergyActiveNet, "Energy.Active.Net"},
    {Measurand::EnergyReactiveExportInterval, "Energy.Reactive.Export.Interval"},
    {Measurand::EnergyReactiveImportInterval, "Energy.Reactive.Import.Interval"},
    {Measurand::EnergyReactiveNet, "Energy.Reactive.Net"},
    {Measurand::EnergyApparentNet, "Energy.Apparent.Net"},
    {Measurand::EnergyApparentImport, "Energy.Apparent.Import"},
    {Measurand::EnergyApparentExport, "Energy.Apparent.Export"},
    {Measurand::Frequency, "Frequency"},
    {Measurand::PowerActiveExport, "Power.Active.Export"},
    {Measurand::PowerActiveImport, "Power.Active.Import"},
    {Measurand::PowerFactor, "Power.Factor"},
    {Measurand::PowerOffered, "Power.Offered"},
    {Measurand::PowerReactiveExport, "Power.Reactive.Export"},
    {Measurand::PowerReactiveImport, "Power.Reactive.Import"},
    {Measurand::RPM, "RPM"},
    {Measurand::SoC, "SoC"},
    {Measurand::Temperature, "Temperature"},
    {Measurand::Voltage, "Voltage"},
};

constexpr Named<TokenType> kTokenTypes[] = {
    {TokenType::IdTag, "IdTag"},
    {TokenType::Central, "Central"},
    {TokenType::EMAID, "eMAID"},
    {TokenType::ISO14443, "ISO14443"},
    {TokenType::ISO15693, "ISO15693"},
    {TokenType::KeyCode, "KeyCode"},
    {TokenType::Local, "Local"},
    {TokenType::MacAddress, "MacAddress"},
    {TokenType::NoAuthorization, "NoAuthorization"},
};

constexpr Named<ChargingState> kChargingStates[] = {
    {ChargingState::Idle, "Idle"},
    {ChargingState::EVConnected, "EVConnected"},
    {ChargingState::Charging, "Charging"},
    {ChargingState::SuspendedEV, "SuspendedEV"},
    {ChargingState::SuspendedEVSE, "SuspendedEVSE"},
};

}  // namespace

std::string_view to_string(ConnectorStatus value) {
    return detail::name_of(kConnectorStatuses, value);
}
std::string_view to_string(AuthorizationStatus value) {
    return detail::name_of(kAuthorizationStatuses, value);
}
std::string_view to_string(StopReason value) {
    return detail::name_of(kStopReasons, value);
}
std::string_view to_string(ReadingContext value) {
    return detail::name_of(kReadingContexts, value);
}
std::string_view to_string(Measurand value) {
    return detail::name_of(kMeasurands, value);
}
std::string_view to_string(TokenType value) {
    return detail::name_of(kTokenTypes, value);
}
std::string_view to_string(ChargingState value) {
    return detail::name_of(kChargingStates, value);
}

std::optional<ConnectorStatus> parse_connector_status(std::string_view text) {
    return detail::value_named(kConnectorStatuses, text);
}
std::optional<AuthorizationStatus> parse_authorization_status(std::string_view text) {
    return detail::value_named(kAuthorizationStatuses, text);
}
std::optional<StopReason> parse_stop_reason(std::string_view text) {
    return detail::value_named(kStopReasons, text);
}
std::optional<ReadingContext> parse_reading_context(std::string_view text) {
    return detail::value_named(kReadingContexts, text);
}
std::optional<Measurand> parse_measurand(std::string_view text) {
    return detail::value_named(kMeasurands, text);
}
std::optional<TokenType> parse_token_type(std::string_view text) {
    return detail::value_named(kTokenTypes, text);
}
std::optional<ChargingState> parse_charging_state(std::string_view text) {
    return detail::value_named(kChargingStates, text);
}

std::string to_string(const TransactionRef& ref) {
    if (const auto* number = std::get_if<std::int64_t>(&ref)) return std::to_string(*number);
    return std::get<std::string>(ref);
}

}  // namespace iskra::session
