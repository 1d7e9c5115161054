#include "iskra/gateway/store/migrations.hpp"

#include <string>

namespace iskra::gateway {
namespace {

tl::expected<void, StoreError> ensure_version_table(Database& database) {
    return database.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

StoreError too_new(int found, int known) {
    return store_error(StoreErrorKind::SchemaTooNew,
                       "the database is at schema version " + std::to_string(found) +
                           " but this gateway knows versions up to " + std::to_string(known) +
                           "; run a gateway at least as new as the one that wrote it");
}

int last_version(std::span<const Migration> migrations) {
    return migrations.empty() ? 0 : migrations.back().version;
}

tl::expected<void, StoreError> apply_one(Database& database, const Migration& migration) {
    auto fail = [&](const StoreError& error) {
        if (database.in_transaction()) (void)database.execute_script("ROLLBACK");
        return tl::unexpected(store_error(StoreErrorKind::Migration,
                                          std::string(migration.name) + ": " + error.describe()));
    };
    if (auto begun = database.execute_script("BEGIN IMMEDIATE"); !begun) return fail(begun.error());
    if (auto done = database.execute_script(std::string(migration.sql)); !done) {
        return fail(done.error());
    }
    // strftime with %f gives SS.SSS: the same ISO-8601 form as every other timestamp here.
    if (auto recorded = database.execute("INSERT INTO schema_version (version, name, applied_at) "
                                         "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                                         migration.version, migration.name);
        !recorded) {
        return fail(recorded.error());
    }
    if (auto committed = database.execute_script("COMMIT"); !committed) {
        return fail(committed.error());
    }
    return {};
}

}  // namespace

tl::expected<int, StoreError> schema_version(Database& database) {
    auto exists = database.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    if (!exists) return tl::unexpected(exists.error());
    auto row = exists->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return 0;
    auto query = database.prepare("SELECT IFNULL(MAX(version), 0) FROM schema_version");
    if (!query) return tl::unexpected(query.error());
    row = query->step();
    if (!row) return tl::unexpected(row.error());
    return static_cast<int>(query->int64(0));
}

tl::expected<int, StoreError> apply_migrations(Database& database,
                                               std::span<const Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            return tl::unexpected(store_error(
                StoreErrorKind::Migration,
                std::string(migrations[i].name) + ": migrations must be numbered 1, 2, ..."));
        }
    }
    if (auto created = ensure_version_table(database); !created) {
        return tl::unexpected(created.error());
    }
    auto current = schema_version(database);
    if (!current) return tl::unexpected(current.error());
    const int known = last_version(migrations);
    if (*current > known) return tl::unexpected(too_new(*current, known));
    for (const auto& migration : migrations) {
        if (migration.version <= *current) continue;
        if (auto applied = apply_one(database, migration); !applied) {
            return tl::unexpected(applied.error());
        }
    }
    return known;
}

tl::expected<std::unique_ptr<Database>, StoreError> open_gateway_database(
    const std::filesystem::path& file, const DatabaseOptions& options) {
    auto database = Database::open(file, options);
    if (!database) return tl::unexpected(database.error());
    auto applied = apply_migrations(**database, embedded_migrations());
    if (!applied) return tl::unexpected(applied.error());
    return database;
}

tl::expected<std::unique_ptr<Database>, StoreError> open_gateway_reader(
    const std::filesystem::path& file) {
    DatabaseOptions options;
    options.read_only = true;
    auto database = Database::open(file, options);
    if (!database) return tl::unexpected(database.error());
    auto version = schema_version(**database);
    if (!version) return tl::unexpected(version.error());
    const int known = last_version(embedded_migrations());
    if (*version > known) return tl::unexpected(too_new(*version, known));
    if (*version < known) {
        return tl::unexpected(store_error(StoreErrorKind::Migration,
                                          "the database is at schema version " +
                                              std::to_string(*version) + ", expected " +
                                              std::to_string(known) + "; open the writer first"));
    }
    return database;
}

}  // namespace iskra::gateway
