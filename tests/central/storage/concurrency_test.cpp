// Several threads writing at once: SQLite's BUSY and PostgreSQL's serialization failures must
// be absorbed by Database::transaction's retry, losing no update.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "iskra/central/storage/database.hpp"
#include "iskra/central/storage/sql.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::storage {
namespace {

using namespace std::chrono_literals;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

class ConcurrencyTest : public testing::BothBackends {
protected:
    void SetUp() override {
        BothBackends::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto session = db().session();
        session << "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)", now;
        session << "INSERT INTO counters (name, value) VALUES ('c', 0)", now;
    }

    // Read, then write what was read plus one: loses updates unless transactions are
    // serializable (or retried when they are not).
    static void increment(Poco::Data::Session& session) {
        std::int64_t value = 0;
        sql(session, "SELECT value FROM counters WHERE name = ?"), bind(std::string("c")),
            into(value), now;
        sql(session, "UPDATE counters SET value = ? WHERE name = ?"), bind(value + 1),
            bind(std::string("c")), now;
    }

    std::int64_t value(Database& database) {
        auto session = database.session();
        std::int64_t v = -1;
        session << "SELECT value FROM counters WHERE name = 'c'", into(v), now;
        return v;
    }
};

TEST_P(ConcurrencyTest, ReadModifyWriteFromManyThreadsLosesNothing) {
    auto database = test_database().open({.pool_size = 4, .max_attempts = 100});
    constexpr int kThreads = 4;
    constexpr int kEach = 40;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                try {
                    database->transaction(increment);
                } catch (const std::exception& error) {
                    ++failures;
                    ADD_FAILURE() << error.what();
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(value(*database), kThreads * kEach);
}

TEST_P(ConcurrencyTest, ConflictWithALongTransactionIsRetriedUntilItSucceeds) {
    // A short busy_timeout makes SQLite report BUSY while the first transaction sleeps;
    // PostgreSQL blocks the second writer on the row lock, then fails it with a serialization
    // error when the first commits. Both must end in a retry that succeeds.
    auto database =
        test_database().open({.pool_size = 2, .busy_timeout = 20ms, .max_attempts = 20});
    std::atomic<bool> first_inside{false};
    std::atomic<int> second_runs{0};
    std::thread first([&] {
        database->transaction([&](Poco::Data::Session& session) {
            increment(session);
            first_inside = true;
            std::this_thread::sleep_for(300ms);
        });
    });
    while (!first_inside)
        std::this_thread::sleep_for(1ms);
    database->transaction([&](Poco::Data::Session& session) {
        ++second_runs;
        increment(session);
    });
    first.join();
    EXPECT_EQ(value(*database), 2);
    if (GetParam() == Backend::PostgreSQL) {
        EXPECT_GE(second_runs.load(), 2);
    }
}

TEST_P(ConcurrencyTest, RetriesAreBoundedAndEndInBusy) {
    auto database = test_database().open({.pool_size = 2, .busy_timeout = 10ms, .max_attempts = 2});
    std::atomic<bool> holding{false};
    std::atomic<bool> release{false};
    std::thread holder([&] {
        database->transaction([&](Poco::Data::Session& session) {
            increment(session);
            holding = true;
            while (!release)
                std::this_thread::sleep_for(1ms);
        });
    });
    while (!holding)
        std::this_thread::sleep_for(1ms);
    if (GetParam() == Backend::SQLite) {
        auto result = database->try_transaction(increment);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().kind, ErrorKind::Busy) << result.error().message;
    }
    release = true;
    holder.join();
    EXPECT_EQ(value(*database), 1);
}

TEST_P(ConcurrencyTest, AnExhaustedPoolIsWaitedForThenReportedBusy) {
    auto database = test_database().open({.pool_size = 1, .busy_timeout = 200ms});
    {
        auto held = database->session();
        try {
            auto second = database->session();
            FAIL() << "a second session from a pool of one";
        } catch (const DatabaseException& error) {
            EXPECT_EQ(error.kind(), ErrorKind::Busy);
            EXPECT_NE(std::string(error.what()).find("pooled sessions"), std::string::npos);
        }
    }
    std::thread returner;
    {
        auto held = std::make_unique<Poco::Data::Session>(database->session());
        returner = std::thread([held = std::move(held)]() mutable {
            std::this_thread::sleep_for(50ms);
            held.reset();
        });
        auto waited = database->session();  // comes once the other thread lets go
        EXPECT_TRUE(waited.isConnected());
        returner.join();
    }
}

ISKRA_STORAGE_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace iskra::central::storage
