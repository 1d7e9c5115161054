#include "site_admin.hpp"

#include <future>

#include "iskra/crypto/password_hash.hpp"
#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::gateway {
namespace {

constexpr auto kStoreWait = std::chrono::seconds(10);

StationStanding standing_of(StationAllowState state) {
    switch (state) {
        case StationAllowState::Allowed:
            return StationStanding::Allowed;
        case StationAllowState::Pending:
            return StationStanding::Pending;
        case StationAllowState::Rejected:
            return StationStanding::Rejected;
    }
    return StationStanding::Pending;
}

// Runs `work` on the store thread and waits for its commit; the error as one line.
template <class Work>
std::optional<std::string> run_and_wait(StoreThread& store, Work work) {
    auto promise = std::make_shared<std::promise<std::optional<std::string>>>();
    auto future = promise->get_future();
    store.submit(std::move(work), [promise](tl::expected<bool, StoreError> done) {
        promise->set_value(done ? std::nullopt : std::optional(done.error().describe()));
    });
    if (future.wait_for(kStoreWait) != std::future_status::ready) {
        return std::string("the store did not answer in time");
    }
    return future.get();
}

tl::expected<LocalListEntry, std::string> entry_of(const nlohmann::json& item, std::size_t index,
                                                   bool full) {
    const std::string where = "entries/" + std::to_string(index);
    if (!item.is_object() || !item.contains("id_token") || !item["id_token"].is_string()) {
        return tl::unexpected(where + ": id_token (a string) is required");
    }
    LocalListEntry entry;
    entry.token.id = item["id_token"];
    if (entry.token.id.empty() || entry.token.id.size() > 36) {
        return tl::unexpected(where + ": id_token must have 1 to 36 characters");
    }
    if (item.contains("type")) {
        const auto type = item["type"].is_string()
                              ? session::parse_token_type(item["type"].get<std::string>())
                              : std::nullopt;
        if (!type) return tl::unexpected(where + ": type is not a token type");
        entry.token.type = *type;
    }
    if (!item.contains("status") || item["status"].is_null()) {
        if (full) return tl::unexpected(where + ": a full list needs a status for every token");
        return entry;  // removes the token
    }
    const auto status = item["status"].is_string()
                            ? session::parse_authorization_status(item["status"].get<std::string>())
                            : std::nullopt;
    if (!status) return tl::unexpected(where + ": status is not an authorisation status");
    session::AuthorizationDecision decision;
    decision.status = *status;
    if (item.contains("expires_at")) {
        const auto expires = item["expires_at"].is_string()
                                 ? session::parse_timestamp(item["expires_at"].get<std::string>())
                                 : tl::unexpected(session::TimestampError{});
        if (!expires) return tl::unexpected(where + ": expires_at is not an ISO-8601 time");
        decision.expires_at = *expires;
    }
    entry.decision = decision;
    return entry;
}

}  // namespace

std::optional<std::string> SiteAdmin::set_station(const std::string& station_id,
                                                  const std::string& allow_state,
                                                  const std::optional<std::string>& password) {
    const auto state = parse_station_allow_state(allow_state);
    if (!state) return "allow_state must be allowed, pending or rejected";
    std::optional<std::string> hash;
    if (password) {
        auto hashed = crypto::hash_password(*password, crypto::kMachineSecretCost);
        if (!hashed) return "cannot hash the password: " + hashed.error();
        hash = *hashed;
    }
    const auto now = now_();
    auto failed = run_and_wait(
        store_, [station_id, state, hash, now](Database& db) -> tl::expected<bool, StoreError> {
            if (auto set = set_station_allow_state(db, station_id, *state, now); !set) {
                return tl::unexpected(set.error());
            }
            if (hash) {
                if (auto set = set_station_password_hash(db, station_id, hash, now); !set) {
                    return tl::unexpected(set.error());
                }
            }
            return true;
        });
    if (failed) return failed;
    // The answer waits for the service thread too: a station that connects once the API has
    // said yes must meet the new standing, not the old one.
    auto applied = std::make_shared<std::promise<void>>();
    auto applied_future = applied->get_future();
    server_.post([this, station_id, state, hash, applied] {
        StationEntry entry;
        if (const StationEntry* current = registry_.find(station_id)) entry = *current;
        entry.standing = standing_of(*state);
        if (hash) entry.password_hash = *hash;
        registry_.set(station_id, std::move(entry));
        applied->set_value();
    });
    if (applied_future.wait_for(kStoreWait) != std::future_status::ready) {
        return std::string("stored, but the gateway did not apply it in time");
    }
    return std::nullopt;
}

std::optional<std::string> SiteAdmin::update_local_list(std::int64_t version, bool full,
                                                        const nlohmann::json& entries) {
    std::vector<LocalListEntry> parsed;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto entry = entry_of(entries[i], i, full);
        if (!entry) return entry.error();
        parsed.push_back(std::move(*entry));
    }
    return run_and_wait(store_,
                        [version, full, parsed = std::move(parsed)](
                            Database& db) -> tl::expected<bool, StoreError> {
                            auto done =
                                full ? replace_local_list(db, version, parsed)
                                     : iskra::gateway::update_local_list(db, version, parsed);
                            if (!done) return tl::unexpected(done.error());
                            return true;
                        });
}

}  // namespace iskra::gateway
