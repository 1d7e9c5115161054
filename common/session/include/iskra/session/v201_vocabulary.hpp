// OCPP 2.0.1's words for the neutral vocabulary, both ways. Each pairing is one row of one table
// in v201_vocabulary.cpp; message mapping in either direction goes through these functions.
#pragma once

#include <cstdint>
#include <optional>

#include "iskra/ocpp/v201/types.hpp"
#include "iskra/session/vocabulary.hpp"

namespace iskra::session {

// 2.0.1 → neutral is exact for every value; neutral → 2.0.1 picks the nearest 2.0.1 word for
// the values 2.0.1 lacks (1.6's Preparing ... Finishing → Occupied, HardReset/SoftReset →
// ImmediateReset, UnlockCommand → Remote, a 1.6 IdTag → ISO14443).
ConnectorStatus from_v201(ocpp::v201::ConnectorStatusEnumType status);
ocpp::v201::ConnectorStatusEnumType to_v201(ConnectorStatus status);
AuthorizationStatus from_v201(ocpp::v201::AuthorizationStatusEnumType status);
ocpp::v201::AuthorizationStatusEnumType to_v201(AuthorizationStatus status);
StopReason from_v201(ocpp::v201::ReasonEnumType reason);
ocpp::v201::ReasonEnumType to_v201(StopReason reason);
TokenType from_v201(ocpp::v201::IdTokenEnumType type);
ocpp::v201::IdTokenEnumType to_v201(TokenType type);
ChargingState from_v201(ocpp::v201::ChargingStateEnumType state);
ocpp::v201::ChargingStateEnumType to_v201(ChargingState state);
ReadingContext from_v201(ocpp::v201::ReadingContextEnumType context);
ocpp::v201::ReadingContextEnumType to_v201(ReadingContext context);
Measurand from_v201(ocpp::v201::MeasurandEnumType measurand);
// nullopt for the measurands only 1.6 defines (Temperature, RPM).
std::optional<ocpp::v201::MeasurandEnumType> to_v201(Measurand measurand);

ConnectorRef connector_from_v201(const ocpp::v201::EVSEType& evse);
ocpp::v201::EVSEType to_v201(const ConnectorRef& connector);

}  // namespace iskra::session
