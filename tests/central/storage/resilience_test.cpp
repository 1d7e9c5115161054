// What happens around the edges of normal operation: several instances migrating one database
// at once, and PostgreSQL connections that die while they sit in the pool.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "iskra/central/storage/database.hpp"
#include "iskra/central/storage/migrations.hpp"
#include "iskra/central/storage/sql.hpp"
#include "iskra/central/storage/test_fixture/migrations.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::storage {
namespace {

using namespace std::chrono_literals;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

class ResilienceTest : public testing::BothBackends {
protected:
    std::int64_t scalar(Database& database, const std::string& query) {
        std::int64_t value = -1;
        try {
            auto session = database.session();
            session << query, into(value), now;
        } catch (const std::exception& error) {
            ADD_FAILURE() << query << ": " << classify(error).message;
        }
        return value;
    }
};

TEST_P(ResilienceTest, InstancesMigratingAtOnceApplyEachVersionOnce) {
    constexpr int kInstances = 4;
    std::vector<std::unique_ptr<Database>> instances;
    for (int i = 0; i < kInstances; ++i)
        instances.push_back(test_database().open());
    std::vector<tl::expected<int, std::string>> results(kInstances, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < kInstances; ++i) {
        threads.emplace_back([&, i] {
            results[static_cast<std::size_t>(i)] =
                migrate(*instances[static_cast<std::size_t>(i)], test_fixture::migrations());
        });
    }
    for (auto& thread : threads)
        thread.join();
    for (const auto& result : results) {
        ASSERT_TRUE(result) << result.error();
        EXPECT_EQ(*result, 3);
    }
    EXPECT_EQ(scalar(db(), "SELECT COUNT(*) FROM schema_migrations"), 3);
}

#if defined(ISKRA_STORAGE_TEST_POSTGRES)  // SQLite has no server to lose
TEST_P(ResilienceTest, ADeadPooledConnectionIsReplacedNotReported) {
    auto database = test_database().open({.pool_size = 2});
    auto admin = test_database().open({.pool_size = 1});
    for (int round = 0; round < 3; ++round) {
        std::int64_t pid = 0;
        {
            auto session = database->session();
            session << "SELECT pg_backend_pid()", into(pid), now;
        }  // back in the pool, the next one out
        std::int64_t killed = 0;
        {
            auto session = admin->session();
            sql(session, "SELECT CAST(pg_terminate_backend(CAST(? AS INTEGER)) AS INTEGER)"),
                bind(pid), into(killed), now;
        }
        ASSERT_EQ(killed, 1);
        // Wait until the backend has exited, so its socket is closed.
        for (int wait = 0; wait < 200; ++wait) {
            std::int64_t alive = 0;
            auto session = admin->session();
            sql(session, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)"),
                bind(pid), into(alive), now;
            if (alive == 0) break;
            std::this_thread::sleep_for(10ms);
        }
        if (round % 2 == 0) {
            EXPECT_EQ(scalar(*database, "SELECT 7"), 7);
        } else {
            EXPECT_EQ(database->transaction([](Poco::Data::Session& session) {
                std::int64_t seven = 0;
                session << "SELECT 7", into(seven), now;
                return seven;
            }),
                      7);
        }
    }
}

TEST_P(ResilienceTest, AConnectionLostInsideFnIsRunAgainOnAFreshOne) {
    auto database = test_database().open({.pool_size = 2});
    {
        auto session = database->session();
        session << "CREATE TABLE marks (n BIGINT)", now;
    }
    int runs = 0;
    database->transaction([&](Poco::Data::Session& session) {
        sql(session, "INSERT INTO marks (n) VALUES (?)"), bind(runs), now;
        if (++runs == 1) {
            // The server ends this very connection, as a restart or failover would.
            std::string ignored;
            session << "SELECT CAST(pg_terminate_backend(pg_backend_pid()) AS TEXT)", into(ignored),
                now;
        }
    });
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(scalar(*database, "SELECT COUNT(*) FROM marks"), 1);  // only the second run's row
    EXPECT_EQ(scalar(*database, "SELECT MAX(n) FROM marks"), 1);
}
#endif

ISKRA_STORAGE_BACKENDS(ResilienceTest);

}  // namespace
}  // namespace iskra::central::storage
