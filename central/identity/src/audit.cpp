#include "audit.hpp"

#include "db.hpp"
#include "iskra/central/identity/account_rules.hpp"

namespace iskra::central::identity::detail {

void record_event(Poco::Data::Session& session, std::int64_t now_ms, const Event& event) {
    // What a stranger typed as an email is cut, so a failed login cannot grow the log by more
    // than a bounded row.
    execute(session,
            "INSERT INTO identity_events (at_ms, kind, user_id, actor_id, email, "
            "remote_address, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {now_ms, event.kind, nullable(event.user_id), nullable(event.actor_id),
             cut_utf8(event.email, kMaxEmailBytes), printable_ascii(event.remote_address, 100),
             event.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

std::optional<std::string> actor_of(const std::string& user_id) {
    if (user_id.empty()) return std::nullopt;
    return user_id;
}

}  // namespace iskra::central::identity::detail
