// Versioned schema migrations for central. Each module owns its migrations as .sql files in
// <module>/migrations/ and embeds them with the CMake function iskra_central_migrations()
// (central/storage/cmake/IskraCentralMigrations.cmake), which generates
// `std::vector<storage::Migration> <namespace>::migrations()`. The program concatenates every
// module's list and calls migrate() once at start-up, before serving.
//
// Reserved versions: 0 storage's own bookkeeping (schema_migrations), 1 identity, 2 stations,
// 3 sync, 4 charging; later ones are handed out in central/storage/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/central/storage/database.hpp"

namespace iskra::central::storage {

struct Migration {
    int version;       // >= 1, unique across all modules
    std::string name;  // "stations": recorded, and checked against what the database recorded
    std::string sql;   // one or more statements separated by ';', with {{macros}} (README.md)
};

// Brings the database to every migration in `migrations` (any order; sorted here) and returns
// the highest version it now holds. Each migration runs in its own transaction together with
// its schema_migrations(version, name, applied_at) row, so a crash leaves whole versions only;
// concurrent starts of several instances apply each version once. Fails, changing nothing, when
// the list is malformed (duplicate or non-positive versions), when the database holds a version
// this binary does not know (a newer binary migrated it), or when a recorded name differs.
tl::expected<int, std::string> migrate(Database& database,
                                       const std::vector<Migration>& migrations);

// The highest version recorded (0 when only the bookkeeping exists, -1 for an empty database).
tl::expected<int, std::string> schema_version(Database& database);

// Expands the dialect macros ({{id_pk}}, {{blob}}, {{bigint_pk}}; README.md) for `backend`.
// An unknown or unclosed macro is an error naming it.
tl::expected<std::string, std::string> expand_macros(Backend backend, std::string_view sql);

// Splits a script on top-level ';' (not inside quotes or comments); drops empty statements.
std::vector<std::string> split_statements(std::string_view script);

}  // namespace iskra::central::storage
