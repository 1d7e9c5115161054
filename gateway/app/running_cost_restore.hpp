// What running costs need after a restart, read from the store before the store thread takes
// it: the last tariff feed (so costs are priced with central unreachable) and the sessions still
// open, each with its start and latest reading (so their stations keep getting figures).
#pragma once

#include <memory>
#include <vector>

#include "iskra/gateway/station_service.hpp"
#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/store/status_queries.hpp"
#include "iskra/gateway/tariff_feed.hpp"

namespace iskra::gateway {

struct RunningCostState {
    std::shared_ptr<const TariffFeed> feed;  // nullptr: none stored, or unreadable (logged)
    std::vector<SessionView> open_sessions;
};

// Never fails the start: what cannot be read is logged and left out.
RunningCostState read_running_cost_state(Database& db);
// Before the service thread runs.
void restore_running_costs(const RunningCostState& state, StationService& service);

}  // namespace iskra::gateway
