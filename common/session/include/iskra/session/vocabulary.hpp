// The words of the version-neutral session model: statuses, reasons, contexts, measurands and the
// small values that name connectors, tokens and transactions. Each enum is the union of what
// OCPP 1.6 and 2.0.1 can say, so no station's words are lost; names are the specifications'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace iskra::session {

// What a connector (or, for EVSE 0, the whole station) is doing. 1.6 reports the fine states
// (Preparing ... Finishing); 2.0.1 reports only Occupied and tells the rest through
// TransactionEvent's charging state.
enum class ConnectorStatus {
    Available,
    Occupied,
    Preparing,
    Charging,
    SuspendedEV,
    SuspendedEVSE,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
};

enum class AuthorizationStatus {
    Accepted,
    Blocked,
    ConcurrentTx,
    Expired,
    Invalid,
    NoCredit,
    NotAllowedTypeEVSE,
    NotAtThisLocation,
    NotAtThisTime,
    Unknown,
};

// Why a session ended. 1.6's HardReset/SoftReset/UnlockCommand and 2.0.1's finer faults and
// limits are all kept.
enum class StopReason {
    DeAuthorized,
    EmergencyStop,
    EnergyLimitReached,
    EVDisconnected,
    GroundFault,
    HardReset,
    ImmediateReset,
    Local,
    LocalOutOfCredit,
    MasterPass,
    Other,
    OvercurrentFault,
    PowerLoss,
    PowerQuality,
    Reboot,
    Remote,
    SOCLimitReached,
    SoftReset,
    StoppedByEV,
    TimeLimitReached,
    Timeout,
    UnlockCommand,
};

// Why a meter sample was taken ("Sample.Periodic", "Transaction.End", ...).
enum class ReadingContext {
    InterruptionBegin,
    InterruptionEnd,
    Other,
    SampleClock,
    SamplePeriodic,
    TransactionBegin,
    TransactionEnd,
    Trigger,
};

// Every measurand either version defines, named as the specifications spell them
// ("Energy.Active.Import.Register").
enum class Measurand {
    CurrentExport,
    CurrentImport,
    CurrentOffered,
    EnergyActiveExportRegister,
    EnergyActiveImportRegister,
    EnergyReactiveExportRegister,
    EnergyReactiveImportRegister,
    EnergyActiveExportInterval,
    EnergyActiveImportInterval,
    EnergyActiveNet,
    EnergyReactiveExportInterval,
    EnergyReactiveImportInterval,
    EnergyReactiveNet,
    EnergyApparentNet,
    EnergyApparentImport,
    EnergyApparentExport,
    Frequency,
    PowerActiveExport,
    PowerActiveImport,
    PowerFactor,
    PowerOffered,
    PowerReactiveExport,
    PowerReactiveImport,
    RPM,
    SoC,
    Temperature,
    Voltage,
};

// How a token was presented. 1.6 idTags carry no type: they are IdTag.
enum class TokenType {
    IdTag,
    Central,
    EMAID,
    ISO14443,
    ISO15693,
    KeyCode,
    Local,
    MacAddress,
    NoAuthorization,
};

// 2.0.1's charging state within a transaction.
enum class ChargingState {
    Idle,
    EVConnected,
    Charging,
    SuspendedEV,
    SuspendedEVSE,
};

// Names as the specifications write them; empty for a value outside the enum. parse_* accepts
// exactly those names.
std::string_view to_string(ConnectorStatus value);
std::string_view to_string(AuthorizationStatus value);
std::string_view to_string(StopReason value);
std::string_view to_string(ReadingContext value);
std::string_view to_string(Measurand value);
std::string_view to_string(TokenType value);
std::string_view to_string(ChargingState value);
std::optional<ConnectorStatus> parse_connector_status(std::string_view name);
std::optional<AuthorizationStatus> parse_authorization_status(std::string_view name);
std::optional<StopReason> parse_stop_reason(std::string_view name);
std::optional<ReadingContext> parse_reading_context(std::string_view name);
std::optional<Measurand> parse_measurand(std::string_view name);
std::optional<TokenType> parse_token_type(std::string_view name);
std::optional<ChargingState> parse_charging_state(std::string_view name);

// Where something happens. The numbering is 2.0.1's: EVSE 0 is the station itself, connectors
// count from 1 within their EVSE, and connector 0 means "the EVSE as a whole / not said".
// A 1.6 connector N is EVSE N with connector 1 (v16_vocabulary.hpp holds that rule).
struct ConnectorRef {
    std::int64_t evse_id = 0;
    std::int64_t connector_id = 0;

    bool is_station() const { return evse_id == 0; }
    bool operator==(const ConnectorRef&) const = default;
};

struct Token {
    std::string id;
    TokenType type = TokenType::IdTag;

    bool operator==(const Token&) const = default;
};

// The station's own name for a transaction: 1.6's integer transactionId (which the gateway
// assigned) or 2.0.1's string transactionId (which the station chose). The session's UUID is
// assigned by the gateway and is not part of this model.
using TransactionRef = std::variant<std::int64_t, std::string>;

std::string to_string(const TransactionRef& ref);

}  // namespace iskra::session
