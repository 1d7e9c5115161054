// Versioned schema migrations: numbered SQL files (migrations/NNN_name.sql) embedded into the
// library at build time, applied in order, one transaction each, recorded in schema_version.
// A database written by a newer gateway is refused rather than guessed at. Called once at
// start-up, before the store thread runs.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include <tl/expected.hpp>

#include "iskra/gateway/store/database.hpp"

namespace iskra::gateway {

struct Migration {
    int version;            // 1, 2, ...: the NNN of the file name
    std::string_view name;  // "001_initial.sql"
    std::string_view sql;
};

// The migrations this build carries, in version order (generated from migrations/*.sql).
std::span<const Migration> embedded_migrations();

// The highest version recorded in the database (0 for a fresh file).
tl::expected<int, StoreError> schema_version(Database& database);

// Brings the schema to the last of `migrations` and returns that version. Each migration runs in
// its own transaction together with its schema_version row, so a crash leaves the database at a
// whole version. Refuses (SchemaTooNew) a database whose version is above the last known one.
tl::expected<int, StoreError> apply_migrations(Database& database,
                                               std::span<const Migration> migrations);

// Opens the writer connection and applies the embedded migrations: the gateway's start-up path.
tl::expected<std::unique_ptr<Database>, StoreError> open_gateway_database(
    const std::filesystem::path& file, const DatabaseOptions& options = {});

// Opens a read-only connection (the status page's) after checking the schema is one this
// build understands.
tl::expected<std::unique_ptr<Database>, StoreError> open_gateway_reader(
    const std::filesystem::path& file);

}  // namespace iskra::gateway
