#include "sqlite_site_ledger.hpp"

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/outbox.hpp"

namespace iskra::gateway {
namespace {

AuthSource to_auth_source(AuthorizationSource source) {
    switch (source) {
        case AuthorizationSource::Central:
            return AuthSource::Central;
        case AuthorizationSource::LocalList:
            return AuthSource::LocalList;
        case AuthorizationSource::Cache:
            return AuthSource::Cache;
        case AuthorizationSource::OfflinePolicy:
            return AuthSource::OfflinePolicy;
    }
    return AuthSource::OfflinePolicy;
}

AuthorizationSource to_store_source(AuthSource source) {
    switch (source) {
        case AuthSource::Central:
            return AuthorizationSource::Central;
        case AuthSource::LocalList:
            return AuthorizationSource::LocalList;
        case AuthSource::Cache:
            return AuthorizationSource::Cache;
        case AuthSource::OfflinePolicy:
            return AuthorizationSource::OfflinePolicy;
    }
    return AuthorizationSource::OfflinePolicy;
}

template <class T>
tl::expected<Recorded, StoreError> recorded(tl::expected<T, StoreError> result) {
    if (!result) return tl::unexpected(std::move(result.error()));
    return Recorded{};
}

}  // namespace

SqliteSiteLedger::SqliteSiteLedger(StoreThread& store, SessionLedger& ledger, Now now,
                                   bool accept_unknown_tokens)
    : store_(store),
      ledger_(ledger),
      now_(std::move(now)),
      accept_unknown_tokens_(accept_unknown_tokens) {}

template <class T, class Work>
void SqliteSiteLedger::submit(Work work, Done<T> done) {
    store_.submit(std::move(work), [done = std::move(done)](tl::expected<T, StoreError> result) {
        if (!result) return done(tl::unexpected(result.error().describe()));
        done(std::move(*result));
    });
}

void SqliteSiteLedger::record_boot(session::StationBooted event, Done<Recorded> done) {
    submit<Recorded>([this, event = std::move(event), at = now_()](
                         Database& db) { return recorded(ledger_.record_boot(db, event, at)); },
                     std::move(done));
}

void SqliteSiteLedger::record_status(session::ConnectorStatusChanged event, Done<Recorded> done) {
    submit<Recorded>([this, event = std::move(event), at = now_()](
                         Database& db) { return recorded(ledger_.record_status(db, event, at)); },
                     std::move(done));
}

void SqliteSiteLedger::authorize(std::string station_id, session::Token token,
                                 Done<AuthOutcome> done) {
    if (online_ == nullptr) {
        decide(std::move(station_id), std::move(token), std::nullopt, std::move(done));
        return;
    }
    // The reply runs on the authoriser's thread; submit() is safe from any thread, and the
    // store hands `done` back to the service thread after the commit.
    auto* online = online_;
    online->ask(
        station_id, token,
        [this, station_id, token,
         done = std::move(done)](std::optional<session::AuthorizationDecision> central) mutable {
            decide(std::move(station_id), std::move(token), std::move(central), std::move(done));
        });
}

void SqliteSiteLedger::decide(std::string station_id, session::Token token,
                              std::optional<session::AuthorizationDecision> central,
                              Done<AuthOutcome> done) {
    submit<AuthOutcome>(
        [this, station_id = std::move(station_id), token = std::move(token),
         central = std::move(central),
         at = now_()](Database& db) -> tl::expected<AuthOutcome, StoreError> {
            if (central) {
                // Central decided: logged (and cached for offline use) without a recheck flag.
                const AuthOutcome outcome{*central, AuthSource::Central, false};
                session::AuthorizationAnswered answered{station_id, token, outcome.decision};
                auto logged = ledger_.record_authorization(db, answered,
                                                           AuthorizationSource::Central, false, at);
                if (!logged) return tl::unexpected(logged.error());
                return outcome;
            }
            auto known = lookup_token(db, token, at);
            if (!known) return tl::unexpected(known.error());
            std::optional<KnownToken> listed, cached;
            if (*known) {
                KnownToken entry{to_auth_source((*known)->source), (*known)->decision};
                (entry.source == AuthSource::LocalList ? listed : cached) = entry;
            }
            const AuthOutcome outcome = decide_offline(listed, cached, accept_unknown_tokens_, at);
            session::AuthorizationAnswered answered{station_id, token, outcome.decision};
            auto logged = ledger_.record_authorization(
                db, answered, to_store_source(outcome.source), outcome.needs_recheck, at);
            if (!logged) return tl::unexpected(logged.error());
            return outcome;
        },
        std::move(done));
}

void SqliteSiteLedger::record_session_started(session::SessionStarted event,
                                              Done<SessionOpened> done) {
    submit<SessionOpened>(
        [this, event = std::move(event),
         at = now_()](Database& db) -> tl::expected<SessionOpened, StoreError> {
            auto started = ledger_.record_session_started(db, event, at);
            if (!started) return tl::unexpected(started.error());
            return SessionOpened{started->session_uuid, started->transaction_id.value_or(0),
                                 started->repeated};
        },
        std::move(done));
}

void SqliteSiteLedger::record_session_updated(session::SessionUpdated event, Done<Recorded> done) {
    submit<Recorded>(
        [this, event = std::move(event), at = now_()](Database& db) {
            return recorded(ledger_.record_session_updated(db, event, at));
        },
        std::move(done));
}

void SqliteSiteLedger::record_meter_values(session::MeterValuesReported event,
                                           Done<Recorded> done) {
    submit<Recorded>(
        [this, event = std::move(event), at = now_()](Database& db) {
            return recorded(ledger_.record_meter_values(db, event, at));
        },
        std::move(done));
}

void SqliteSiteLedger::record_session_ended(session::SessionEnded event, Done<Recorded> done) {
    submit<Recorded>(
        [this, event = std::move(event), at = now_()](Database& db) {
            return recorded(ledger_.record_session_ended(db, event, at));
        },
        std::move(done));
}

void SqliteSiteLedger::record_security_event(session::SecurityEventReported event,
                                             Done<Recorded> done) {
    submit<Recorded>(
        [this, event = std::move(event), at = now_()](Database& db) {
            return recorded(ledger_.record_security_event(db, event, at));
        },
        std::move(done));
}

void SqliteSiteLedger::record_station_message(std::string station_id, std::string action,
                                              std::string payload_json, Done<Recorded> done) {
    // Nothing at the site acts on these: they are kept for central, in the outbox's order.
    submit<Recorded>(
        [station_id = std::move(station_id), action = std::move(action),
         payload_json = std::move(payload_json), at = now_()](Database& db) {
            const nlohmann::json event = {{"station_id", station_id},
                                          {"action", action},
                                          {"payload", nlohmann::json::parse(payload_json)}};
            return recorded(append_outbox(db, "StationMessage", event.dump(), at));
        },
        std::move(done));
}

}  // namespace iskra::gateway
