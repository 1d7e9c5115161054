#include "iskra/gateway/store/database.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace iskra::gateway {
namespace {

using testing::at;
using testing::ok;
using testing::TempDir;

std::string pragma_text(Database& db, const std::string& pragma) {
    auto query = ok(db.prepare("PRAGMA " + pragma));
    EXPECT_TRUE(ok(query.step()));
    return query.text(0);
}

TEST(Database, OpensInWalWithFullSyncAndForeignKeys) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    EXPECT_EQ(pragma_text(*db, "journal_mode"), "wal");
    EXPECT_EQ(pragma_text(*db, "synchronous"), "2");  // FULL
    EXPECT_EQ(pragma_text(*db, "foreign_keys"), "1");
}

TEST(Database, BindsEveryKindOfValueAndReadsItBack) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    ok(db->execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, ts TEXT, n TEXT, o INTEGER)"));
    const std::optional<std::int64_t> present = 7;
    ok(db->execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", 42, 2.5, std::string("zażółć"),
                   at("2026-03-01T10:00:00.123Z"), std::nullopt, present));
    auto query = ok(db->prepare("SELECT i, r, s, ts, n, o FROM t"));
    ASSERT_TRUE(ok(query.step()));
    EXPECT_EQ(query.int64(0), 42);
    EXPECT_DOUBLE_EQ(query.real(1), 2.5);
    EXPECT_EQ(query.text(2), "zażółć");
    EXPECT_EQ(query.text(3), "2026-03-01T10:00:00.123Z");
    EXPECT_EQ(query.optional_timestamp(3), at("2026-03-01T10:00:00.123Z"));
    EXPECT_FALSE(query.optional_text(4).has_value());
    EXPECT_EQ(query.optional_int64(5), 7);
    EXPECT_FALSE(ok(query.step()));
}

TEST(Database, BindsTimestampsExactlyAsFormatTimestampWritesThem) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    std::vector<Timestamp> instants{Timestamp{}, at("1999-12-31T23:59:59.999Z"),
                                    at("2024-02-29T12:00:00.001Z"), at("9999-12-31T23:59:59.999Z")};
    for (std::int64_t ms = 1'700'000'000'000; ms < 1'700'000'000'000 + 200'000'000'000;
         ms += 7'777'777'777) {
        instants.push_back(Timestamp{std::chrono::milliseconds(ms)});
    }
    instants.push_back(Timestamp{} - std::chrono::hours(24 * 365 * 3000));  // year -1000
    for (const auto instant : instants) {
        auto query = ok(db->prepare("SELECT ?"));
        ok(query.bind(instant));
        ASSERT_TRUE(ok(query.step()));
        EXPECT_EQ(query.text(0), session::format_timestamp(instant));
        EXPECT_FALSE(ok(query.step()));
    }
}

TEST(Database, DataThatLooksLikeSqlIsOnlyData) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    ok(db->execute("CREATE TABLE t (s TEXT)"));
    const std::string hostile = "x'); DROP TABLE t; --";
    ok(db->execute("INSERT INTO t VALUES (?)", hostile));
    auto query = ok(db->prepare("SELECT s FROM t"));
    ASSERT_TRUE(ok(query.step()));
    EXPECT_EQ(query.text(0), hostile);
}

TEST(Database, ReportsSqliteErrorsAsValuesWithTheMessage) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    auto bad = db->prepare("SELEC nonsense");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, StoreErrorKind::Sqlite);
    EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos);

    ok(db->execute("CREATE TABLE t (k INTEGER PRIMARY KEY)"));
    ok(db->execute("INSERT INTO t VALUES (1)"));
    auto duplicate = db->execute("INSERT INTO t VALUES (1)");
    ASSERT_FALSE(duplicate);
    EXPECT_NE(duplicate.error().message.find("UNIQUE constraint failed"), std::string::npos);
    EXPECT_NE(duplicate.error().sqlite_code, 0);
}

TEST(Database, ReusesCachedStatementsAndAllowsNestedUseOfTheSameSql) {
    TempDir dir;
    auto db = ok(Database::open(dir.file("a.db")));
    ok(db->execute("CREATE TABLE t (k INTEGER)"));
    for (int i = 0; i < 100; ++i)
        ok(db->execute("INSERT INTO t VALUES (?)", i));
    auto outer = ok(db->prepare("SELECT COUNT(*) FROM t WHERE k < ?"));
    ok(outer.bind(10));
    auto inner = ok(db->prepare("SELECT COUNT(*) FROM t WHERE k < ?"));  // same text, in use
    ok(inner.bind(50));
    ASSERT_TRUE(ok(outer.step()));
    ASSERT_TRUE(ok(inner.step()));
    EXPECT_EQ(outer.int64(0), 10);
    EXPECT_EQ(inner.int64(0), 50);
}

TEST(Database, ReaderIsReadOnlyAndSeesCommittedWrites) {
    TempDir dir;
    auto writer = ok(Database::open(dir.file("a.db")));
    ok(writer->execute("CREATE TABLE t (k INTEGER)"));
    ok(writer->execute("INSERT INTO t VALUES (1)"));
    DatabaseOptions options;
    options.read_only = true;
    auto reader = ok(Database::open(dir.file("a.db"), options));
    auto count = ok(reader->prepare("SELECT COUNT(*) FROM t"));
    ASSERT_TRUE(ok(count.step()));
    EXPECT_EQ(count.int64(0), 1);
    EXPECT_FALSE(reader->execute("INSERT INTO t VALUES (2)"));
}

TEST(Database, OpeningAMissingFileReadOnlyFails) {
    TempDir dir;
    DatabaseOptions options;
    options.read_only = true;
    auto reader = Database::open(dir.file("missing.db"), options);
    ASSERT_FALSE(reader);
    EXPECT_NE(reader.error().message.find("missing.db"), std::string::npos);
}

}  // namespace
}  // namespace iskra::gateway
