#include "iskra/central/identity/identity_module.hpp"

#include <stdexcept>

#include "accounts.hpp"
#include "iskra/central/storage/error.hpp"
#include "iskra/central/storage/ids.hpp"
#include "login_sessions.hpp"
#include "state.hpp"

namespace iskra::central::identity {

std::int64_t IdentityModule::State::now_ms() const {
    return storage::to_epoch_ms(options.clock ? options.clock() : std::chrono::system_clock::now());
}

LockoutPolicy IdentityModule::State::lockout() const {
    return {options.max_failures, options.lockout.count()};
}

IdentityModule::IdentityModule(storage::Database& database, IdentityOptions options)
    : state_(std::make_unique<State>(State{database, std::move(options), {}})) {
    if (state_->options.max_failures < 1) throw std::invalid_argument("max_failures must be >= 1");
    // A random password nobody knows: verifying against it costs what a real check costs.
    state_->dummy_hash = detail::hash_new_password(*state_, crypto::random_hex(16));
}

IdentityModule::~IdentityModule() = default;

void IdentityModule::add_routes(http::Router& router) {
    detail::add_auth_routes(router, *state_);
    detail::add_user_routes(router, *state_);
}

std::optional<http::UserPrincipal> IdentityModule::user(const http::Request& request) {
    auto cookie = request.cookie(kSessionCookie);
    if (!cookie || !detail::plausible_cookie_value(*cookie)) return std::nullopt;
    const std::string id = detail::sha256_hex(*cookie);
    const std::int64_t now = state_->now_ms();
    const auto& options = state_->options;
    auto session = state_->database.session();
    auto row = detail::find_session(session, id);
    if (!row) return std::nullopt;
    const bool expired =
        now >= row->expires_at_ms || now - row->last_seen_at_ms >= options.session_idle.count();
    if (expired || row->status != detail::kActive) {
        // Gone for good: drop the row now rather than leave it for a sweep.
        detail::delete_session(session, id);
        return std::nullopt;
    }
    if (now - row->last_seen_at_ms >= options.touch_interval.count()) {
        detail::touch_session(session, id, now);
    }
    return http::UserPrincipal{row->user_id, row->email, row->role, row->id, row->csrf_token};
}

std::size_t IdentityModule::purge_expired_sessions() {
    const std::int64_t now = state_->now_ms();
    auto session = state_->database.session();
    return detail::delete_all_stale_sessions(session, now, state_->options.session_idle.count());
}

std::optional<http::GatewayPrincipal> IdentityModule::gateway(const http::Request&) {
    return std::nullopt;
}

tl::expected<std::string, http::ApiError> IdentityModule::create_user(const NewUser& user) {
    try {
        return detail::create_account(*state_, user, std::nullopt, "").id;
    } catch (const http::ApiError& error) {
        return tl::unexpected(error);
    } catch (const storage::DatabaseException& error) {
        return tl::unexpected(http::ApiError{503, "database_error", error.what(), {}});
    }
}

}  // namespace iskra::central::identity
