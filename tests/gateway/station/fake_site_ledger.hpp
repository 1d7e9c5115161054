// Test double: a SiteLedger that records what it was asked and holds each completion until the
// test releases it, so a test can see that nothing is answered before the "commit".
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "iskra/gateway/site_ledger.hpp"

namespace iskra::gateway::test {

class FakeSiteLedger : public SiteLedger {
public:
    std::vector<session::Event> events;
    std::vector<std::pair<std::string, std::string>> station_messages;  // action, payload
    std::vector<session::Token> authorized;
    AuthOutcome auth_answer{{session::AuthorizationStatus::Accepted, std::nullopt, std::nullopt},
                            AuthSource::LocalList,
                            true};
    std::int64_t next_transaction_id = 41;
    std::string failure;  // non-empty: every record fails with it

    // Runs held completions in order, including ones queued while running.
    void commit_all() {
        while (!pending_.empty()) {
            auto next = std::move(pending_.front());
            pending_.pop_front();
            next();
        }
    }
    std::size_t pending() const { return pending_.size(); }

    void record_boot(session::StationBooted event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void record_status(session::ConnectorStatusChanged event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void authorize(std::string, session::Token token, Done<AuthOutcome> done) override {
        authorized.push_back(token);
        complete<AuthOutcome>(std::move(done), auth_answer);
    }
    void record_session_started(session::SessionStarted event, Done<SessionOpened> done) override {
        events.emplace_back(std::move(event));
        complete<SessionOpened>(std::move(done),
                                SessionOpened{"session-" + std::to_string(next_transaction_id),
                                              next_transaction_id, false});
        ++next_transaction_id;
    }
    void record_session_updated(session::SessionUpdated event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void record_meter_values(session::MeterValuesReported event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void record_session_ended(session::SessionEnded event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void record_security_event(session::SecurityEventReported event, Done<Recorded> done) override {
        record(std::move(event), std::move(done));
    }
    void record_station_message(std::string, std::string action, std::string payload,
                                Done<Recorded> done) override {
        station_messages.emplace_back(std::move(action), std::move(payload));
        complete<Recorded>(std::move(done), Recorded{});
    }

private:
    template <class Event>
    void record(Event event, Done<Recorded> done) {
        events.emplace_back(std::move(event));
        complete<Recorded>(std::move(done), Recorded{});
    }
    template <class T>
    void complete(Done<T> done, T value) {
        const std::string error = failure;
        pending_.push_back([done = std::move(done), value = std::move(value), error] {
            if (!error.empty()) return done(tl::unexpected(error));
            done(value);
        });
    }

    std::deque<std::function<void()>> pending_;
};

}  // namespace iskra::gateway::test
