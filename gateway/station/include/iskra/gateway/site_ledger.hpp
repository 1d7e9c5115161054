// The durable side of answering a station: what a handler asks to have recorded before it may
// answer (DESIGN.md step 2). Every call returns at once; `done` runs later on the service thread,
// only after the record is committed, with the result or a one-line reason it failed.
//
// SqliteSiteLedger implements it over the gateway store's group-committing thread; tests use a
// fake. Called on the service thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/offline_authoriser.hpp"
#include "iskra/session/events.hpp"

namespace iskra::gateway {

template <class T>
using Done = std::function<void(tl::expected<T, std::string>)>;

struct Recorded {};

struct SessionOpened {
    std::string session_id;           // the gateway's UUID, the session's name everywhere
    std::int64_t transaction_id = 0;  // what a 1.6 station is told (and told again on a repeat)
    bool repeated = false;            // the same StartTransaction was seen before
};

class SiteLedger {
public:
    virtual ~SiteLedger() = default;

    virtual void record_boot(session::StationBooted event, Done<Recorded> done) = 0;
    virtual void record_status(session::ConnectorStatusChanged event, Done<Recorded> done) = 0;
    // Decides on a token (central when reachable, else local list, cache, offline policy) and
    // logs the decision for central to see, in one commit.
    virtual void authorize(std::string station_id, session::Token token,
                           Done<AuthOutcome> done) = 0;
    // For 1.6 the event's transaction is ignored: the ledger assigns the integer id.
    virtual void record_session_started(session::SessionStarted event,
                                        Done<SessionOpened> done) = 0;
    virtual void record_session_updated(session::SessionUpdated event, Done<Recorded> done) = 0;
    virtual void record_meter_values(session::MeterValuesReported event, Done<Recorded> done) = 0;
    virtual void record_session_ended(session::SessionEnded event, Done<Recorded> done) = 0;
    virtual void record_security_event(session::SecurityEventReported event,
                                       Done<Recorded> done) = 0;
    // Messages the back office needs but that carry no session (firmware and log status,
    // device-model reports, data transfers): kept as they came, for central.
    virtual void record_station_message(std::string station_id, std::string action,
                                        std::string payload_json, Done<Recorded> done) = 0;
};

}  // namespace iskra::gateway
