// The gateway's uplink to central (DESIGN.md step 4-5, common/sync/README.md): two threads of
// its own, each with its own connection to central and its own read-only SQLite connection.
//  - the events thread sends the outbox in ordered, bounded batches and moves the outbox marker
//    to what central acknowledges (a write: a store job);
//  - the commands thread long-polls central's command queue, logs each command by its UUID and
//    moves the cursor in one store job before anything is sent to a station, then fetches and
//    applies list deltas when central's versions are ahead;
//  - a third, the command runner, hands logged commands to the station side one at a time, so
//    a slow station never holds up the poll.
// Both retry with exponential backoff and jitter while central is unreachable. The online
// authorisation client (central_authorizer.hpp) is owned here too, with its own thread, and
// answers from construction on (before start()), so the station side can be wired with it.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "iskra/gateway/store/store_thread.hpp"
#include "iskra/gateway/uplink/central_authorizer.hpp"
#include "iskra/gateway/uplink/central_identity.hpp"
#include "iskra/gateway/uplink/uplink_status.hpp"
#include "iskra/sync/downlink_messages.hpp"

namespace iskra::gateway {

struct UplinkOptions {
    std::string central_url;
    std::string ca_file;  // CA of central's certificate (PEM); empty: the system's trust store
    CentralIdentity identity;
    std::filesystem::path database_file;  // each thread opens its own reader on it
    std::size_t batch_size = 500;         // at most sync::kMaxBatchEvents
    std::chrono::seconds poll_wait{25};   // the commands long-poll's wait=S
    std::chrono::milliseconds authorize_timeout{1500};
    std::chrono::milliseconds idle_interval{500};  // how often an empty outbox is read again
    std::chrono::milliseconds backoff_initial{1000};
    std::chrono::milliseconds backoff_max{60000};
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds request_timeout{30000};
    // How long a thread waits for one of its store jobs (the store hands completions back
    // through the service thread, which is gone at shutdown).
    std::chrono::milliseconds store_wait{10000};
    // How often the commands thread fetches central's tariff feed (and once at start), for the
    // running cost of sessions in progress.
    std::chrono::milliseconds tariffs_interval{300000};
};

// A command central queued, as logged (store row `id`), to be sent to its station.
struct CentralCommandJob {
    std::int64_t id = 0;
    std::string central_command_id;
    std::string station_id;
    std::string action;        // the gateway command API's action, or "RemoteStart"
    std::string payload_json;  // its payload, as central sent it
};

struct UplinkHooks {
    // Command runner thread: send the command and settle its log row (the gateway: like the
    // status API's POST .../commands path). May block until the station answers.
    std::function<void(const CentralCommandJob&)> run_command;
    // Commands thread, after a stations delta committed: make it take effect in memory.
    std::function<void(const sync::StationsDelta&)> stations_applied;
    // Commands thread: a tariff feed central served (its JSON text), before it is stored. False:
    // the gateway cannot read it, and the feed stored before stays. Absent: any JSON object is
    // stored.
    std::function<bool(const std::string&)> tariffs_fetched;
    std::function<session::Timestamp()> now;
};

class Uplink {
public:
    Uplink(UplinkOptions options, StoreThread& store, UplinkHooks hooks);
    // stop()s.
    ~Uplink();
    Uplink(const Uplink&) = delete;
    Uplink& operator=(const Uplink&) = delete;

    void start();
    // Any thread but the uplink's: cancels requests in flight and joins. Idempotent.
    void stop();
    // Any thread: there are new outbox rows, send without waiting for the idle interval.
    void wake();

    UplinkStatus status() const;
    // For the station side: asks central, never blocks (see central_authorizer.hpp).
    OnlineAuthorizer& authorizer();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace iskra::gateway
