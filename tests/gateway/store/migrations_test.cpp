#include "iskra/gateway/store/migrations.hpp"

#include <gtest/gtest.h>

#include <array>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::ok;
using testing::TempDir;

bool table_exists(Database& db, const std::string& name) {
    auto query = ok(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    ok(query.bind(name));
    return ok(query.step());
}

TEST(Migrations, EmbeddedMigrationsAreNumberedFromOne) {
    const auto migrations = embedded_migrations();
    ASSERT_FALSE(migrations.empty());
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
        EXPECT_FALSE(migrations[i].sql.empty());
    }
    EXPECT_EQ(migrations.front().name, "001_initial.sql");
}

TEST(Migrations, FreshDatabaseGetsEveryTableAndItsVersion) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("g.db")));
    EXPECT_EQ(ok(schema_version(*db)), 0);
    const int version = ok(apply_migrations(*db, embedded_migrations()));
    EXPECT_EQ(version, embedded_migrations().back().version);
    EXPECT_EQ(ok(schema_version(*db)), version);
    for (const char* table :
         {"stations", "connectors", "connector_status_history", "sessions", "meter_samples",
          "session_flags", "authorization_log", "local_auth_list", "auth_cache", "outbox",
          "commands", "security_events"}) {
        EXPECT_TRUE(table_exists(*db, table)) << table;
    }
}

TEST(Migrations, RerunningIsANoOpAndKeepsData) {
    TempDir dir;
    {
        auto db = testing::open_migrated(dir.file("g.db"));
        ok(db->execute(
            "INSERT INTO stations (station_id, first_seen_at, last_seen_at) VALUES (?, ?, ?)",
            "CP-1", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"));
    }
    auto db = testing::open_migrated(dir.file("g.db"));
    auto count = ok(db->prepare("SELECT COUNT(*) FROM stations"));
    ASSERT_TRUE(ok(count.step()));
    EXPECT_EQ(count.int64(0), 1);
    auto versions = ok(db->prepare("SELECT COUNT(*) FROM schema_version"));
    ASSERT_TRUE(ok(versions.step()));
    EXPECT_EQ(versions.int64(0), static_cast<std::int64_t>(embedded_migrations().size()));
}

TEST(Migrations, AppliesOnlyTheNewOnesInOrder) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("g.db")));
    const std::array<Migration, 1> first{{{1, "001_a.sql", "CREATE TABLE a (x INTEGER);"}}};
    EXPECT_EQ(ok(apply_migrations(*db, first)), 1);
    const std::array<Migration, 2> both{{{1, "001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                         {2, "002_b.sql", "ALTER TABLE a ADD COLUMN y TEXT;"}}};
    EXPECT_EQ(ok(apply_migrations(*db, both)), 2);
    ok(db->execute("INSERT INTO a (x, y) VALUES (1, 'b')"));
}

TEST(Migrations, AFailingMigrationLeavesTheDatabaseAtTheLastWholeVersion) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("g.db")));
    const std::array<Migration, 2> migrations{
        {{1, "001_a.sql", "CREATE TABLE a (x INTEGER);"},
         {2, "002_broken.sql", "CREATE TABLE b (x INTEGER); CREATE TABLE a (x INTEGER);"}}};
    auto applied = apply_migrations(*db, migrations);
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().kind, StoreErrorKind::Migration);
    EXPECT_NE(applied.error().message.find("002_broken.sql"), std::string::npos);
    EXPECT_EQ(ok(schema_version(*db)), 1);
    EXPECT_FALSE(table_exists(*db, "b"));  // rolled back with its migration
}

TEST(Migrations, RefusesADatabaseNewerThanTheCode) {
    TempDir dir;
    {
        auto db = testing::open_migrated(dir.file("g.db"));
        ok(db->execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                       embedded_migrations().back().version + 1, "999_future.sql",
                       "2030-01-01T00:00:00.000Z"));
    }
    auto refused = open_gateway_database(dir.file("g.db"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, StoreErrorKind::SchemaTooNew);
    EXPECT_NE(refused.error().message.find("knows versions up to"), std::string::npos);
    EXPECT_NE(refused.error().describe().find("schema version"), std::string::npos);

    auto reader = open_gateway_reader(dir.file("g.db"));
    ASSERT_FALSE(reader);
    EXPECT_EQ(reader.error().kind, StoreErrorKind::SchemaTooNew);
}

TEST(Migrations, RejectsMisnumberedMigrations) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("g.db")));
    const std::array<Migration, 1> skipped{{{2, "002_a.sql", "CREATE TABLE a (x INTEGER);"}}};
    auto applied = apply_migrations(*db, skipped);
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().kind, StoreErrorKind::Migration);
}

}  // namespace
}  // namespace iskra::gateway
