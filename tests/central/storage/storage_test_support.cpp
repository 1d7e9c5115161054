#include "storage_test_support.hpp"

#include <cstdlib>
#include <random>

#include <Poco/Data/Session.h>

#include "iskra/central/storage/database_url.hpp"
#include "iskra/central/storage/ids.hpp"

namespace iskra::central::storage::testing {
namespace {

using Poco::Data::Keywords::now;

std::unique_ptr<Database> open_url(const std::string& text, DatabaseOptions options = {}) {
    auto url = parse_database_url(text);
    if (!url)
        throw std::runtime_error("test URL " + redact_database_url(text) + ": " + url.error());
    auto database = Database::open(*url, options);
    if (!database) throw std::runtime_error(database.error());
    return std::move(*database);
}

}  // namespace

TempDir::TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("iskra-central-storage-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::optional<std::string> postgres_test_url() {
    const char* url = std::getenv("ISKRA_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
}

bool postgres_required() {
    const char* required = std::getenv("ISKRA_REQUIRE_POSTGRES");
    return required != nullptr && std::string(required) == "1";
}

TestDatabase::TestDatabase(Backend backend) : backend_(backend) {
    if (backend == Backend::SQLite) {
        dir_.emplace();
        url_ = "sqlite:" + dir_->file("central.db");
        return;
    }
    auto server = postgres_test_url();
    if (!server) {
        unavailable_ =
            "ISKRA_TEST_POSTGRES_URL is not set: PostgreSQL tests NOT RUN. Start a server and "
            "export its URL with: eval \"$(sudo packaging/scripts/start-test-postgres.sh)\"";
        return;
    }
    admin_url_ = *server;
    schema_ = "t_" + new_uuid();
    std::erase(schema_, '-');
    auto admin = open_url(admin_url_, {.pool_size = 1});
    auto session = admin->session();
    session << "CREATE SCHEMA " + schema_, now;
    // libpq's options parameter sets search_path for every pooled connection of the test.
    url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase() {
    if (schema_.empty()) return;
    try {
        auto admin = open_url(admin_url_, {.pool_size = 1});
        auto session = admin->session();
        session << "DROP SCHEMA " + schema_ + " CASCADE", now;
    } catch (const std::exception& error) {
        ADD_FAILURE() << "dropping test schema " << schema_ << ": " << error.what();
    }
}

std::unique_ptr<Database> TestDatabase::open(DatabaseOptions options) const {
    return open_url(url_, options);
}

void BothBackends::SetUp() {
    test_database_ = std::make_unique<TestDatabase>(GetParam());
    if (!test_database_->unavailable().empty()) {
        if (postgres_required()) {
            FAIL() << "ISKRA_REQUIRE_POSTGRES=1 but " << test_database_->unavailable();
        }
        GTEST_SKIP() << test_database_->unavailable();
    }
    database_ = test_database_->open();
}

std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::SQLite ? "SQLite" : "PostgreSQL";
}

}  // namespace iskra::central::storage::testing
