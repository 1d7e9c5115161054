// The module's JSON answers: a tariff with its versions and assignments, a tariff in a list, a
// version, an assignment. Private to central/tariffs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.hpp"

namespace iskra::central::tariffs::detail {

// {"version", "valid_from", "status": "superseded"|"in_force"|"scheduled", "created_at",
//  "created_by", ...iskra::tariff's JSON form}
nlohmann::json version_json(const VersionRow& version, const std::vector<VersionRef>& all,
                            std::int64_t now_ms);

nlohmann::json assignment_json(const AssignmentRow& row);

nlohmann::json tariff_json(const TariffRow& tariff, const std::vector<VersionRow>& versions,
                           const std::vector<AssignmentRow>& assignments, std::int64_t now_ms);

// Without versions' elements or assignments, for lists.
nlohmann::json tariff_summary_json(const TariffRow& tariff, const std::vector<VersionRef>& versions,
                                   std::int64_t now_ms);

}  // namespace iskra::central::tariffs::detail
