// The station allow-list and credentials as stored: who may connect, in which boot state, with
// which password hash. Functions over an open Database; the writer's ones run inside store jobs
// (store thread), station_credentials also on a reader.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

// Allowed answers BootNotification Accepted, Pending keeps the station waiting (commissioning),
// Rejected turns it away.
enum class StationAllowState { Allowed, Pending, Rejected };

std::string_view to_string(StationAllowState state);
std::optional<StationAllowState> parse_station_allow_state(std::string_view text);

struct StationCredentials {
    std::string station_id;
    StationAllowState allow_state = StationAllowState::Pending;
    // The salted slow hash the caller computed; the store never sees a password.
    std::optional<std::string> password_hash;
};

// Creates the station if unknown (with `state`), else changes its state.
tl::expected<void, StoreError> set_station_allow_state(Database& db, std::string_view station_id,
                                                       StationAllowState state, Timestamp now);

// Creates the station (Pending) if unknown. nullopt clears the hash.
tl::expected<void, StoreError> set_station_password_hash(
    Database& db, std::string_view station_id, const std::optional<std::string>& password_hash,
    Timestamp now);

// Every station, so the service thread can hold them in memory and admit connections without
// waiting on SQLite.
tl::expected<std::vector<StationCredentials>, StoreError> station_credentials(Database& db);

// How precisely the store keeps a station's last message time (the service thread knows it
// exactly; the store's copy is for the status page and restarts).
inline constexpr std::chrono::seconds kLastSeenResolution{10};

// Marks a message from the station (the status page's "last message", to within
// kLastSeenResolution); creates it with `state_if_new` if unknown.
tl::expected<void, StoreError> touch_station(
    Database& db, std::string_view station_id, Timestamp now,
    StationAllowState state_if_new = StationAllowState::Pending);

}  // namespace iskra::gateway
