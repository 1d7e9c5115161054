// What every route file of this module shares: the registration functions StationsModule calls,
// checks of ids and bodies that name the field at fault, and a write transaction that turns a
// duplicate key into 409. Private to central/stations.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/http/context.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/stations/command_queue.hpp"
#include "iskra/central/storage/database.hpp"
#include "iskra/central/storage/error.hpp"

namespace iskra::central::stations::detail {

void add_site_routes(http::Router& router, storage::Database& database);
void add_gateway_routes(http::Router& router, storage::Database& database);
void add_category_routes(http::Router& router, storage::Database& database);
void add_station_routes(http::Router& router, storage::Database& database);
void add_connector_routes(http::Router& router, storage::Database& database);
void add_control_routes(http::Router& router, storage::Database& database, CommandQueue& queue);
void add_session_control_routes(http::Router& router, storage::Database& database,
                                CommandQueue& queue);

// A station is "online" when the gateway reported anything from it this recently.
inline constexpr std::int64_t kOnlineWindowMs = 15 * 60 * 1000;

// 400 `unknown_field` naming the first body field not in `allowed`: a misspelt field must not
// be silently ignored by an API that changes chargers.
void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

// OCPP station identities: 1..48 of [A-Za-z0-9._-] (they appear in URLs and basic auth).
void check_station_id(const std::string& id, std::string_view field);
// A path id that cannot name a row (too long, odd bytes) is simply unknown: 404.
void check_path_id(const std::string& id, std::string_view what);

// Whether the body has `field` set to something other than null.
bool has(const nlohmann::json& body, std::string_view field);
// `field` present: its value must be null or a string (≤ max_length); returns it.
std::optional<std::string> nullable_string(const nlohmann::json& body, std::string_view field,
                                           std::size_t max_length);

// ?name=2026-11-28T10:00:00.000Z as epoch ms; 400 naming it when it does not parse.
std::optional<std::int64_t> query_time(const http::Request& request, std::string_view name);
// ?name=text, at most max_length bytes; 400 otherwise.
std::optional<std::string> query_text(const http::Request& request, std::string_view name,
                                      std::size_t max_length = 100);
// ?name=true|false
std::optional<bool> query_bool(const http::Request& request, std::string_view name);

// LIKE pattern for a user's search text, with % and _ escaped ('!' is the escape character).
std::string like_pattern(const std::string& text);

// Runs a write: 409 `conflict_code` on a duplicate key, 409 `in_use` when a foreign key
// refuses (a row something else still points at).
template <typename F>
auto write(storage::Database& database, F&& fn, std::string_view conflict_code,
           std::string_view conflict_message) {
    try {
        return database.transaction(std::forward<F>(fn));
    } catch (const storage::DatabaseException& error) {
        if (error.kind() == storage::ErrorKind::UniqueViolation) {
            throw http::ApiError::conflict(std::string(conflict_message),
                                           std::string(conflict_code));
        }
        if (error.kind() == storage::ErrorKind::ForeignKeyViolation) {
            throw http::ApiError::conflict("other records still refer to this one", "in_use");
        }
        throw;
    }
}

}  // namespace iskra::central::stations::detail
