#include "accounts.hpp"

#include <algorithm>
#include <stdexcept>

#include "audit.hpp"
#include "iskra/central/http/api_error.hpp"
#include "iskra/central/identity/account_rules.hpp"
#include "iskra/central/storage/error.hpp"
#include "iskra/central/storage/ids.hpp"
#include "iskra/crypto/password_hash.hpp"

namespace iskra::central::identity::detail {

using http::ApiError;

std::string hash_new_password(const State& state, std::string_view password) {
    auto hash = crypto::hash_password(password, state.options.hash_cost);
    if (!hash) throw std::runtime_error("hashing a password failed: " + hash.error());
    return *hash;
}

UserRow create_account(State& state, const NewUser& user, const std::optional<std::string>& actor,
                       const std::string& remote_address) {
    UserRow row;
    row.email = normalise_email(user.email);
    row.display_name = check_display_name(user.display_name);
    check_new_password(user.password, row.email);
    row.id = storage::new_uuid();
    row.role = user.role;
    row.password_hash = hash_new_password(state, user.password);
    row.created_at_ms = row.updated_at_ms = state.now_ms();
    try {
        state.database.transaction([&](Poco::Data::Session& session) {
            insert_user(session, row);
            record_event(session, row.created_at_ms,
                         {"user_created",
                          row.id,
                          actor,
                          row.email,
                          remote_address,
                          {{"role", http::to_string(row.role)}}});
        });
    } catch (const storage::DatabaseException& error) {
        if (error.kind() != storage::ErrorKind::UniqueViolation) throw;
        throw ApiError::conflict("a user with this email already exists", "email_taken", "email");
    }
    return row;
}

void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : body.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            throw ApiError::bad_request(cut_utf8(key, 64), "unknown field " + cut_utf8(key, 64),
                                        "unknown_field");
        }
    }
}

std::string user_id_param(const http::Context& context) {
    const std::string& id = context.param("id");
    const bool printable =
        std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (id.empty() || id.size() > 64 || !printable) {
        throw ApiError::not_found("no user with that id");
    }
    return id;
}

std::string remote_of(const http::Request& request) {
    return printable_ascii(request.remote_address, 100);
}

std::string user_agent_of(const http::Request& request) {
    return printable_ascii(request.header("user-agent").value_or(""), 256);
}

}  // namespace iskra::central::identity::detail
