// The tariff a session is priced with, read from the database: the assignment that applies to
// its station and customer kind, and the version of that tariff in force when the session
// started. For billing and the gateway's tariff feed. Stateless; call with the caller's session
// (inside or outside a transaction), on the thread that owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Data/Session.h>

#include "iskra/central/tariffs/resolution.hpp"
#include "iskra/tariff/tariff.hpp"

namespace iskra::central::tariffs {

struct ResolvedTariff {
    std::string tariff_id;
    std::string name;
    std::string currency;
    Scope assigned_by = Scope::kDefault;
    std::int64_t version = 0;
    std::int64_t valid_from_ms = 0;
    tariff::Tariff tariff;
};

// Nothing when the station is unknown, no assignment applies, or the tariff has no version in
// force at `start_ms`. Assignments are not versioned: the one in place now applies, so billing
// that runs long after a session should record the tariff and version at its start.
std::optional<ResolvedTariff> tariff_for_session(Poco::Data::Session& session,
                                                 const std::string& station_id,
                                                 tariff::CustomerKind kind, std::int64_t start_ms);

}  // namespace iskra::central::tariffs
