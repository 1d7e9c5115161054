#include "iskra/gateway/store/command_log.hpp"

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"
#include "iskra/sync/event_json.hpp"

namespace iskra::gateway {
namespace {

constexpr std::string_view kSelectCommand =
    "SELECT id, station_id, action, request, status, response, created_at, completed_at, "
    "central_command_id FROM commands ";

CommandRecord read_command(const Statement& q) {
    CommandRecord record;
    record.id = q.int64(0);
    record.station_id = q.text(1);
    record.action = q.text(2);
    record.request = q.text(3);
    record.status = parse_command_status(q.text(4)).value_or(CommandStatus::Failed);
    record.response = q.optional_text(5);
    record.created_at = q.optional_timestamp(6).value_or(Timestamp{});
    record.completed_at = q.optional_timestamp(7);
    record.central_command_id = q.optional_text(8);
    return record;
}

// Central gets the response as JSON when it is JSON, as text otherwise (a failure reason).
nlohmann::json response_value(std::optional<std::string_view> response) {
    if (!response) return nullptr;
    auto parsed = nlohmann::json::parse(*response, nullptr, false);
    if (parsed.is_discarded()) return std::string(*response);
    return parsed;
}

}  // namespace

std::string_view to_string(CommandStatus status) {
    switch (status) {
        case CommandStatus::Pending:
            return "pending";
        case CommandStatus::Accepted:
            return "accepted";
        case CommandStatus::Rejected:
            return "rejected";
        case CommandStatus::Failed:
            return "failed";
        case CommandStatus::Timeout:
            return "timeout";
    }
    return "";
}

std::optional<CommandStatus> parse_command_status(std::string_view text) {
    for (auto status : {CommandStatus::Pending, CommandStatus::Accepted, CommandStatus::Rejected,
                        CommandStatus::Failed, CommandStatus::Timeout}) {
        if (to_string(status) == text) return status;
    }
    return std::nullopt;
}

tl::expected<std::int64_t, StoreError> record_command(Database& db, std::string_view station_id,
                                                      std::string_view action,
                                                      std::string_view request_json,
                                                      Timestamp now) {
    auto inserted = db.execute(
        "INSERT INTO commands (station_id, action, request, status, created_at) "
        "VALUES (?, ?, ?, 'pending', ?)",
        station_id, action, request_json, now);
    if (!inserted) return tl::unexpected(inserted.error());
    return db.last_insert_rowid();
}

tl::expected<CentralCommandRecorded, StoreError> record_central_command(
    Database& db, std::string_view central_command_id, std::string_view station_id,
    std::string_view action, std::string_view request_json, Timestamp now) {
    auto inserted = db.execute(
        "INSERT OR IGNORE INTO commands (station_id, action, request, status, created_at, "
        "central_command_id) VALUES (?, ?, ?, 'pending', ?, ?)",
        station_id, action, request_json, now, central_command_id);
    if (!inserted) return tl::unexpected(inserted.error());
    if (db.changes() == 1) return CentralCommandRecorded{db.last_insert_rowid(), true};
    auto query = db.prepare("SELECT id FROM commands WHERE central_command_id = ?");
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(central_command_id); !bound) return tl::unexpected(bound.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) {
        return tl::unexpected(store_error(
            StoreErrorKind::Conflict,
            "command " + std::string(central_command_id) + " was neither inserted nor found"));
    }
    return CentralCommandRecorded{query->int64(0), false};
}

tl::expected<void, StoreError> complete_command(Database& db, std::int64_t id, CommandStatus status,
                                                std::optional<std::string_view> response_json,
                                                Timestamp now) {
    if (status == CommandStatus::Pending) {
        return tl::unexpected(
            store_error(StoreErrorKind::Invalid, "a command is completed with a final status"));
    }
    auto found = find_command(db, id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) {
        return tl::unexpected(
            store_error(StoreErrorKind::NotFound, "command " + std::to_string(id)));
    }
    if ((*found)->status != CommandStatus::Pending) {
        return tl::unexpected(
            store_error(StoreErrorKind::Conflict, "command " + std::to_string(id) + " is already " +
                                                      std::string(to_string((*found)->status))));
    }
    auto updated =
        db.execute("UPDATE commands SET status = ?, response = ?, completed_at = ? WHERE id = ?",
                   to_string(status), response_json, now, id);
    if (!updated) return updated;
    sync::CommandCompleted completed;
    completed.command_id = id;
    completed.central_command_id = (*found)->central_command_id;
    completed.station_id = (*found)->station_id;
    completed.action = (*found)->action;
    completed.status = std::string(to_string(status));
    completed.response = response_value(response_json);
    completed.completed_at = now;
    auto appended =
        append_outbox(db, sync::CommandCompleted::kName, sync::dump(sync::to_json(completed)), now);
    if (!appended) return tl::unexpected(appended.error());
    return {};
}

tl::expected<std::optional<CommandRecord>, StoreError> find_command(Database& db, std::int64_t id) {
    auto query = db.prepare(std::string(kSelectCommand) + "WHERE id = ?");
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(id); !bound) return tl::unexpected(bound.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<CommandRecord>();
    return std::optional<CommandRecord>(read_command(*query));
}

tl::expected<std::vector<CommandRecord>, StoreError> pending_commands(Database& db) {
    auto query = db.prepare(std::string(kSelectCommand) + "WHERE status = 'pending' ORDER BY id");
    if (!query) return tl::unexpected(query.error());
    std::vector<CommandRecord> records;
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return records;
        records.push_back(read_command(*query));
    }
}

}  // namespace iskra::gateway
