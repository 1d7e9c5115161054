// The log of commands sent down to stations (remote start, reset, ...) and their outcomes.
// Recording and completing are writes: run them inside store jobs (store thread). A completion
// also goes to the outbox, so central hears every command's outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

enum class CommandStatus { Pending, Accepted, Rejected, Failed, Timeout };

std::string_view to_string(CommandStatus status);
std::optional<CommandStatus> parse_command_status(std::string_view text);

struct CommandRecord {
    std::int64_t id = 0;
    std::string station_id;
    std::string action;   // the OCPP action, e.g. "RemoteStartTransaction"
    std::string request;  // JSON as sent
    CommandStatus status = CommandStatus::Pending;
    std::optional<std::string> response;  // JSON as answered, or why it failed
    Timestamp created_at;
    std::optional<Timestamp> completed_at;
    std::optional<std::string> central_command_id;  // set when central queued it
};

// A new Pending command; returns its id.
tl::expected<std::int64_t, StoreError> record_command(Database& db, std::string_view station_id,
                                                      std::string_view action,
                                                      std::string_view request_json, Timestamp now);

// A command central queued, logged Pending under its UUID unless it already is (a repeat
// delivery): fresh tells which, so the caller sends it to the station once.
struct CentralCommandRecorded {
    std::int64_t id = 0;
    bool fresh = false;
};
tl::expected<CentralCommandRecorded, StoreError> record_central_command(
    Database& db, std::string_view central_command_id, std::string_view station_id,
    std::string_view action, std::string_view request_json, Timestamp now);

// Settles a Pending command (NotFound for an unknown id, Conflict if it was already settled:
// a late answer after a timeout does not rewrite history) and appends CommandCompleted to the
// outbox (with "central_command_id" when central queued it).
tl::expected<void, StoreError> complete_command(Database& db, std::int64_t id, CommandStatus status,
                                                std::optional<std::string_view> response_json,
                                                Timestamp now);

tl::expected<std::optional<CommandRecord>, StoreError> find_command(Database& db, std::int64_t id);

// Still Pending, oldest first: after a restart these are the ones to time out or resend.
tl::expected<std::vector<CommandRecord>, StoreError> pending_commands(Database& db);

}  // namespace iskra::gateway
