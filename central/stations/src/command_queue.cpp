#include "iskra/central/stations/command_queue.hpp"

#include <algorithm>

#include "db_util.hpp"
#include "iskra/central/http/api_error.hpp"
#include "iskra/central/storage/ids.hpp"

namespace iskra::central::stations {
namespace {

using detail::execute;
using detail::nullable;
using detail::select;

constexpr const char* kCommandColumns =
    "id, gateway_id, seq, station_id, action, payload, status, result, requested_by, "
    "queued_at_ms, delivered_at_ms, completed_at_ms";

std::vector<Command> commands_of(const detail::RecordSet& rows) {
    std::vector<Command> out;
    out.reserve(rows.rowCount());
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
        Command c;
        c.id = detail::text(rows, i, "id");
        c.gateway_id = detail::text(rows, i, "gateway_id");
        c.seq = detail::integer(rows, i, "seq");
        c.station_id = detail::text(rows, i, "station_id");
        c.action = detail::text(rows, i, "action");
        c.payload = detail::text(rows, i, "payload");
        c.status = detail::text(rows, i, "status");
        c.result = detail::opt_text(rows, i, "result");
        c.requested_by = detail::opt_text(rows, i, "requested_by");
        c.queued_at_ms = detail::integer(rows, i, "queued_at_ms");
        c.delivered_at_ms = detail::opt_integer(rows, i, "delivered_at_ms");
        c.completed_at_ms = detail::opt_integer(rows, i, "completed_at_ms");
        out.push_back(std::move(c));
    }
    return out;
}

nlohmann::json parsed(const std::string& text) {
    auto value = nlohmann::json::parse(text, nullptr, false);
    return value.is_discarded() ? nlohmann::json(text) : value;
}

}  // namespace

nlohmann::json gateway_command_json(const Command& command) {
    return {{"seq", command.seq},
            {"command_id", command.id},
            {"station_id", command.station_id},
            {"action", command.action},
            {"payload", parsed(command.payload)},
            {"queued_at", detail::iso(command.queued_at_ms)}};
}

nlohmann::json command_json(const Command& command) {
    return {{"id", command.id},
            {"gateway_id", command.gateway_id},
            {"seq", command.seq},
            {"station_id", command.station_id.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(command.station_id)},
            {"action", command.action},
            {"payload", parsed(command.payload)},
            {"status", command.status},
            {"result", command.result ? parsed(*command.result) : nlohmann::json(nullptr)},
            {"requested_by", detail::or_null(command.requested_by)},
            {"queued_at", detail::iso(command.queued_at_ms)},
            {"delivered_at", detail::iso_or_null(command.delivered_at_ms)},
            {"completed_at", detail::iso_or_null(command.completed_at_ms)}};
}

CommandQueue::CommandQueue(storage::Database& database, std::chrono::milliseconds recheck)
    : database_(database), recheck_(recheck) {}

QueuedCommand CommandQueue::insert_command(Poco::Data::Session& session,
                                           const std::string& station_id, const std::string& action,
                                           const nlohmann::json& payload,
                                           const std::optional<std::string>& requested_by,
                                           std::int64_t now_ms) {
    auto station =
        select(session, "SELECT site_id, gateway_id FROM stations WHERE id = ?", {station_id});
    if (station.rowCount() == 0) throw http::ApiError::not_found("no station " + station_id);
    // The gateway the station last booted through, while staff keep it enabled; otherwise the
    // site's newest enabled gateway (a replaced gateway box).
    std::string gateway_id;
    if (auto own = detail::opt_text(station, 0, "gateway_id")) {
        if (detail::count(session, "SELECT COUNT(*) FROM gateways WHERE id = ? AND enabled = 1",
                          {*own}) > 0) {
            gateway_id = *own;
        }
    }
    if (gateway_id.empty()) {
        auto newest = select(session,
                             "SELECT id FROM gateways WHERE site_id = ? AND enabled = 1 "
                             "ORDER BY enrolled_at_ms DESC, id DESC LIMIT 1",
                             {detail::text(station, 0, "site_id")});
        if (newest.rowCount() == 0) {
            throw http::ApiError::conflict(
                "station " + station_id + "'s site has no enabled gateway to send commands to",
                "no_gateway");
        }
        gateway_id = detail::text(newest, 0, "id");
    }
    return insert_gateway_command(session, gateway_id, station_id, action, payload, requested_by,
                                  now_ms);
}

QueuedCommand CommandQueue::insert_gateway_command(
    Poco::Data::Session& session, const std::string& gateway_id, const std::string& station_id,
    const std::string& action, const nlohmann::json& payload,
    const std::optional<std::string>& requested_by, std::int64_t now_ms) {
    // Incrementing the gateway's counter row locks it: a concurrent enqueue for the same
    // gateway waits (SQLite: one writer; PostgreSQL: a serialization failure the transaction
    // retries), so seq is unique and gap-free without relying on the UNIQUE key to fail.
    if (execute(session, "UPDATE gateways SET last_command_seq = last_command_seq + 1 WHERE id = ?",
                {gateway_id}) == 0) {
        throw http::ApiError::not_found("no gateway " + gateway_id);
    }
    auto rows = select(session, "SELECT last_command_seq FROM gateways WHERE id = ?", {gateway_id});
    QueuedCommand queued{storage::new_uuid(), detail::integer(rows, 0, "last_command_seq"),
                         gateway_id};
    execute(session,
            "INSERT INTO station_commands (id, gateway_id, seq, station_id, action, payload, "
            "status, requested_by, queued_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'Queued', ?, ?)",
            {queued.id, gateway_id, queued.seq,
             station_id.empty() ? detail::Param(std::monostate{}) : detail::Param(station_id),
             action, payload.dump(), nullable(requested_by), now_ms});
    return queued;
}

QueuedCommand CommandQueue::enqueue(const std::string& station_id, const std::string& action,
                                    const nlohmann::json& payload,
                                    const std::optional<std::string>& requested_by) {
    const std::int64_t now = storage::now_ms();
    auto queued = database_.transaction([&](Poco::Data::Session& session) {
        return insert_command(session, station_id, action, payload, requested_by, now);
    });
    notify(queued.gateway_id);
    return queued;
}

QueuedCommand CommandQueue::enqueue_for_gateway(const std::string& gateway_id,
                                                const std::string& action,
                                                const nlohmann::json& payload,
                                                const std::optional<std::string>& requested_by) {
    const std::int64_t now = storage::now_ms();
    auto queued = database_.transaction([&](Poco::Data::Session& session) {
        return insert_gateway_command(session, gateway_id, "", action, payload, requested_by, now);
    });
    notify(queued.gateway_id);
    return queued;
}

void CommandQueue::notify(const std::string& gateway_id) {
    {
        std::lock_guard lock(mutex_);
        ++generation_[gateway_id];
    }
    changed_.notify_all();
}

namespace {
// Only commands still waiting for an outcome are handed out: a gateway whose database was
// wiped polls from cursor 0 again, and must not re-run every Reset and RemoteStart it ever
// ran. Those that completed (or timed out) stay in the history, invisible to the poll.
const std::string kAwaitingOutcome = "status IN ('Queued', 'Delivered')";
}  // namespace

std::vector<Command> CommandQueue::after(const std::string& gateway_id, std::int64_t after_seq,
                                         std::int64_t limit) {
    const std::string query = std::string("SELECT ") + kCommandColumns +
                              " FROM station_commands WHERE gateway_id = ? AND seq > ? AND " +
                              kAwaitingOutcome + " ORDER BY seq LIMIT ?";
    const std::vector<detail::Param> params{gateway_id, after_seq,
                                            std::max<std::int64_t>(limit, 0)};
    // Most polls find nothing: look without a write transaction first (on SQLite that would
    // take the database's one write lock for every idle gateway's poll).
    {
        auto session = database_.session();
        if (detail::count(session,
                          std::string("SELECT COUNT(*) FROM station_commands WHERE gateway_id = "
                                      "? AND seq > ? AND ") +
                              kAwaitingOutcome,
                          {gateway_id, after_seq}) == 0) {
            return {};
        }
    }
    const std::int64_t now = storage::now_ms();
    return database_.transaction([&](Poco::Data::Session& session) {
        auto commands = commands_of(select(session, query, params));
        if (commands.empty()) return commands;
        execute(session,
                "UPDATE station_commands SET status = 'Delivered', delivered_at_ms = ? "
                "WHERE gateway_id = ? AND seq > ? AND seq <= ? AND status = 'Queued'",
                {now, gateway_id, after_seq, commands.back().seq});
        for (auto& command : commands) {
            if (command.status == "Queued") {
                command.status = "Delivered";
                command.delivered_at_ms = now;
            }
        }
        return commands;
    });
}

bool CommandQueue::pending(const std::string& gateway_id, std::int64_t after_seq) {
    auto session = database_.session();
    return detail::count(session,
                         std::string("SELECT COUNT(*) FROM station_commands WHERE gateway_id = ? "
                                     "AND seq > ? AND ") +
                             kAwaitingOutcome,
                         {gateway_id, after_seq}) > 0;
}

bool CommandQueue::wait(const std::string& gateway_id, std::int64_t after_seq,
                        Clock::time_point deadline) {
    for (;;) {
        // The generation is read before the database so a notify() between the two is seen.
        std::uint64_t seen = 0;
        {
            std::lock_guard lock(mutex_);
            if (shutdown_) return false;
            seen = generation_[gateway_id];
        }
        if (pending(gateway_id, after_seq)) return true;
        std::unique_lock lock(mutex_);
        const auto until = std::min(deadline, Clock::now() + recheck_);
        changed_.wait_until(lock, until,
                            [&] { return shutdown_ || generation_[gateway_id] != seen; });
        if (shutdown_) return false;
        if (Clock::now() >= deadline) {
            lock.unlock();
            return pending(gateway_id, after_seq);
        }
    }
}

std::size_t CommandQueue::expire(std::int64_t queued_before_ms, std::int64_t now_ms) {
    const std::string result = R"({"error":"the gateway reported no outcome in time"})";
    return database_.transaction([&](Poco::Data::Session& session) {
        return execute(session,
                       "UPDATE station_commands SET status = 'Timeout', result = ?, "
                       "completed_at_ms = ? WHERE status IN ('Queued', 'Delivered') AND "
                       "queued_at_ms < ?",
                       {result, now_ms, queued_before_ms});
    });
}

void CommandQueue::shutdown() {
    {
        std::lock_guard lock(mutex_);
        shutdown_ = true;
    }
    changed_.notify_all();
}

std::optional<Command> CommandQueue::find(const std::string& command_id) {
    auto session = database_.session();
    auto commands = commands_of(select(
        session, std::string("SELECT ") + kCommandColumns + " FROM station_commands WHERE id = ?",
        {command_id}));
    if (commands.empty()) return std::nullopt;
    return std::move(commands.front());
}

std::vector<Command> CommandQueue::for_station(const std::string& station_id, std::int64_t limit,
                                               std::int64_t offset, std::int64_t* total) {
    auto session = database_.session();
    if (total != nullptr) {
        *total = detail::count(
            session, "SELECT COUNT(*) FROM station_commands WHERE station_id = ?", {station_id});
    }
    return commands_of(select(session,
                              std::string("SELECT ") + kCommandColumns +
                                  " FROM station_commands WHERE station_id = ? "
                                  "ORDER BY queued_at_ms DESC, seq DESC LIMIT ? OFFSET ?",
                              {station_id, limit, offset}));
}

}  // namespace iskra::central::stations
