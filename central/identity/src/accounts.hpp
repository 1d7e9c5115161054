// Account operations shared by more than one route (and by IdentityModule::create_user), and
// small request helpers of this module. Private to central/identity. Every function throws
// http::ApiError for a 4xx.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/central/http/context.hpp"
#include "state.hpp"
#include "user_rows.hpp"

namespace iskra::central::identity::detail {

// Argon2id at the module's cost; a failure of the library is a 500, not the caller's fault.
std::string hash_new_password(const State& state, std::string_view password);

// Validates, hashes (outside the transaction: it costs tens of milliseconds) and inserts the
// user with its user_created event in one transaction. 409 email_taken for a duplicate email.
UserRow create_account(State& state, const NewUser& user, const std::optional<std::string>& actor,
                       const std::string& remote_address);

// 400 unknown_field for any key of `body` not in `allowed`: a typo must not pass silently.
void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

// The {id} of a users route: 404 without a database query when it cannot be an id.
std::string user_id_param(const http::Context& context);

// What the log keeps of the caller's connection and browser.
std::string remote_of(const http::Request& request);
std::string user_agent_of(const http::Request& request);

}  // namespace iskra::central::identity::detail
