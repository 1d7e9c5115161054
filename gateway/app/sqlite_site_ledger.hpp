// The SiteLedger the gateway runs with: each call becomes one job on the store thread, applied
// by the SessionLedger inside the batch's transaction, and answered after the group commit.
//
// Called on the service thread; the jobs run on the store thread; `done` comes back through
// the CompletionSink (the service thread again).
//
// With central configured, authorize() first asks the uplink's OnlineAuthorizer, which never
// blocks the caller: its reply (central's decision, or nothing after the timeout) arrives on the
// authoriser's thread, which submits the logging job; `done` then comes back through the
// CompletionSink like every other answer. Only decisions taken without central are flagged
// needs_recheck.
#pragma once

#include <functional>

#include "iskra/gateway/site_ledger.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "iskra/gateway/store/store_thread.hpp"
#include "iskra/gateway/uplink/central_authorizer.hpp"

namespace iskra::gateway {

class SqliteSiteLedger : public SiteLedger {
public:
    using Now = std::function<session::Timestamp()>;

    // `ledger` is used on the store thread only; `accept_unknown_tokens` is the offline policy.
    SqliteSiteLedger(StoreThread& store, SessionLedger& ledger, Now now,
                     bool accept_unknown_tokens);
    // Central's online authorisation; nullptr (standalone) decides offline at once. Set before
    // the service thread runs.
    void set_online_authorizer(OnlineAuthorizer* online) { online_ = online; }

    void record_boot(session::StationBooted event, Done<Recorded> done) override;
    void record_status(session::ConnectorStatusChanged event, Done<Recorded> done) override;
    void authorize(std::string station_id, session::Token token, Done<AuthOutcome> done) override;
    void record_session_started(session::SessionStarted event, Done<SessionOpened> done) override;
    void record_session_updated(session::SessionUpdated event, Done<Recorded> done) override;
    void record_meter_values(session::MeterValuesReported event, Done<Recorded> done) override;
    void record_session_ended(session::SessionEnded event, Done<Recorded> done) override;
    void record_security_event(session::SecurityEventReported event, Done<Recorded> done) override;
    void record_station_message(std::string station_id, std::string action,
                                std::string payload_json, Done<Recorded> done) override;

private:
    // Runs `work` as a store job and hands its result, or its error as one line, to `done`.
    template <class T, class Work>
    void submit(Work work, Done<T> done);
    // Logs central's decision, or decides offline when there is none, in one store job.
    void decide(std::string station_id, session::Token token,
                std::optional<session::AuthorizationDecision> central, Done<AuthOutcome> done);

    StoreThread& store_;
    SessionLedger& ledger_;
    Now now_;
    bool accept_unknown_tokens_;
    OnlineAuthorizer* online_ = nullptr;
};

}  // namespace iskra::gateway
