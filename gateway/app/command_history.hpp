// A command sent through the status API, and what came of it, written to the command log (and
// so to central through the outbox). Runs inside a store job.
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/station_commands.hpp"
#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

tl::expected<std::int64_t, StoreError> record_finished_command(
    Database& db, const std::string& station_id, const std::string& action,
    const std::string& request_json, const CommandOutcome& outcome, Timestamp now);

}  // namespace iskra::gateway
