#include "iskra/gateway/store/database.hpp"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace iskra::gateway {
namespace {

// The writer checks what the pragma answered: journal_mode silently stays "delete" on a
// filesystem without shared memory, and an unnoticed fallback would cost every commit.
tl::expected<void, StoreError> set_wal(Database& database) {
    auto statement = database.prepare("PRAGMA journal_mode=WAL");
    if (!statement) return tl::unexpected(statement.error());
    auto row = statement->step();
    if (!row) return tl::unexpected(row.error());
    const auto mode = *row ? statement->text(0) : std::string();
    if (mode != "wal") {
        return tl::unexpected(
            store_error(StoreErrorKind::Sqlite,
                        "journal_mode=WAL refused, the database stays in '" + mode + "' mode"));
    }
    return {};
}

}  // namespace

Database::Database(sqlite3* connection, std::filesystem::path file)
    : connection_(connection), file_(std::move(file)) {}

Database::~Database() {
    for (auto& [sql, pool] : cache_) {
        for (auto* statement : pool)
            sqlite3_finalize(statement);
    }
    sqlite3_close_v2(connection_);
}

tl::expected<std::unique_ptr<Database>, StoreError> Database::open(
    const std::filesystem::path& file, const DatabaseOptions& options) {
    // Memory statistics put a global mutex around every SQLite allocation; the gateway never
    // reads them. Only possible before SQLite initialises; if something else already did, the
    // call is refused and harmless.
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    // NOMUTEX: each connection is used by one thread at a time, so SQLite's own locking of the
    // connection would be pure cost.
    const int flags =
        (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
        SQLITE_OPEN_NOMUTEX;
    sqlite3* connection = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &connection, flags, nullptr);
    if (rc != SQLITE_OK) {
        StoreError error{StoreErrorKind::Sqlite, rc,
                         "open " + file.string() + ": " +
                             (connection ? sqlite3_errmsg(connection) : sqlite3_errstr(rc))};
        sqlite3_close_v2(connection);
        return tl::unexpected(std::move(error));
    }
    sqlite3_extended_result_codes(connection, 1);
    std::unique_ptr<Database> database(new Database(connection, file));
    sqlite3_busy_timeout(connection, static_cast<int>(options.busy_timeout.count()));
    // A pragma takes no bound parameters; the value is a number from our own options.
    if (auto sized =
            database->execute_script("PRAGMA cache_size=-" + std::to_string(options.cache_kib));
        !sized) {
        return tl::unexpected(sized.error());
    }
    if (options.read_only) {
        if (auto done = database->execute_script("PRAGMA query_only=ON"); !done) {
            return tl::unexpected(done.error());
        }
        return database;
    }
    if (auto done = set_wal(*database); !done) return tl::unexpected(done.error());
    // temp_store=MEMORY: the store thread runs each job in a SAVEPOINT, and SQLite keeps the
    // pages a savepoint may have to restore in a sub-journal; as a temp file that cost a pwrite
    // per page per job. Memory is plenty for one batch's worth.
    if (auto done = database->execute_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                             "PRAGMA temp_store=MEMORY; PRAGMA cache_spill=OFF");
        !done) {
        return tl::unexpected(done.error());
    }
    return database;
}

tl::expected<Statement, StoreError> Database::prepare(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end())
        found = cache_.emplace(std::string(sql), std::vector<sqlite3_stmt*>()).first;
    auto& pool = found->second;
    if (!pool.empty()) {
        sqlite3_stmt* statement = pool.back();
        pool.pop_back();
        return Statement(*this, pool, statement);
    }
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(connection_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(error(rc, "prepare " + std::string(sql)));
    if (statement == nullptr) {
        return tl::unexpected(store_error(StoreErrorKind::Invalid, "empty SQL statement"));
    }
    return Statement(*this, pool, statement);
}

tl::expected<void, StoreError> Database::execute_script(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(connection_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        StoreError failure{StoreErrorKind::Sqlite, rc,
                           message ? std::string(message) : std::string(sqlite3_errstr(rc))};
        sqlite3_free(message);
        return tl::unexpected(std::move(failure));
    }
    return {};
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(connection_);
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(connection_);
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(connection_) == 0;
}

StoreError Database::error(int rc, std::string_view what) const {
    std::string message(what);
    message += ": ";
    message += sqlite3_errmsg(connection_);
    return StoreError{StoreErrorKind::Sqlite, rc, std::move(message)};
}

}  // namespace iskra::gateway
