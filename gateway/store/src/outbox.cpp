#include "iskra/gateway/store/outbox.hpp"

#include <algorithm>

namespace iskra::gateway {
namespace {

tl::expected<std::int64_t, StoreError> single_int(Database& db, std::string_view sql) {
    auto query = db.prepare(sql);
    if (!query) return tl::unexpected(query.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return 0;
    return query->int64(0);
}

}  // namespace

tl::expected<std::int64_t, StoreError> append_outbox(Database& db, std::string_view event_type,
                                                     std::string_view payload,
                                                     Timestamp created_at) {
    auto inserted =
        db.execute("INSERT INTO outbox (event_type, payload, created_at) VALUES (?, ?, ?)",
                   event_type, payload, created_at);
    if (!inserted) return tl::unexpected(inserted.error());
    return db.last_insert_rowid();
}

tl::expected<std::vector<OutboxEntry>, StoreError> outbox_after(Database& db,
                                                                std::int64_t after_seq,
                                                                std::size_t limit) {
    auto query = db.prepare(
        "SELECT seq, event_type, payload, created_at FROM outbox WHERE seq > ? ORDER BY seq "
        "LIMIT ?");
    if (!query) return tl::unexpected(query.error());
    if (auto bound = query->bind(after_seq, static_cast<std::int64_t>(limit)); !bound) {
        return tl::unexpected(bound.error());
    }
    std::vector<OutboxEntry> entries;
    for (;;) {
        auto row = query->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        entries.push_back(OutboxEntry{query->int64(0), query->text(1), query->text(2),
                                      query->optional_timestamp(3).value_or(Timestamp{})});
    }
    return entries;
}

tl::expected<std::int64_t, StoreError> acknowledge(Database& db, std::int64_t up_to_seq,
                                                   Timestamp now) {
    auto last = single_int(db, "SELECT IFNULL(MAX(seq), 0) FROM outbox");
    if (!last) return tl::unexpected(last.error());
    if (up_to_seq > *last) {
        return tl::unexpected(store_error(StoreErrorKind::Invalid,
                                          "acknowledge " + std::to_string(up_to_seq) +
                                              ": the outbox ends at " + std::to_string(*last)));
    }
    auto updated = db.execute(
        "UPDATE outbox_ack SET acknowledged = ?1, acknowledged_at = ?2 "
        "WHERE singleton = 1 AND acknowledged < ?1",
        up_to_seq, now);
    if (!updated) return tl::unexpected(updated.error());
    return single_int(db, "SELECT acknowledged FROM outbox_ack WHERE singleton = 1");
}

tl::expected<OutboxBacklog, StoreError> outbox_backlog(Database& db) {
    auto query = db.prepare(
        "SELECT a.acknowledged, "
        "       (SELECT IFNULL(MAX(seq), 0) FROM outbox), "
        "       (SELECT COUNT(*) FROM outbox WHERE seq > a.acknowledged), "
        "       (SELECT created_at FROM outbox WHERE seq > a.acknowledged ORDER BY seq LIMIT 1) "
        "FROM outbox_ack a WHERE a.singleton = 1");
    if (!query) return tl::unexpected(query.error());
    auto row = query->step();
    if (!row) return tl::unexpected(row.error());
    OutboxBacklog backlog;
    if (!*row) return backlog;
    backlog.acknowledged = query->int64(0);
    backlog.last_seq = query->int64(1);
    backlog.pending = query->int64(2);
    backlog.oldest_pending_at = query->optional_timestamp(3);
    return backlog;
}

}  // namespace iskra::gateway
