// The queue of commands central sends down to gateways (common/sync/README.md, "Commands down"):
// rows of station_commands, numbered per gateway by `seq`, that the gateway long-polls with
// GET /api/gateway/v1/commands?after=N&wait=S.
//
// Why the queue lives in the database and a condition variable only helps: any central instance
// may serve any gateway (DESIGN.md, "Scale"), so a command queued on instance A must reach a
// gateway waiting on instance B. wait() therefore re-reads the database every recheck interval
// (1 s by default); enqueue() in this process additionally wakes waiters at once.
//
// Thread-safety: every member is safe to call from any thread at the same time. wait() blocks
// the calling (HTTP worker) thread, holding no database session while it sleeps.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

#include "iskra/central/stations/allow_list.hpp"
#include "iskra/central/storage/database.hpp"

namespace iskra::central::stations {

struct QueuedCommand {
    std::string id;  // uuid: the gateway echoes it as CommandCompleted's central_command_id
    std::int64_t seq = 0;
    std::string gateway_id;
};

// One row of station_commands as the API and the gateway see it.
struct Command {
    std::string id;
    std::string gateway_id;
    std::int64_t seq = 0;
    std::string station_id;  // empty for a gateway-wide command (e.g. a local-list update)
    std::string action;      // "Reset", "RemoteStart", ...
    std::string payload;     // JSON text, exactly what the gateway's command API takes
    std::string status;      // Queued | Delivered | Accepted | Rejected | Failed | Timeout
    std::optional<std::string> result;  // JSON text once completed
    std::optional<std::string> requested_by;
    std::int64_t queued_at_ms = 0;
    std::optional<std::int64_t> delivered_at_ms;
    std::optional<std::int64_t> completed_at_ms;
};

// The JSON the gateway receives for one command:
// {"seq", "command_id", "station_id", "action", "payload", "queued_at"}.
nlohmann::json gateway_command_json(const Command& command);
// The JSON the REST API shows: every column, times as ISO-8601, payload/result as JSON.
nlohmann::json command_json(const Command& command);

class CommandQueue {
public:
    using Clock = std::chrono::steady_clock;

    explicit CommandQueue(storage::Database& database,
                          std::chrono::milliseconds recheck = std::chrono::seconds(1));
    CommandQueue(const CommandQueue&) = delete;
    CommandQueue& operator=(const CommandQueue&) = delete;

    // Queues `action` for the station's gateway: stations.gateway_id, else the newest enabled
    // gateway of the station's site. Throws http::ApiError 404 `not_found` for an unknown
    // station, 409 `no_gateway` when neither exists. One transaction; the per-gateway seq is
    // allocated by incrementing gateways.last_command_seq, so concurrent enqueues (threads or
    // central instances, SQLite or PostgreSQL) get distinct, gap-free numbers.
    QueuedCommand enqueue(const std::string& station_id, const std::string& action,
                          const nlohmann::json& payload,
                          const std::optional<std::string>& requested_by);
    // The same for a command meant for the gateway itself (station_id empty), e.g. a list
    // update. Throws http::ApiError 404 for an unknown gateway.
    QueuedCommand enqueue_for_gateway(const std::string& gateway_id, const std::string& action,
                                      const nlohmann::json& payload,
                                      const std::optional<std::string>& requested_by);

    // The parts of enqueue for a caller that queues inside a transaction of its own (a route
    // that also stores the staff-set availability): insert_command() in the transaction, then
    // notify() after it committed. Same errors as above.
    static QueuedCommand insert_command(Poco::Data::Session& session, const std::string& station_id,
                                        const std::string& action, const nlohmann::json& payload,
                                        const std::optional<std::string>& requested_by,
                                        std::int64_t now_ms);
    static QueuedCommand insert_gateway_command(
        Poco::Data::Session& session, const std::string& gateway_id, const std::string& station_id,
        const std::string& action, const nlohmann::json& payload,
        const std::optional<std::string>& requested_by, std::int64_t now_ms);
    void notify(const std::string& gateway_id);

    // Up to `limit` commands of the gateway with seq > after_seq, in seq order; those still
    // Queued become Delivered (delivered_at_ms set) in the same transaction.
    std::vector<Command> after(const std::string& gateway_id, std::int64_t after_seq,
                               std::int64_t limit);

    // Blocks until the gateway has a command with seq > after_seq (true), the deadline passes
    // (false, after one last look), or shutdown() (false).
    bool wait(const std::string& gateway_id, std::int64_t after_seq, Clock::time_point deadline);

    // Gives up on commands that never got an outcome: every Queued or Delivered command queued
    // before `queued_before_ms` becomes Timeout (completed at `now_ms`), so the back office
    // stops showing it as pending. Returns how many. Meant for a periodic sweep (the app);
    // a CommandCompleted arriving later finds it completed and changes nothing.
    std::size_t expire(std::int64_t queued_before_ms, std::int64_t now_ms);

    // Wakes every waiter and makes every later wait() return false at once: graceful stop.
    void shutdown();

    // Reads (no transaction needed).
    std::optional<Command> find(const std::string& command_id);
    std::vector<Command> for_station(const std::string& station_id, std::int64_t limit,
                                     std::int64_t offset, std::int64_t* total);

private:
    bool pending(const std::string& gateway_id, std::int64_t after_seq);

    storage::Database& database_;
    const std::chrono::milliseconds recheck_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::uint64_t> generation_;  // GUARDED_BY(mutex_): bumped by notify()
    bool shutdown_ = false;                            // GUARDED_BY(mutex_)
};

}  // namespace iskra::central::stations
