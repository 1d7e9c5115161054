// OCPP charging profiles ⇄ the model's neutral Profile. Private to the station library.
#pragma once

#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "iskra/ocpp/v16/types.hpp"
#include "iskra/ocpp/v201/types.hpp"
#include "iskra/sim/model/charging_profile.hpp"

namespace iskra::sim {

// Errors say what a firmware would reject ("validFrom is not a date-time").
tl::expected<model::Profile, std::string> from_v16(const ocpp::v16::ChargingProfile& profile,
                                                   std::int64_t connector);
tl::expected<model::Profile, std::string> from_v201(const ocpp::v201::ChargingProfileType& profile,
                                                    std::int64_t evse);

ocpp::v16::ChargingProfilePurposeType to_v16(model::ProfilePurpose purpose);
ocpp::v201::ChargingProfilePurposeEnumType to_v201(model::ProfilePurpose purpose);
std::optional<model::ProfilePurpose> purpose_from_v16(ocpp::v16::ChargingProfilePurposeType p);
model::ProfilePurpose purpose_from_v201(ocpp::v201::ChargingProfilePurposeEnumType p);

// The profile as 2.0.1's ReportChargingProfiles carries it (the original is not kept).
ocpp::v201::ChargingProfileType to_v201(const model::Profile& profile);

}  // namespace iskra::sim
