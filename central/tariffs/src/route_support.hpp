// What every route file of this module shares: the registration functions TariffsModule calls,
// the clock, body and path checks that name the field at fault, the engine's errors as 400s,
// and a write transaction that turns a duplicate key into a 409. Private to central/tariffs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/http/router.hpp"
#include "iskra/central/storage/database.hpp"
#include "iskra/central/storage/error.hpp"
#include "iskra/central/tariffs/tariffs_module.hpp"
#include "iskra/tariff/error.hpp"

namespace iskra::central::tariffs::detail {

// What a handler needs; copied into each route's handler, refers to TariffsModule's members.
struct Env {
    storage::Database& database;
    const TariffsOptions& options;

    std::int64_t now() const;
};

void add_tariff_routes(http::Router& router, Env env);
void add_version_routes(http::Router& router, Env env);
void add_assignment_routes(http::Router& router, Env env);
void add_price_routes(http::Router& router, Env env);
void add_ocpi_routes(http::Router& router, Env env);
void add_gateway_routes(http::Router& router, Env env);
void add_cost_routes(http::Router& router, Env env);

// 400 `unknown_field` naming the first body field not in `allowed`: a misspelt field must not be
// silently ignored by an API that sets prices.
void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);
// A path id that cannot name a row (too long, odd bytes) is simply unknown: 404.
void check_path_id(const std::string& id, std::string_view what);

// The engine's field ("elements/2/restrictions/max_kwh") as the API spells it
// ("elements[2].restrictions.max_wh" in Iskra's form; OCPI's names kept for an OCPI body).
std::string api_field(std::string_view engine_field, bool ocpi_names);
// 400 naming the field: `overlapping_restrictions` for elements that compete, else
// `invalid_field`.
http::ApiError tariff_error(const tariff::TariffError& error, bool ocpi_names);

// Epoch ms ↔ the wire's ISO-8601 UTC with milliseconds.
std::string iso(std::int64_t ms);
nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms);
// A body field holding an ISO-8601 time; 400 naming it otherwise.
std::int64_t time_field(const nlohmann::json& value, const std::string& field);

// Runs a write: 409 `conflict_code` on a duplicate key, 409 `in_use` when a foreign key
// refuses.
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

}  // namespace iskra::central::tariffs::detail
