// The session pool and the steps of Database::transaction(). Transaction control is issued as
// statements rather than through Poco's Session::begin(), because the begin we need differs by
// backend: SQLite's BEGIN IMMEDIATE takes the write lock up front, so concurrent writers queue
// on busy_timeout instead of failing when a read lock cannot be upgraded; PostgreSQL runs
// SERIALIZABLE, so module code gets the same all-or-nothing isolation as on SQLite and the
// conflicts come back as retryable errors (or READ COMMITTED for the few callers that take
// their own row locks and ask for it: Isolation in database.hpp).
#include "iskra/central/storage/database.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/Connector.h>

#include "postgres_connection.hpp"

namespace iskra::central::storage {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

void register_connectors() {
    // Registration is process-wide in Poco's SessionFactory; once is enough for any number of
    // Database objects.
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

// Applies the per-connection settings every pooled session must have before first use.
class ConfiguredPool : public Poco::Data::SessionPool {
public:
    ConfiguredPool(Backend backend, const std::string& connection, int size,
                   std::chrono::milliseconds busy_timeout)
        : SessionPool(backend == Backend::SQLite ? Poco::Data::SQLite::Connector::KEY
                                                 : Poco::Data::PostgreSQL::Connector::KEY,
                      connection, 1, size, 60),
          backend_(backend),
          busy_timeout_(busy_timeout) {}

protected:
    void customizeSession(Poco::Data::Session& session) override {
        if (backend_ == Backend::SQLite) {
            // WAL lets readers run beside the one writer; busy_timeout makes a writer wait for
            // the lock instead of failing; foreign keys are off by default in SQLite.
            std::string mode;
            session << "PRAGMA journal_mode = WAL", into(mode), now;
            session << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_.count()), now;
            session << "PRAGMA foreign_keys = ON", now;
        } else {
            detail::postgres_configure(session);
        }
    }

private:
    Backend backend_;
    std::chrono::milliseconds busy_timeout_;
};

// The connection string without its password, for error messages.
std::string describe(const DatabaseUrl& url) {
    if (url.backend == Backend::SQLite) return "sqlite database " + url.sqlite_path;
    // Values hold no spaces (database_url.cpp), so splitting on them finds every keyword.
    std::string shown;
    std::string_view rest = url.postgres_connection;
    while (!rest.empty()) {
        const std::size_t end = rest.find(' ');
        const std::string_view token = rest.substr(0, end);
        if (!token.starts_with("password=")) {
            if (!shown.empty()) shown += ' ';
            shown += token;
        }
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    return "postgresql database (" + shown + ")";
}

thread_local bool t_in_transaction = false;

}  // namespace

namespace detail {
TransactionScope::TransactionScope() {
    if (t_in_transaction) {
        throw std::logic_error(
            "nested Database::transaction on one thread: pass the Session& down instead");
    }
    t_in_transaction = true;
}
TransactionScope::~TransactionScope() {
    t_in_transaction = false;
}
}  // namespace detail

tl::expected<std::unique_ptr<Database>, std::string> Database::open(const DatabaseUrl& url,
                                                                    DatabaseOptions options) {
    register_connectors();
    if (options.pool_size == 0)
        return tl::unexpected<std::string>("database: pool_size must be at least 1");
    if (options.max_attempts < 1)
        return tl::unexpected<std::string>("database: max_attempts must be >= 1");
    if (url.backend == Backend::SQLite) {
        const auto parent = std::filesystem::path(url.sqlite_path).parent_path();
        std::error_code ec;
        if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
            return tl::unexpected<std::string>("cannot open " + describe(url) + ": directory " +
                                               parent.string() + " does not exist");
        }
    }
    std::string connection =
        url.backend == Backend::SQLite ? url.sqlite_path : url.postgres_connection;
    // Poco's default is 60 s, long enough to hang start-up and every retry on a host that drops
    // packets; the URL's own connect_timeout wins.
    if (url.backend == Backend::PostgreSQL &&
        connection.find("connect_timeout=") == std::string::npos) {
        connection += " connect_timeout=5";
    }
    try {
        Poco::AutoPtr<Poco::Data::SessionPool> pool(new ConfiguredPool(
            url.backend, connection, static_cast<int>(options.pool_size), options.busy_timeout));
        std::unique_ptr<Database> database(new Database(url.backend, options, std::move(pool)));
        // Connect now, so a wrong host, password or path fails at start-up, not at the first
        // request.
        Poco::Data::Session probe = database->session();
        int one = 0;
        probe << "SELECT 1", into(one), now;
        return database;
    } catch (const std::exception& error) {
        // One line: libpq's messages run over several, and start-up failures are one line.
        std::string reason;
        for (char c : classify(error).message) {
            const bool space = c == '\n' || c == '\t' || c == ' ';
            if (!space || (!reason.empty() && reason.back() != ' ')) reason += space ? ' ' : c;
        }
        while (!reason.empty() && reason.back() == ' ')
            reason.pop_back();
        return tl::unexpected<std::string>("cannot open " + describe(url) + ": " + reason);
    }
}

Database::Database(Backend backend, DatabaseOptions options,
                   Poco::AutoPtr<Poco::Data::SessionPool> pool)
    : backend_(backend), options_(options), pool_(std::move(pool)) {}

Database::~Database() {
    if (pool_) pool_->shutdown();
}

Poco::Data::Session Database::session() {
    // A PostgreSQL connection may have died while it sat in the pool (server restart,
    // failover, idle timeout). One empty query finds out before the caller's statement fails,
    // and a dead one is reconnected in place. (Transactions skip this: their BEGIN is the
    // probe, and begin() reconnects and retries.)
    for (std::size_t tries = 0;; ++tries) {
        Poco::Data::Session session = pooled_session();
        if (backend_ == Backend::SQLite || detail::postgres_ping(session)) return session;
        bool revived = false;
        try {
            revived = detail::postgres_revive(session);
        } catch (const Poco::Exception&) {
            // Reconnected but could not be set up: the pool drops it; try the next.
        }
        if (revived) return session;
        if (tries >= options_.pool_size) {
            throw DatabaseException(
                {ErrorKind::Unavailable,
                 "postgresql: the server does not answer and reconnecting failed"});
        }
    }
}

Poco::Data::Session Database::pooled_session() {
    // Poco's pool fails at once when every session is out; a server thread should rather wait
    // a little for one to come back.
    const auto deadline = std::chrono::steady_clock::now() + options_.busy_timeout;
    for (;;) {
        try {
            return pool_->get();
        } catch (const Poco::Data::SessionPoolExhaustedException&) {
            if (std::chrono::steady_clock::now() >= deadline) {
                throw DatabaseException(
                    {ErrorKind::Busy, std::string(backend_name(backend_)) + ": all " +
                                          std::to_string(options_.pool_size) +
                                          " pooled sessions stayed busy for " +
                                          std::to_string(options_.busy_timeout.count()) + " ms"});
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        } catch (const Poco::Exception& error) {
            throw DatabaseException(classify(error));
        }
    }
}

Poco::Data::Session Database::begin(Mode mode) {
    // A connection that broke before BEGIN has done nothing yet, so another one may take over.
    for (std::size_t attempt = 0;; ++attempt) {
        Poco::Data::Session session = pooled_session();
        try {
            if (backend_ == Backend::SQLite && mode != Mode::ReadOnly) {
                session << "BEGIN IMMEDIATE", now;
            } else if (backend_ == Backend::SQLite) {
                // A deferred BEGIN takes its snapshot at the first read and no lock; query_only
                // makes a write fail here as it does on PostgreSQL. Reset in commit/rollback.
                session << "PRAGMA query_only = ON", now;
                session << "BEGIN", now;
            } else if (mode == Mode::ReadWrite) {
                detail::postgres_execute(session, "BEGIN ISOLATION LEVEL SERIALIZABLE");
            } else if (mode == Mode::ReadWriteCommitted) {
                detail::postgres_execute(session, "BEGIN ISOLATION LEVEL READ COMMITTED");
            } else {
                detail::postgres_execute(session,
                                         "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            }
            return session;
        } catch (const Poco::Exception& error) {
            if (classify(error).kind != ErrorKind::Unavailable || attempt >= options_.pool_size) {
                throw;
            }
            try {
                detail::postgres_revive(session);  // back to the pool healthy, or dropped
            } catch (const Poco::Exception&) {
            }
        }
    }
}

void Database::commit(Poco::Data::Session& session, Mode mode) {
    if (backend_ == Backend::SQLite) {
        session << "COMMIT", now;
        if (mode == Mode::ReadOnly) session << "PRAGMA query_only = OFF", now;
        return;
    }
    // After an error PostgreSQL refuses every statement until ROLLBACK and answers COMMIT with
    // a silent rollback; if fn caught that error and returned, its work would vanish unseen.
    if (detail::postgres_transaction_failed(session)) {
        throw Poco::Data::PostgreSQL::PostgreSQLException(
            "transaction was aborted by an earlier statement's error that the transaction "
            "function caught; nothing was committed State: 25P02");
    }
    try {
        detail::postgres_execute(session, "COMMIT");
    } catch (const Poco::Exception& error) {
        DatabaseError failure = classify(error);
        if (failure.kind != ErrorKind::Unavailable) throw;
        // Thrown as final, never retried: running fn again could apply it twice.
        failure.message +=
            "; the connection broke during COMMIT, so whether it committed is unknown";
        throw DatabaseException(std::move(failure));
    }
}

void Database::rollback(Poco::Data::Session& session, Mode mode) noexcept {
    try {
        if (backend_ == Backend::SQLite) {
            // SQLite may already have rolled back by itself (e.g. on a full disk); then there is
            // no transaction left and ROLLBACK fails; the session must still leave read-only.
            try {
                session << "ROLLBACK", now;
            } catch (const Poco::Exception&) {
            }
            if (mode == Mode::ReadOnly) session << "PRAGMA query_only = OFF", now;
        } else {
            // A connection that broke under fn is reconnected now, so it goes back to the pool
            // healthy instead of being dropped (and leaked, see postgres_revive).
            // The server rolled back what a broken connection was doing.
            if (detail::postgres_broken(session)) {
                detail::postgres_revive(session);
                return;
            }
            detail::postgres_execute(session, "ROLLBACK");
            // Poco deallocates each prepared statement as it is destroyed, which fails inside
            // an aborted transaction; drop the leftovers so a pooled connection does not grow.
            detail::postgres_execute(session, "DEALLOCATE ALL");
        }
    } catch (...) {
        // The original error matters more; a connection broken beyond ROLLBACK is no longer
        // isConnected() and the pool drops it.
    }
}

void Database::after_failure(int attempt) {
    try {
        throw;
    } catch (const DatabaseException&) {
        throw;  // already final (pool exhausted, or thrown by a nested helper)
    } catch (const Poco::Exception& error) {
        // A connection that broke before COMMIT (commit() reports one that broke during it)
        // took the transaction down with it, so one more run on a fresh connection is safe; more
        // would only wait on a server that is down.
        const bool lost_connection = classify(error).kind == ErrorKind::Unavailable;
        const int attempts =
            lost_connection ? std::min(2, options_.max_attempts) : options_.max_attempts;
        if ((!is_retryable(error) && !lost_connection) || attempt >= attempts) {
            throw DatabaseException(classify(error));
        }
    }
    // Everything else (std::logic_error, a module's own exception) is not ours to translate:
    // the `throw;` above already sent it on its way. Here only retryable database errors remain.
    thread_local std::minstd_rand random(std::random_device{}());
    const int cap_ms = std::min(2 << std::min(attempt, 6), 100);
    std::uniform_int_distribution<int> jitter(1, cap_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter(random)));
}

}  // namespace iskra::central::storage
