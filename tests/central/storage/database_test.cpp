// Database on each backend: values round-trip, transactions are all or nothing, errors are
// classified the same way.
#include "iskra/central/storage/database.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <thread>
#include <utility>

#include <Poco/Data/LOB.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::storage {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using testing::BothBackends;

class DatabaseTest : public BothBackends {
protected:
    void SetUp() override {
        BothBackends::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto session = db().session();
        session << "CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)", now;
        session << "CREATE TABLE parts (item_id TEXT NOT NULL REFERENCES items (id), x BIGINT)",
            now;
    }

    std::int64_t count(const std::string& table) {
        auto session = db().session();
        std::int64_t n = -1;
        session << "SELECT COUNT(*) FROM " + table, into(n), now;
        return n;
    }

    void insert(Poco::Data::Session& session, const std::string& id, std::int64_t n) {
        sql(session, "INSERT INTO items (id, n) VALUES (?, ?)"), bind(id), bind(n), now;
    }
};

TEST_P(DatabaseTest, ReportsItsBackend) {
    EXPECT_EQ(db().backend(), GetParam());
    auto session = db().session();
    EXPECT_EQ(backend_of(session), GetParam());
}

TEST_P(DatabaseTest, Int64TextNullAndBlobRoundTrip) {
    auto session = db().session();
    session << "CREATE TABLE kinds (big BIGINT, negative BIGINT, small INTEGER, flag INTEGER, "
               "words TEXT, "
               "maybe TEXT, bytes " +
                   std::string(GetParam() == Backend::SQLite ? "BLOB" : "BYTEA") + ")",
        now;
    // The largest BIGINT, and the most negative value Poco 1.11 parses exactly: its
    // NumberParser rounds negatives below -2^53 through a double (README.md).
    std::int64_t big = std::numeric_limits<std::int64_t>::max();
    std::int64_t negative = -9'007'199'254'740'991;
    int small = 42;
    int flag = 1;
    std::string words = "zażółć gęślą jaźń 'quoted' \"twice\" ? $1";
    Poco::Nullable<std::string> maybe;  // NULL
    const std::string raw("\x00\x01\xff\x7f binary\x00", 13);
    Poco::Data::BLOB bytes(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    sql(session,
        "INSERT INTO kinds (big, negative, small, flag, words, maybe, bytes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        use(big), use(negative), use(small), use(flag), use(words), use(maybe), use(bytes), now;

    std::int64_t big_out = 0;
    std::int64_t negative_out = 0;
    int small_out = 0;
    int flag_out = 0;
    std::string words_out;
    Poco::Nullable<std::string> maybe_out("not null");
    Poco::Data::BLOB bytes_out;
    session << "SELECT big, negative, small, flag, words, maybe, bytes FROM kinds", into(big_out),
        into(negative_out), into(small_out), into(flag_out), into(words_out), into(maybe_out),
        into(bytes_out), now;
    EXPECT_EQ(big_out, big);
    EXPECT_EQ(negative_out, negative);
    EXPECT_EQ(small_out, small);
    EXPECT_EQ(flag_out, 1);
    EXPECT_EQ(words_out, words);
    EXPECT_TRUE(maybe_out.isNull());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes_out.rawContent()), bytes_out.size()),
              raw);
}

TEST_P(DatabaseTest, ReturningAndOnConflictWorkOnBoth) {
    auto session = db().session();
    session << "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)", now;
    std::int64_t value = 0;
    for (int i = 0; i < 3; ++i) {
        sql(session,
            "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET "
            "value = counters.value + 1 RETURNING value"),
            bind(std::string("a")), into(value), now;
    }
    EXPECT_EQ(value, 3);
    auto statement =
        (sql(session, "INSERT INTO counters (name, value) VALUES (?, 9) ON CONFLICT DO NOTHING"),
         bind(std::string("a")));
    EXPECT_EQ(statement.execute(), 0u);
}

TEST_P(DatabaseTest, TransactionCommitsEverythingAndReturnsFnsValue) {
    const int result = db().transaction([&](Poco::Data::Session& session) {
        insert(session, "a", 1);
        insert(session, "b", 2);
        return 7;
    });
    EXPECT_EQ(result, 7);
    EXPECT_EQ(count("items"), 2);
}

TEST_P(DatabaseTest, ThrowingFnRollsBackEveryRowAndRethrowsItsException) {
    EXPECT_THROW(db().transaction([&](Poco::Data::Session& session) {
        insert(session, "a", 1);
        sql(session, "INSERT INTO parts (item_id, x) VALUES (?, ?)"), bind(std::string("a")),
            bind(5), now;
        throw std::invalid_argument("the module changed its mind");
    }),
                 std::invalid_argument);
    EXPECT_EQ(count("items"), 0);
    EXPECT_EQ(count("parts"), 0);
}

TEST_P(DatabaseTest, FailingStatementRollsBackTheEarlierOnes) {
    try {
        db().transaction([&](Poco::Data::Session& session) {
            insert(session, "a", 1);
            insert(session, "b", 2);
            insert(session, "a", 3);  // duplicate key
        });
        FAIL() << "expected a DatabaseException";
    } catch (const DatabaseException& error) {
        EXPECT_EQ(error.kind(), ErrorKind::UniqueViolation) << error.what();
    }
    EXPECT_EQ(count("items"), 0);
}

TEST_P(DatabaseTest, UniqueViolationIsMappedOutsideTransactionsToo) {
    auto session = db().session();
    insert(session, "a", 1);
    try {
        insert(session, "a", 2);
        FAIL() << "expected a duplicate-key error";
    } catch (const std::exception& error) {
        EXPECT_EQ(classify(error).kind, ErrorKind::UniqueViolation) << classify(error).message;
    }
}

TEST_P(DatabaseTest, ForeignKeysAreEnforcedAndMapped) {
    auto result = db().try_transaction([&](Poco::Data::Session& session) {
        sql(session, "INSERT INTO parts (item_id, x) VALUES (?, ?)"), bind(std::string("nope")),
            bind(1), now;
    });
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::ForeignKeyViolation) << result.error().message;
}

TEST_P(DatabaseTest, OtherErrorsAreOtherAndNameTheBackend) {
    auto result = db().try_transaction([&](Poco::Data::Session& session) {
        session << "SELECT nonsense FROM no_such_table", now;
    });
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::Other);
    EXPECT_NE(result.error().message.find(backend_name(GetParam())), std::string::npos)
        << result.error().message;
}

TEST_P(DatabaseTest, SwallowedErrorInsideFnNeverCommitsHalfTheWork) {
    // On PostgreSQL the failed statement aborts the transaction; on SQLite only the statement
    // fails. Either way nothing half-done may be committed silently: PostgreSQL reports it,
    // SQLite commits the statements that did succeed (which is whole work by SQLite's rules).
    auto attempt = db().try_transaction([&](Poco::Data::Session& session) {
        insert(session, "a", 1);
        try {
            insert(session, "a", 2);
        } catch (const std::exception&) {
        }
    });
    if (GetParam() == Backend::PostgreSQL) {
        ASSERT_FALSE(attempt);
        EXPECT_NE(attempt.error().message.find("aborted"), std::string::npos);
        EXPECT_EQ(count("items"), 0);
    } else {
        ASSERT_TRUE(attempt) << attempt.error().message;
        EXPECT_EQ(count("items"), 1);
    }
    // And the pooled session is healthy afterwards.
    db().transaction([&](Poco::Data::Session& session) { insert(session, "c", 3); });
}

TEST_P(DatabaseTest, NestedTransactionIsRefused) {
    EXPECT_THROW(db().transaction(
                     [&](Poco::Data::Session&) { db().transaction([](Poco::Data::Session&) {}); }),
                 std::logic_error);
    // The refusal did not leave the thread marked as inside a transaction.
    db().transaction([&](Poco::Data::Session& session) { insert(session, "a", 1); });
    EXPECT_EQ(count("items"), 1);
}

TEST_P(DatabaseTest, ReadTransactionReadsOneSnapshot) {
    db().transaction([&](Poco::Data::Session& session) { insert(session, "a", 1); });
    const auto [before, after] = db().read_transaction([&](Poco::Data::Session& session) {
        std::int64_t first = 0;
        session << "SELECT COUNT(*) FROM items", into(first), now;
        // Another writer commits meanwhile (on its own thread, as a request would).
        std::thread writer(
            [&] { db().transaction([&](Poco::Data::Session& other) { insert(other, "b", 2); }); });
        writer.join();
        std::int64_t second = 0;
        session << "SELECT COUNT(*) FROM items", into(second), now;
        return std::pair(first, second);
    });
    EXPECT_EQ(before, 1);
    EXPECT_EQ(after, 1);  // still the snapshot the transaction started with
    EXPECT_EQ(count("items"), 2);
}

TEST_P(DatabaseTest, ReadTransactionRefusesWritesAndLeavesTheSessionWritable) {
    auto single = test_database().open({.pool_size = 1});  // the same session every time
    try {
        single->read_transaction([&](Poco::Data::Session& session) { insert(session, "a", 1); });
        FAIL() << "a write inside read_transaction succeeded";
    } catch (const DatabaseException& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Other) << error.what();
    }
    single->transaction([&](Poco::Data::Session& session) { insert(session, "b", 2); });
    auto session = single->session();
    std::int64_t n = 0;
    session << "SELECT COUNT(*) FROM items", into(n), now;
    EXPECT_EQ(n, 1);
}

#if !defined(ISKRA_STORAGE_TEST_POSTGRES)  // needs no server: runs with the SQLite suites
TEST(DatabaseOpen, FailuresAreOneLineNamingTheDatabaseNotThePassword) {
    auto missing_dir = Database::open({Backend::SQLite, "/nonexistent-iskra-dir/central.db", ""});
    ASSERT_FALSE(missing_dir);
    EXPECT_NE(missing_dir.error().find("directory /nonexistent-iskra-dir does not exist"),
              std::string::npos)
        << missing_dir.error();
    // Port 1 on loopback: nothing listens, the refusal is immediate.
    auto refused = Database::open(*parse_database_url("postgresql://u:hunter2@127.0.0.1:1/db"));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find(
                  "cannot open postgresql database (user=u host=127.0.0.1 port=1 dbname=db)"),
              std::string::npos)
        << refused.error();
    EXPECT_EQ(refused.error().find("hunter2"), std::string::npos);
    EXPECT_EQ(refused.error().find('\n'), std::string::npos);
}
#endif

TEST_P(DatabaseTest, UuidsAreFreshAndNowIsMilliseconds) {
    const std::string a = new_uuid();
    EXPECT_EQ(a.size(), 36u);
    EXPECT_NE(a, new_uuid());
    const std::int64_t ms = now_ms();
    EXPECT_GT(ms, 1'700'000'000'000);  // after 2023, in milliseconds
    EXPECT_EQ(to_epoch_ms(from_epoch_ms(ms)), ms);
}

ISKRA_STORAGE_BACKENDS(DatabaseTest);

}  // namespace
}  // namespace iskra::central::storage
