// Test support for central storage: a fresh database per test on either backend. SQLite gets a
// file in its own temp directory; PostgreSQL gets its own schema on the server named by
// ISKRA_TEST_POSTGRES_URL (packaging/scripts/start-test-postgres.sh), dropped afterwards, so
// parallel test runs never see each other's tables.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "iskra/central/storage/database.hpp"

namespace iskra::central::storage::testing {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// The server tests run against, or nullopt when ISKRA_TEST_POSTGRES_URL is unset.
std::optional<std::string> postgres_test_url();

// Whether ISKRA_REQUIRE_POSTGRES=1 (set by packaging/scripts/test.sh): a missing server then
// fails the PostgreSQL tests instead of skipping them.
bool postgres_required();

// One private database: open() it as often as a test needs (same file or same schema).
class TestDatabase {
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // Empty when the backend is available; otherwise why not (for GTEST_SKIP / FAIL).
    const std::string& unavailable() const { return unavailable_; }
    const std::string& url() const { return url_; }
    std::unique_ptr<Database> open(DatabaseOptions options = {}) const;

private:
    Backend backend_;
    std::optional<TempDir> dir_;
    std::string schema_;
    std::string admin_url_;
    std::string url_;
    std::string unavailable_;
};

// Fixture for tests that run on both backends: `db()` is migrated to nothing, just open.
class BothBackends : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    Database& db() { return *database_; }
    TestDatabase& test_database() { return *test_database_; }

private:
    std::unique_ptr<TestDatabase> test_database_;
    std::unique_ptr<Database> database_;
};

std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info);

}  // namespace iskra::central::storage::testing

// Instantiates a BothBackends-derived suite for the backends this test binary covers:
// central_storage_tests runs SQLite, central_storage_postgres_tests runs PostgreSQL.
#if defined(ISKRA_STORAGE_TEST_POSTGRES)
#define ISKRA_STORAGE_BACKENDS(Suite)                                                           \
    INSTANTIATE_TEST_SUITE_P(PostgreSQL, Suite,                                                 \
                             ::testing::Values(::iskra::central::storage::Backend::PostgreSQL), \
                             ::iskra::central::storage::testing::backend_test_name)
#else
#define ISKRA_STORAGE_BACKENDS(Suite)                                                       \
    INSTANTIATE_TEST_SUITE_P(SQLite, Suite,                                                 \
                             ::testing::Values(::iskra::central::storage::Backend::SQLite), \
                             ::iskra::central::storage::testing::backend_test_name)
#endif
