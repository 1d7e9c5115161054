// The bodies central sends down (README.md: Commands down, Lists down): the commands long-poll's
// answer and the versioned deltas of the local authorisation list and of the station list.
// to_json builds a body, decode_* reads one strictly, naming the field at fault. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iskra/session/events.hpp"
#include "iskra/sync/wire_error.hpp"

namespace iskra::sync {

using session::Timestamp;

inline constexpr std::size_t kMaxCommandsPerAnswer = 100;
inline constexpr int kDefaultPollWaitS = 25;
inline constexpr int kMaxPollWaitS = 30;

// One queued command. action and payload are what the gateway's own command API takes
// (POST /api/v1/stations/{id}/commands/{Action}), plus "RemoteStart" with limits.
struct CentralCommand {
    std::int64_t seq = 0;
    std::string command_id;  // central's UUID; the gateway's command log is keyed by it
    std::string station_id;
    std::string action;
    nlohmann::json payload = nlohmann::json::object();
    Timestamp queued_at;

    bool operator==(const CentralCommand&) const = default;
};

struct CommandsAnswer {
    std::vector<CentralCommand> commands;
    std::int64_t local_list_version = 0;
    std::int64_t stations_version = 0;

    bool operator==(const CommandsAnswer&) const = default;
};

struct LocalListEntry {
    session::Token token;
    session::AuthorizationStatus status = session::AuthorizationStatus::Accepted;
    std::optional<Timestamp> expires_at;
    std::optional<session::Token> group;

    bool operator==(const LocalListEntry&) const = default;
};

// full: the whole list, replacing the gateway's; otherwise changes since the asked version.
struct LocalListDelta {
    std::int64_t version = 0;
    bool full = false;
    std::vector<LocalListEntry> entries;
    std::vector<session::Token> removed;

    bool operator==(const LocalListDelta&) const = default;
};

struct StationEntry {
    std::string station_id;
    bool allowed = true;
    std::optional<std::string> password_hash;  // "$argon2id$..."
    std::optional<std::int64_t> security_profile;

    bool operator==(const StationEntry&) const = default;
};

struct StationsDelta {
    std::int64_t version = 0;
    bool full = false;
    std::vector<StationEntry> stations;
    std::vector<std::string> removed;

    bool operator==(const StationsDelta&) const = default;
};

nlohmann::json to_json(const CentralCommand& command);
nlohmann::json to_json(const CommandsAnswer& answer);
nlohmann::json to_json(const LocalListEntry& entry);
nlohmann::json to_json(const LocalListDelta& delta);
nlohmann::json to_json(const StationEntry& entry);
nlohmann::json to_json(const StationsDelta& delta);

WireResult<CommandsAnswer> decode_commands_answer(const nlohmann::json& body);
WireResult<LocalListDelta> decode_local_list_delta(const nlohmann::json& body);
WireResult<StationsDelta> decode_stations_delta(const nlohmann::json& body);

}  // namespace iskra::sync
