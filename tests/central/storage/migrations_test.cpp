// migrate() on each backend: applies once, is idempotent, refuses what it does not know, and
// leaves nothing of a migration that fails.
#include "iskra/central/storage/migrations.hpp"

#include <gtest/gtest.h>

#include "iskra/central/storage/sql.hpp"
#include "iskra/central/storage/test_fixture/migrations.hpp"  // generated from migrations_fixture/
#include "storage_test_support.hpp"

namespace iskra::central::storage {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

class MigrationsTest : public testing::BothBackends {
protected:
    std::int64_t scalar(const std::string& query) {
        auto session = db().session();
        std::int64_t value = -1;
        session << query, into(value), now;
        return value;
    }

    bool table_exists(const std::string& table) {
        auto result = db().try_transaction(
            [&](Poco::Data::Session& session) { session << "SELECT COUNT(*) FROM " + table, now; });
        return result.has_value();
    }

    std::string error_of(const std::vector<Migration>& migrations) {
        auto result = migrate(db(), migrations);
        EXPECT_FALSE(result);
        return result ? std::string() : result.error();
    }
};

TEST_P(MigrationsTest, CmakeEmbedsTheFilesWithVersionsAndNames) {
    const auto embedded = test_fixture::migrations();
    ASSERT_EQ(embedded.size(), 2u);
    EXPECT_EQ(embedded[0].version, 1);
    EXPECT_EQ(embedded[0].name, "alpha");
    EXPECT_NE(embedded[0].sql.find("{{id_pk}}"), std::string::npos);
    EXPECT_EQ(embedded[1].version, 3);
    EXPECT_EQ(embedded[1].name, "gamma");
}

TEST_P(MigrationsTest, FreshDatabaseGetsEveryVersionRecorded) {
    EXPECT_EQ(*schema_version(db()), -1);
    auto version = migrate(db(), test_fixture::migrations());
    ASSERT_TRUE(version) << version.error();
    EXPECT_EQ(*version, 3);
    EXPECT_EQ(*schema_version(db()), 3);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), 3);  // 0, 1 and 3
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 0"), 1);
    EXPECT_GT(scalar("SELECT MIN(applied_at) FROM schema_migrations"), 1'700'000'000'000);

    // The macros made a working identity key and blob column on this backend.
    auto session = db().session();
    std::int64_t id = 0;
    sql(session, "INSERT INTO alpha (name, created_at) VALUES (?, ?) RETURNING id"),
        bind(std::string("first")), bind(std::int64_t{1}), into(id), now;
    EXPECT_EQ(id, 1);
    std::string note;
    session << "SELECT note FROM alpha", into(note), now;
    EXPECT_EQ(note, "a; b");
}

TEST_P(MigrationsTest, RunningAgainChangesNothingAndKeepsData) {
    ASSERT_TRUE(migrate(db(), test_fixture::migrations()));
    {
        auto session = db().session();
        session << "INSERT INTO alpha (name, created_at) VALUES ('kept', 5)", now;
    }
    auto again = migrate(db(), test_fixture::migrations());
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ(*again, 3);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM alpha"), 1);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), 3);
    // A second Database on the same data (a restarted process) sees the same.
    auto reopened = test_database().open();
    EXPECT_EQ(*migrate(*reopened, test_fixture::migrations()), 3);
}

TEST_P(MigrationsTest, AppliesAVersionAddedBetweenKnownOnes) {
    ASSERT_TRUE(migrate(db(), test_fixture::migrations()));
    auto with_two = test_fixture::migrations();
    with_two.push_back({2, "beta", "CREATE TABLE beta (x BIGINT)"});
    auto version = migrate(db(), with_two);
    ASSERT_TRUE(version) << version.error();
    EXPECT_EQ(*version, 3);
    EXPECT_TRUE(table_exists("beta"));
}

TEST_P(MigrationsTest, RefusesADatabaseFromANewerBinary) {
    auto newer = test_fixture::migrations();
    newer.push_back({9, "from_the_future", "CREATE TABLE future (x BIGINT)"});
    ASSERT_TRUE(migrate(db(), newer));
    const std::string error = error_of(test_fixture::migrations());
    EXPECT_NE(error.find("schema version 9 ('from_the_future')"), std::string::npos) << error;
    EXPECT_NE(error.find("refusing to start"), std::string::npos) << error;
}

TEST_P(MigrationsTest, RefusesTwoMigrationsUnderOneNumber) {
    ASSERT_TRUE(migrate(db(), test_fixture::migrations()));
    const std::string renamed =
        error_of({{1, "not_alpha", "CREATE TABLE x (y BIGINT)"}, test_fixture::migrations()[1]});
    EXPECT_NE(renamed.find("applied as 'alpha'"), std::string::npos) << renamed;
}

TEST_P(MigrationsTest, RejectsAMalformedListBeforeTouchingTheDatabase) {
    EXPECT_NE(error_of({{1, "a", "SELECT 1"}, {1, "b", "SELECT 1"}}).find("claimed twice"),
              std::string::npos);
    EXPECT_NE(error_of({{0, "zero", "SELECT 1"}}).find("versions start at 1"), std::string::npos);
    EXPECT_NE(error_of({{5, "", "SELECT 1"}}).find("no name"), std::string::npos);
    EXPECT_NE(error_of({{5, "m", "CREATE TABLE m (x {{nope}})"}}).find("{{nope}}"),
              std::string::npos);
    EXPECT_EQ(*schema_version(db()), -1);
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNothingOfItself) {
    const std::string error = error_of({
        {1, "good", "CREATE TABLE good (x BIGINT)"},
        {2, "bad", "CREATE TABLE half (x BIGINT); INSERT INTO half VALUES (1); SELEC oops"},
    });
    EXPECT_NE(error.find("migration 2 'bad'"), std::string::npos) << error;
    EXPECT_NE(error.find("(in: SELEC oops)"), std::string::npos) << error;
    EXPECT_EQ(*schema_version(db()), 1);  // the good one stays, whole
    EXPECT_TRUE(table_exists("good"));
    EXPECT_FALSE(table_exists("half"));
}

ISKRA_STORAGE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace iskra::central::storage
