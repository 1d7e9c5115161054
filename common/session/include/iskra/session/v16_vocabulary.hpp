// OCPP 1.6's words for the neutral vocabulary, both ways. Each pairing is one row of one table
// in v16_vocabulary.cpp; message mapping in either direction goes through these functions.
#pragma once

#include <cstdint>
#include <optional>

#include "iskra/ocpp/v16/types.hpp"
#include "iskra/session/vocabulary.hpp"

namespace iskra::session {

// 1.6 → neutral is exact for every value; neutral → 1.6 picks the nearest 1.6 word for the
// values 1.6 lacks (2.0.1's Occupied → Preparing, NoCredit → Invalid, ImmediateReset →
// HardReset, EnergyLimitReached → Other, ...).
ConnectorStatus from_v16(ocpp::v16::ChargePointStatus status);
ocpp::v16::ChargePointStatus to_v16(ConnectorStatus status);
AuthorizationStatus from_v16(ocpp::v16::AuthorizationStatus status);
ocpp::v16::AuthorizationStatus to_v16(AuthorizationStatus status);
StopReason from_v16(ocpp::v16::Reason reason);
ocpp::v16::Reason to_v16(StopReason reason);
ReadingContext from_v16(ocpp::v16::ReadingContext context);
ocpp::v16::ReadingContext to_v16(ReadingContext context);
Measurand from_v16(ocpp::v16::Measurand measurand);
// nullopt for the measurands only 2.0.1 defines (Energy.Active.Net, ...).
std::optional<ocpp::v16::Measurand> to_v16(Measurand measurand);

// 1.6 connector N is EVSE N, connector 1; connector 0 is the station (EVSE 0).
ConnectorRef connector_from_v16(std::int64_t connector_id);
std::int64_t v16_connector_id(const ConnectorRef& connector);

}  // namespace iskra::session
