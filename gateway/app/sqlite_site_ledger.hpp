// The SiteLedger the gateway runs with: each call becomes one job on the store thread, applied
// by the SessionLedger inside the batch's transaction, and answered after the group commit.
//
// Called on the service thread; the jobs run on the store thread; `done` comes back through
// the CompletionSink (the service thread again).
#pragma once

#include <functional>

#include "iskra/gateway/site_ledger.hpp"
#include "iskra/gateway/store/session_ledger.hpp"
#include "iskra/gateway/store/store_thread.hpp"

namespace iskra::gateway {

class SqliteSiteLedger : public SiteLedger {
public:
    using Now = std::function<session::Timestamp()>;

    // `ledger` is used on the store thread only; `accept_unknown_tokens` is the offline policy.
    SqliteSiteLedger(StoreThread& store, SessionLedger& ledger, Now now,
                     bool accept_unknown_tokens);

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

    StoreThread& store_;
    SessionLedger& ledger_;
    Now now_;
    bool accept_unknown_tokens_;
};

}  // namespace iskra::gateway
