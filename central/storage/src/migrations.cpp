// Applies central's migrations. Version 0 is the bookkeeping table itself. Each version runs in
// its own Database::transaction, and checks inside it, under a lock, whether another instance
// applied it meanwhile, so several instances starting together apply each version exactly
// once. SQLite: BEGIN IMMEDIATE already holds the write lock. PostgreSQL: LOCK TABLE, which
// (unlike SELECT pg_advisory_xact_lock) takes no snapshot, so the SERIALIZABLE transaction's
// snapshot is taken after the lock is granted and sees what the previous holder committed.
#include "iskra/central/storage/migrations.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "iskra/central/storage/ids.hpp"
#include "iskra/central/storage/sql.hpp"
#include "postgres_connection.hpp"
#include "sql_lexer.hpp"

namespace iskra::central::storage {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

// Serialises creating the table itself: two concurrent CREATE TABLE IF NOT EXISTS can both
// miss the other's and collide. Any constant will do.
constexpr const char* kBookkeepingLock = "SELECT pg_advisory_xact_lock(7372615345)";
// Self-conflicting, so one migrating transaction at a time; readers are not blocked.
constexpr const char* kMigrationLock = "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE";

constexpr const char* kBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

using Applied = std::map<int, std::string>;  // version -> name

// A statement on one line, cut short, to point at it in an error.
std::string abbreviate(const std::string& statement) {
    // Start at the first code character, past any leading comment.
    std::size_t start = statement.size();
    detail::scan_code(statement, [&](std::size_t i) {
        if (start == statement.size() &&
            std::isspace(static_cast<unsigned char>(statement[i])) == 0) {
            start = i;
        }
    });
    std::string flat;
    for (char c : std::string_view(statement).substr(start)) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space && (flat.empty() || flat.back() == ' ')) continue;
        flat += space ? ' ' : c;
    }
    if (flat.size() > 100) flat = flat.substr(0, 97) + "...";
    return flat;
}

// Called first in a migrating transaction (see the file comment).
void lock(Database& database, Poco::Data::Session& session) {
    if (database.backend() == Backend::PostgreSQL) {
        detail::postgres_execute(session, kMigrationLock);
    }
}

Applied read_applied(Poco::Data::Session& session) {
    std::vector<int> versions;
    std::vector<std::string> names;
    sql(session, "SELECT version, name FROM schema_migrations ORDER BY version"), into(versions),
        into(names), now;
    Applied applied;
    for (std::size_t i = 0; i < versions.size(); ++i)
        applied[versions[i]] = names[i];
    return applied;
}

void record(Poco::Data::Session& session, int version, const std::string& name) {
    // ON CONFLICT: version 0 may be recorded by two starting instances at once.
    sql(session,
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?) "
        "ON CONFLICT (version) DO NOTHING"),
        bind(version), bind(name), bind(now_ms()), now;
}

tl::expected<std::vector<const Migration*>, std::string> sorted_checked(
    const std::vector<Migration>& migrations) {
    std::vector<const Migration*> sorted;
    for (const auto& migration : migrations)
        sorted.push_back(&migration);
    std::sort(sorted.begin(), sorted.end(),
              [](const Migration* a, const Migration* b) { return a->version < b->version; });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const Migration& migration = *sorted[i];
        if (migration.version < 1) {
            return tl::unexpected<std::string>(
                "migration '" + migration.name + "' has version " +
                std::to_string(migration.version) +
                "; versions start at 1 (0 is storage's bookkeeping)");
        }
        if (migration.name.empty()) {
            return tl::unexpected<std::string>("migration " + std::to_string(migration.version) +
                                               " has no name");
        }
        if (i > 0 && sorted[i - 1]->version == migration.version) {
            return tl::unexpected<std::string>(
                "migration version " + std::to_string(migration.version) + " is claimed twice: '" +
                sorted[i - 1]->name + "' and '" + migration.name + "'");
        }
    }
    return sorted;
}

// Compares what the database holds with what this binary knows, before changing anything.
tl::expected<void, std::string> check_known(const Applied& applied,
                                            const std::vector<const Migration*>& known) {
    for (const auto& [version, name] : applied) {
        if (version == 0) continue;
        const auto it = std::find_if(known.begin(), known.end(),
                                     [&](const Migration* m) { return m->version == version; });
        if (it == known.end()) {
            const int newest = known.empty() ? 0 : known.back()->version;
            return tl::unexpected<std::string>(
                "database holds schema version " + std::to_string(version) + " ('" + name +
                "'), which this iskra-central does not know (it "
                "knows up to " +
                std::to_string(newest) +
                "): a newer release migrated it; refusing to start. Run that "
                "release or restore a backup");
        }
        if ((*it)->name != name) {
            return tl::unexpected<std::string>("schema version " + std::to_string(version) +
                                               " was applied as '" + name +
                                               "' but this binary calls it '" + (*it)->name +
                                               "': two different migrations share a number");
        }
    }
    return {};
}

}  // namespace

std::vector<std::string> split_statements(std::string_view script) {
    std::vector<std::string> statements;
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        std::string_view piece = script.substr(start, end - start);
        // A piece of only whitespace and comments is no statement.
        bool has_code = false;
        detail::scan_code(piece, [&](std::size_t i) {
            has_code = has_code || std::isspace(static_cast<unsigned char>(piece[i])) == 0;
        });
        if (has_code) statements.emplace_back(piece);
    };
    detail::scan_code(script, [&](std::size_t i) {
        if (script[i] != ';') return;
        flush(i);
        start = i + 1;
    });
    flush(script.size());
    return statements;
}

tl::expected<std::string, std::string> expand_macros(Backend backend, std::string_view sql) {
    static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kMacros = {
        {"id_pk",
         {"INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}},
        {"blob", {"BLOB", "BYTEA"}},
    };
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto open = sql.find("{{", pos);
        out.append(sql.substr(pos, open == std::string_view::npos ? sql.npos : open - pos));
        if (open == std::string_view::npos) break;
        const auto close = sql.find("}}", open + 2);
        if (close == std::string_view::npos) {
            return tl::unexpected<std::string>("unclosed '{{' in migration SQL near: " +
                                               std::string(sql.substr(open, 30)));
        }
        const std::string_view name = sql.substr(open + 2, close - open - 2);
        const auto it = kMacros.find(name);
        if (it == kMacros.end()) {
            return tl::unexpected<std::string>("unknown macro {{" + std::string(name) +
                                               "}} in migration SQL (known: {{id_pk}}, {{blob}})");
        }
        out += backend == Backend::SQLite ? it->second.first : it->second.second;
        pos = close + 2;
    }
    return out;
}

tl::expected<int, std::string> schema_version(Database& database) {
    try {
        Poco::Data::Session session = database.session();
        std::int64_t tables = 0;
        const char* exists =
            database.backend() == Backend::SQLite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
                  "'schema_migrations'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                  "current_schema() AND table_name = 'schema_migrations'";
        session << exists, into(tables), now;
        if (tables == 0) return -1;
        const Applied applied = read_applied(session);
        return applied.empty() ? 0 : applied.rbegin()->first;
    } catch (const std::exception& error) {
        return tl::unexpected<std::string>("reading the schema version: " +
                                           classify(error).message);
    }
}

tl::expected<int, std::string> migrate(Database& database,
                                       const std::vector<Migration>& migrations) {
    auto known = sorted_checked(migrations);
    if (!known) return tl::unexpected(known.error());
    // Expand every migration first: a bad macro in version 4 should stop us before version 1.
    std::vector<std::vector<std::string>> scripts;
    for (const Migration* migration : *known) {
        auto expanded = expand_macros(database.backend(), migration->sql);
        if (!expanded) {
            return tl::unexpected<std::string>("migration " + std::to_string(migration->version) +
                                               " '" + migration->name + "': " + expanded.error());
        }
        scripts.push_back(split_statements(*expanded));
    }

    const Migration* running = nullptr;  // named in the error when one fails
    const std::string* failed_statement = nullptr;
    try {
        database.transaction([&](Poco::Data::Session& session) {
            if (database.backend() == Backend::PostgreSQL) {
                std::string ignored;  // pg_advisory_xact_lock returns void
                session << kBookkeepingLock, into(ignored), now;
            }
            session << kBookkeeping, now;
            record(session, 0, "schema_migrations");
        });
        const Applied applied = [&] {
            auto session = database.session();
            return read_applied(session);
        }();
        if (auto ok = check_known(applied, *known); !ok) return tl::unexpected(ok.error());

        for (std::size_t i = 0; i < known->size(); ++i) {
            const Migration& migration = *(*known)[i];
            if (applied.count(migration.version) != 0) continue;
            running = &migration;
            database.transaction([&](Poco::Data::Session& session) {
                lock(database, session);
                // Another instance may have applied it since we looked.
                std::int64_t done = 0;
                sql(session, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?"),
                    bind(migration.version), into(done), now;
                if (done != 0) return;
                for (const std::string& statement : scripts[i]) {
                    failed_statement = &statement;
                    session << statement, now;
                }
                failed_statement = nullptr;
                record(session, migration.version, migration.name);
            });
        }
    } catch (const std::exception& error) {
        const std::string which =
            running == nullptr
                ? std::string("the bookkeeping (version 0)")
                : "migration " + std::to_string(running->version) + " '" + running->name + "'";
        std::string where;
        if (failed_statement != nullptr) where = " (in: " + abbreviate(*failed_statement) + ")";
        return tl::unexpected<std::string>(
            "applying " + which + " to the " + std::string(backend_name(database.backend())) +
            " database failed, nothing of it was kept: " + classify(error).message + where);
    }
    auto version = schema_version(database);
    if (!version) return version;
    return std::max(*version, 0);
}

}  // namespace iskra::central::storage
