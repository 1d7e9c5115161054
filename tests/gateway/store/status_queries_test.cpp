// The status page's view, read through its own read-only connection while the store thread
// writes.
#include "iskra/gateway/store/status_queries.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;
using testing::QueueSink;
using testing::TempDir;

TEST(StatusQueries, TheReaderSeesWhatTheStoreThreadCommitted) {
    TempDir dir;
    const auto file = dir.file("gateway.db");
    QueueSink sink;
    testing::SequentialSessionIds ids;
    SessionLedger ledger(LedgerConfig{}, ids);
    StoreThread store(testing::open_migrated(file), sink);
    auto reader = ok(StatusReader::open(file));

    store.submit(
        [&](Database& db) {
            return ledger.record_boot(db, testing::boot("CP-1"), at("2026-05-04T08:00:00Z"));
        },
        [](auto r) { ASSERT_TRUE(r); });
    store.submit(
        [&](Database& db) {
            return ledger.record_status(
                db,
                testing::status("CP-1", 1, session::ConnectorStatus::Charging,
                                "2026-05-04T08:01:00Z"),
                at("2026-05-04T08:01:00Z"));
        },
        [](auto r) { ASSERT_TRUE(r); });
    std::string uuid;
    store.submit(
        [&](Database& db) {
            return ledger.record_session_started(
                db, testing::start_v16("CP-1", 1, "TAG-1", 100, "2026-05-04T08:00:30Z"),
                at("2026-05-04T08:00:30Z"));
        },
        [&uuid](auto r) {
            ASSERT_TRUE(r);
            uuid = r->session_uuid;
        });
    ASSERT_TRUE(sink.run_until(3));

    const auto status = ok(reader->site_status());
    ASSERT_EQ(status.stations.size(), 1u);
    EXPECT_EQ(status.stations[0].station_id, "CP-1");
    EXPECT_EQ(status.stations[0].protocol, "ocpp1.6");
    EXPECT_EQ(status.stations[0].last_seen_at, at("2026-05-04T08:01:00Z"));
    ASSERT_EQ(status.stations[0].connectors.size(), 1u);
    EXPECT_EQ(status.stations[0].connectors[0].status, "Charging");
    ASSERT_EQ(status.open_sessions.size(), 1u);
    EXPECT_EQ(status.open_sessions[0].session_uuid, uuid);
    EXPECT_EQ(status.open_sessions[0].transaction_id_v16, 1);
    EXPECT_EQ(status.outbox.pending, 3);
    EXPECT_TRUE(ok(reader->find_session_view(uuid)).has_value());
}

TEST(StatusQueries, AnOpenReadDoesNotStallTheWriter) {
    TempDir dir;
    const auto file = dir.file("gateway.db");
    QueueSink sink;
    StoreThread store(testing::open_migrated(file), sink);
    auto reader = ok(open_gateway_reader(file));
    ok(reader->execute("BEGIN"));
    auto query = ok(reader->prepare("SELECT COUNT(*) FROM outbox"));
    ASSERT_TRUE(ok(query.step()));  // a read transaction is now open on a snapshot

    for (int i = 0; i < 50; ++i) {
        store.submit(
            [i](Database& db) {
                return append_outbox(db, "Test", "{}",
                                     at("2026-05-04T08:00:00Z") + std::chrono::seconds(i));
            },
            [](auto r) { ASSERT_TRUE(r); });
    }
    ASSERT_TRUE(sink.run_until(50, std::chrono::seconds(5)));
    EXPECT_EQ(query.int64(0), 0);  // the snapshot stays as it was
    ok(query.step());
    ok(reader->execute("COMMIT"));
}

TEST(StatusQueries, TheReaderRefusesADatabaseThatWasNeverMigrated) {
    TempDir dir;
    ok(Database::open(dir.file("raw.db")));
    auto reader = StatusReader::open(dir.file("raw.db"));
    ASSERT_FALSE(reader);
    EXPECT_EQ(reader.error().kind, StoreErrorKind::Migration);
}

}  // namespace
}  // namespace iskra::gateway
