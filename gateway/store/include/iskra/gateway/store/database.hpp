// A thin RAII layer over one SQLite connection: open with the gateway's pragmas, cached prepared
// statements, every value bound, errors as values. A Database is used by one thread at a time
// (the store thread owns the writer; the status thread owns a reader); it is not thread-safe.
//
// Statements are leased from a per-SQL-text cache: a lease resets and returns its statement when
// it goes out of scope, so hot paths prepare once. Leases must not outlive their Database.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/store/store_error.hpp"
#include "iskra/session/timestamp.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace iskra::gateway {

using session::Timestamp;

struct DatabaseOptions {
    // A reader never writes and never creates the file; the writer sets WAL, synchronous=FULL
    // (an answered message must survive power loss) and foreign keys.
    bool read_only = false;
    std::chrono::milliseconds busy_timeout{5000};
    // Page cache per connection. The writer never spills dirty pages mid-transaction
    // (cache_spill=OFF: a spilled page is written to the WAL twice, which doubled the cost of a
    // meter value in the store benchmark), so a group commit's pages may exceed it. Not larger:
    // SQLite walks the cache's whole hash table at every COMMIT of the writer, and at 32 MiB
    // that walk was a tenth of the store thread's user time in the gateway load run.
    std::int64_t cache_kib = 8 * 1024;
};

class Database;

class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds the arguments to parameters 1, 2, ... in order. Accepts integers, double, text
    // (string, string_view, const char*), Timestamp (stored as ISO-8601 text), std::nullopt and
    // std::optional of any of those (nullopt binds NULL).
    template <typename... Args>
    tl::expected<void, StoreError> bind(const Args&... args) {
        int index = 0;
        int rc = 0;
        ((rc = rc != 0 ? rc : bind_at(++index, args)), ...);
        (void)index;
        if (rc != 0) return tl::unexpected(error(rc, "bind"));
        return {};
    }

    // true: a row is ready to read; false: done.
    tl::expected<bool, StoreError> step();
    // Steps to the end, for statements that return no rows.
    tl::expected<void, StoreError> run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    double real(int column) const;
    std::optional<double> optional_real(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    // NULL, or text that is not a timestamp, reads as nullopt.
    std::optional<Timestamp> optional_timestamp(int column) const;

private:
    friend class Database;
    Statement(Database& database, std::vector<sqlite3_stmt*>& pool, sqlite3_stmt* statement);

    int bind_at(int index, std::int64_t value);
    int bind_at(int index, double value);
    int bind_at(int index, std::string_view value);
    int bind_at(int index, const std::string& value) {
        return bind_at(index, std::string_view(value));
    }
    int bind_at(int index, const char* value) { return bind_at(index, std::string_view(value)); }
    int bind_at(int index, Timestamp value);
    int bind_at(int index, std::nullopt_t);
    template <std::integral T>
    int bind_at(int index, T value) {
        return bind_at(index, static_cast<std::int64_t>(value));
    }
    template <typename T>
    int bind_at(int index, const std::optional<T>& value) {
        return value ? bind_at(index, *value) : bind_at(index, std::nullopt);
    }
    StoreError error(int rc, std::string_view what) const;

    Database* database_;
    std::vector<sqlite3_stmt*>* pool_;
    sqlite3_stmt* statement_;
};

class Database {
public:
    static tl::expected<std::unique_ptr<Database>, StoreError> open(
        const std::filesystem::path& file, const DatabaseOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // A statement for this SQL text, from the cache or freshly prepared. The text must be a
    // constant: data goes in through bind(), never into the SQL.
    tl::expected<Statement, StoreError> prepare(std::string_view sql);

    // prepare + bind + run, for statements that return no rows.
    template <typename... Args>
    tl::expected<void, StoreError> execute(std::string_view sql, const Args&... args) {
        auto statement = prepare(sql);
        if (!statement) return tl::unexpected(statement.error());
        if (auto bound = statement->bind(args...); !bound) return bound;
        return statement->run();
    }

    // Several statements without parameters, e.g. a migration file. Never for data.
    tl::expected<void, StoreError> execute_script(const std::string& sql);

    std::int64_t last_insert_rowid() const;
    // Rows changed by the most recent INSERT/UPDATE/DELETE.
    std::int64_t changes() const;
    // Whether a transaction is open (false after SQLite rolled one back by itself).
    bool in_transaction() const;
    const std::filesystem::path& file() const { return file_; }

    // The connection's latest error message, tagged with what was being done.
    StoreError error(int rc, std::string_view what) const;

private:
    Database(sqlite3* connection, std::filesystem::path file);

    sqlite3* connection_;
    std::filesystem::path file_;
    // Keyed by SQL text; map nodes are stable, so a lease may point at its pool.
    std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> cache_;
};

}  // namespace iskra::gateway
