#include "ledger_support.hpp"

#include <nlohmann/json.hpp>

#include "iskra/gateway/store/outbox.hpp"

namespace iskra::gateway::detail {
namespace {

constexpr std::string_view kSelectSession =
    "SELECT session_uuid, station_id, evse_id, connector_id, transaction_id_v16, "
    "transaction_id_v201, token_id, token_type, meter_start_wh, meter_stop_wh, started_at, "
    "ended_at, stop_reason, state, closed_by, offline, last_seq_no, last_meter_wh, last_meter_at, "
    "reservation_id, remote_start_id FROM sessions ";

SessionRow read_row(const Statement& q) {
    SessionRow row;
    row.uuid = q.text(0);
    row.station_id = q.text(1);
    row.evse_id = q.optional_int64(2);
    row.connector_id = q.optional_int64(3);
    row.transaction_id_v16 = q.optional_int64(4);
    row.transaction_id_v201 = q.optional_text(5);
    row.token_id = q.optional_text(6);
    row.token_type = q.optional_text(7);
    row.meter_start_wh = q.optional_int64(8);
    row.meter_stop_wh = q.optional_int64(9);
    row.started_at = q.optional_timestamp(10);
    row.ended_at = q.optional_timestamp(11);
    row.stop_reason = q.optional_text(12);
    row.open = q.text(13) == "open";
    row.closed_by = q.optional_text(14);
    row.offline = q.int64(15) != 0;
    row.last_seq_no = q.optional_int64(16);
    row.last_meter_wh = q.optional_int64(17);
    row.last_meter_at = q.optional_timestamp(18);
    row.reservation_id = q.optional_int64(19);
    row.remote_start_id = q.optional_int64(20);
    row.stored_indexed = row.indexed();
    return row;
}

template <typename... Args>
tl::expected<std::vector<SessionRow>, StoreError> select_sessions(Database& db,
                                                                  const std::string& sql,
                                                                  const Args&... args) {
    auto query = db.prepare(sql);
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(args...); !bound) return tl::unexpected(bound.error());
    std::vector<SessionRow> rows;
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return rows;
        rows.push_back(read_row(*query));
    }
}

std::string list_numbers(std::int64_t from, std::int64_t to) {
    if (to - from >= 10) {
        return std::to_string(from) + ".." + std::to_string(to) + " (" +
               std::to_string(to - from + 1) + " messages)";
    }
    std::string text;
    for (auto n = from; n <= to; ++n) {
        if (!text.empty()) text += ", ";
        text += std::to_string(n);
    }
    return text;
}

}  // namespace

session::TransactionRef SessionRow::transaction_ref() const {
    if (transaction_id_v201) return *transaction_id_v201;
    return transaction_id_v16.value_or(0);
}

Found find_session(Database& db, std::string_view station_id, const session::TransactionRef& ref) {
    static const std::string by_v16 =
        std::string(kSelectSession) + "WHERE station_id = ? AND transaction_id_v16 = ?";
    static const std::string by_v201 =
        std::string(kSelectSession) + "WHERE station_id = ? AND transaction_id_v201 = ?";
    auto rows = std::holds_alternative<std::int64_t>(ref)
                    ? select_sessions(db, by_v16, station_id, std::get<std::int64_t>(ref))
                    : select_sessions(db, by_v201, station_id, std::get<std::string>(ref));
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<SessionRow>();
    return std::optional<SessionRow>(std::move(rows->front()));
}

tl::expected<std::vector<SessionRow>, StoreError> open_sessions_of(Database& db,
                                                                   std::string_view station_id) {
    static const std::string open_of_station =
        std::string(kSelectSession) + "WHERE station_id = ? AND state = 'open' ORDER BY rowid";
    return select_sessions(db, open_of_station, station_id);
}

SessionRow new_session_row(std::string uuid, std::string_view station_id,
                           const session::TransactionRef& ref) {
    SessionRow row;
    row.uuid = std::move(uuid);
    row.station_id = std::string(station_id);
    if (const auto* id = std::get_if<std::int64_t>(&ref)) row.transaction_id_v16 = *id;
    if (const auto* id = std::get_if<std::string>(&ref)) row.transaction_id_v201 = *id;
    return row;
}

tl::expected<void, StoreError> insert_session(Database& db, SessionRow& r, Timestamp now) {
    auto inserted = db.execute(
        "INSERT INTO sessions (session_uuid, station_id, evse_id, connector_id, "
        "transaction_id_v16, transaction_id_v201, token_id, token_type, meter_start_wh, "
        "meter_stop_wh, started_at, ended_at, stop_reason, state, closed_by, offline, last_seq_no, "
        "last_meter_wh, last_meter_at, reservation_id, remote_start_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?22, ?22)",
        r.uuid, r.station_id, r.evse_id, r.connector_id, r.transaction_id_v16,
        r.transaction_id_v201, r.token_id, r.token_type, r.meter_start_wh, r.meter_stop_wh,
        r.started_at, r.ended_at, r.stop_reason, r.open ? "open" : "closed", r.closed_by,
        r.offline ? 1 : 0, r.last_seq_no, r.last_meter_wh, r.last_meter_at, r.reservation_id,
        r.remote_start_id, now);
    if (inserted) r.stored_indexed = r.indexed();
    return inserted;
}

tl::expected<void, StoreError> save_session(Database& db, SessionRow& r, Timestamp now) {
    if (r.stored_indexed && *r.stored_indexed == r.indexed()) {
        return db.execute(
            "UPDATE sessions SET meter_stop_wh = ?, ended_at = ?, stop_reason = ?, closed_by = ?, "
            "offline = ?, last_seq_no = ?, last_meter_wh = ?, last_meter_at = ?, "
            "token_type = ?, reservation_id = ?, remote_start_id = ?, updated_at = ? "
            "WHERE session_uuid = ?",
            r.meter_stop_wh, r.ended_at, r.stop_reason, r.closed_by, r.offline ? 1 : 0,
            r.last_seq_no, r.last_meter_wh, r.last_meter_at, r.token_type, r.reservation_id,
            r.remote_start_id, now, r.uuid);
    }
    auto saved = db.execute(
        "UPDATE sessions SET evse_id = ?, connector_id = ?, token_id = ?, token_type = ?, "
        "meter_start_wh = ?, meter_stop_wh = ?, started_at = ?, ended_at = ?, stop_reason = ?, "
        "state = ?, closed_by = ?, offline = ?, last_seq_no = ?, last_meter_wh = ?, "
        "last_meter_at = ?, reservation_id = ?, remote_start_id = ?, updated_at = ? "
        "WHERE session_uuid = ?",
        r.evse_id, r.connector_id, r.token_id, r.token_type, r.meter_start_wh, r.meter_stop_wh,
        r.started_at, r.ended_at, r.stop_reason, r.open ? "open" : "closed", r.closed_by,
        r.offline ? 1 : 0, r.last_seq_no, r.last_meter_wh, r.last_meter_at, r.reservation_id,
        r.remote_start_id, now, r.uuid);
    if (saved) r.stored_indexed = r.indexed();
    return saved;
}

tl::expected<void, StoreError> add_flag(Database& db, const SessionRow& row, std::string_view kind,
                                        const std::string& detail, Timestamp at) {
    auto inserted =
        db.execute("INSERT INTO session_flags (session_uuid, kind, detail, at) VALUES (?, ?, ?, ?)",
                   row.uuid, kind, detail, at);
    if (!inserted) return inserted;
    const sync::SessionFlagged flagged{row.station_id, std::string(kind), detail, at};
    auto appended =
        append_outbox(db, sync::SessionFlagged::kName, outbox_payload(flagged, row.uuid), at);
    if (!appended) return tl::unexpected(appended.error());
    return {};
}

tl::expected<void, StoreError> close_by_gateway(Database& db, SessionRow& row,
                                                std::string_view closed_by,
                                                session::StopReason reason, Timestamp ended_at,
                                                std::string_view flag_kind,
                                                const std::string& detail, Timestamp received_at) {
    row.meter_stop_wh = row.last_meter_wh ? row.last_meter_wh : row.meter_start_wh;
    row.ended_at = ended_at;
    row.stop_reason = std::string(session::to_string(reason));
    row.open = false;
    row.closed_by = std::string(closed_by);
    if (auto saved = save_session(db, row, received_at); !saved) return saved;
    if (auto flagged = add_flag(db, row, flag_kind, detail, received_at); !flagged) return flagged;

    session::SessionEnded ended;
    ended.station_id = row.station_id;
    ended.transaction = row.transaction_ref();
    ended.meter_stop_wh = row.meter_stop_wh;
    ended.ended_at = ended_at;
    ended.reason = reason;
    nlohmann::json payload = to_json(ended);
    payload["session_uuid"] = row.uuid;
    payload["closed_by"] = std::string(closed_by);
    auto appended = append_outbox(db, "SessionEnded", dump(payload), received_at);
    if (!appended) return tl::unexpected(appended.error());
    return {};
}

tl::expected<std::int64_t, StoreError> allocate_v16_id(Database& db, std::string_view station_id,
                                                       std::string_view uuid) {
    for (;;) {
        auto inserted =
            db.execute("INSERT INTO v16_transaction_ids (session_uuid) VALUES (?)", uuid);
        if (!inserted) return tl::unexpected(inserted.error());
        const std::int64_t id = db.last_insert_rowid();
        auto taken =
            db.prepare("SELECT 1 FROM sessions WHERE station_id = ? AND transaction_id_v16 = ?");
        if (!taken) return tl::unexpected(taken.error());
        if (auto bound = taken->bind(station_id, id); !bound) return tl::unexpected(bound.error());
        auto row = taken->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return id;
    }
}

tl::expected<SequenceCheck, StoreError> check_sequence(
    Database& db, SessionRow& row, const std::optional<session::TransactionSequence>& sequence,
    Timestamp received_at) {
    if (!sequence) return SequenceCheck{};
    const std::int64_t seq = sequence->seq_no;
    auto inserted =
        db.execute("INSERT OR IGNORE INTO session_seq_nos (session_uuid, seq_no) VALUES (?, ?)",
                   row.uuid, seq);
    if (!inserted) return tl::unexpected(inserted.error());
    if (db.changes() == 0) return SequenceCheck{false, false};

    if (row.last_seq_no && seq < *row.last_seq_no) {
        auto flagged = add_flag(db, row, flag::kLateSequence,
                                "seqNo " + std::to_string(seq) + " arrived after seqNo " +
                                    std::to_string(*row.last_seq_no),
                                received_at);
        if (!flagged) return tl::unexpected(flagged.error());
        return SequenceCheck{true, false};
    }
    const std::int64_t expected = row.last_seq_no ? *row.last_seq_no + 1 : 0;
    if (seq > expected) {
        auto flagged = add_flag(db, row, flag::kSequenceGap,
                                "missing seqNo " + list_numbers(expected, seq - 1) +
                                    " before seqNo " + std::to_string(seq),
                                received_at);
        if (!flagged) return tl::unexpected(flagged.error());
    }
    row.last_seq_no = seq;
    return SequenceCheck{};
}

std::string describe_reading(std::optional<std::int64_t> wh, std::optional<Timestamp> at) {
    if (!wh) return "no reading";
    std::string text = std::to_string(*wh) + " Wh";
    if (at) text += " at " + session::format_timestamp(*at);
    return text;
}

bool on_connector(const SessionRow& row, const session::ConnectorRef& connector) {
    if (!row.evse_id || *row.evse_id != connector.evse_id) return false;
    return !row.connector_id || *row.connector_id == 0 || connector.connector_id == 0 ||
           *row.connector_id == connector.connector_id;
}

void take_token(SessionRow& row, const std::optional<session::Token>& token) {
    if (!token || row.token_id) return;
    row.token_id = token->id;
    row.token_type = std::string(session::to_string(token->type));
}

void take_connector(SessionRow& row, const std::optional<session::ConnectorRef>& connector) {
    if (!connector || connector->is_station() || row.evse_id) return;
    row.evse_id = connector->evse_id;
    row.connector_id = connector->connector_id;
}

}  // namespace iskra::gateway::detail
