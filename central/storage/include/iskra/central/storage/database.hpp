// Central's database: a pool of Poco::Data sessions over SQLite (embedded default) or
// PostgreSQL (production), and the one way modules change data: transaction().
//
// Thread safety: one Database per process, shared by every HTTP worker thread; all members are
// safe to call concurrently. A Session handed out belongs to the calling thread until it is
// destroyed (then it goes back to the pool); never share one between threads. Every Session
// must be gone before the Database is destroyed.
//
// Why transaction() takes a function: the retry. SQLite reports BUSY and PostgreSQL (which runs
// every transaction SERIALIZABLE here unless asked for READ COMMITTED, so both backends give the
// same guarantees) reports serialization failures and deadlocks; the cure for both is to run the
// whole transaction again, which only the caller's code can do. So fn must be safe to call more
// than once: no side effects outside the database (no HTTP calls, no counters) inside it.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <Poco/AutoPtr.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <tl/expected.hpp>

#include "iskra/central/storage/database_url.hpp"
#include "iskra/central/storage/error.hpp"

namespace iskra::central::storage {

// How much a read-write transaction() is isolated from concurrent ones on PostgreSQL. SQLite
// has one writer at a time (BEGIN IMMEDIATE), so both mean the same there.
enum class Isolation {
    // The default: a read-then-write is safe without further thought; conflicts come back as
    // serialization failures and the transaction is run again.
    Serializable,
    // PostgreSQL's READ COMMITTED: each statement sees what was committed when it started; no
    // serialization failures, so no retries under contention. Only for code that takes its own
    // row locks (an upsert or UPDATE of the row that serialises its writers) and whose other
    // writes are atomic upserts, inserts guarded by unique keys, or UPDATEs whose WHERE holds
    // their condition (re-checked on the newest row version). Say why in a comment at the call.
    ReadCommitted,
};

struct DatabaseOptions {
    std::size_t pool_size = 8;  // sessions open at most; a caller waits for one up to busy_timeout
    // SQLite: how long a writer waits for the lock; both: how long session() waits for a free
    // pooled session before failing with Busy.
    std::chrono::milliseconds busy_timeout{5000};
    int max_attempts = 8;  // runs of one transaction() before a retryable error is thrown
};

class Database {
public:
    // Opens the pool and one session to prove the database is reachable (SQLite: creates the
    // file, switches it to WAL). Errors name the backend and the cause, never the password.
    static tl::expected<std::unique_ptr<Database>, std::string> open(const DatabaseUrl& url,
                                                                     DatabaseOptions options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Backend backend() const { return backend_; }
    const DatabaseOptions& options() const { return options_; }

    // A pooled session in autocommit mode, for reads (each statement sees a consistent
    // snapshot) and single-statement writes. SQLite sessions run with WAL, foreign_keys=ON and
    // busy_timeout; PostgreSQL ones in UTC. Throws DatabaseException (Busy) when the pool stays
    // exhausted for busy_timeout, (Unavailable) when a connection cannot be opened.
    Poco::Data::Session session();

    // Runs fn(Poco::Data::Session&) in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    // SERIALIZABLE, or READ COMMITTED when asked, see Isolation): commits when fn returns, rolls
    // back when it throws. A retryable database error (is_retryable) reruns fn, up to
    // options().max_attempts runs with a short randomised back-off. A database failure leaves as
    // DatabaseException; any other exception fn throws is rethrown as it is. Do not nest: pass the
    // Session& to helpers instead (a nested call throws std::logic_error, as it would otherwise
    // wait on itself under SQLite).
    template <typename F>
    auto transaction(F&& fn, Isolation isolation = Isolation::Serializable)
        -> std::invoke_result_t<F, Poco::Data::Session&>;

    // Runs fn in a read-only transaction: one consistent snapshot for several reads (a page and
    // its total) without taking SQLite's write lock (readers run side by side) and without
    // serialization failures on PostgreSQL (REPEATABLE READ READ ONLY). A write inside fails
    // with DatabaseException on both backends. Same rules as transaction() otherwise.
    template <typename F>
    auto read_transaction(F&& fn) -> std::invoke_result_t<F, Poco::Data::Session&>;

    // transaction() with database failures as a value, for code that returns tl::expected.
    template <typename F>
    auto try_transaction(F&& fn)
        -> tl::expected<std::invoke_result_t<F, Poco::Data::Session&>, DatabaseError>;

private:
    Database(Backend backend, DatabaseOptions options, Poco::AutoPtr<Poco::Data::SessionPool> pool);

    Poco::Data::Session pooled_session();  // waits up to busy_timeout for a free one

    enum class Mode { ReadWrite, ReadWriteCommitted, ReadOnly };
    template <typename F>
    auto run(Mode mode, F& fn) -> std::invoke_result_t<F, Poco::Data::Session&>;

    // The steps of run(), out of line so the template stays small.
    Poco::Data::Session begin(Mode mode);
    void commit(Poco::Data::Session& session, Mode mode);
    void rollback(Poco::Data::Session& session, Mode mode) noexcept;
    // Decides what a failed attempt becomes: returns normally to run again (after sleeping),
    // throws otherwise. Called inside a catch block.
    void after_failure(int attempt);

    Backend backend_;
    DatabaseOptions options_;
    Poco::AutoPtr<Poco::Data::SessionPool> pool_;
};

namespace detail {
// Marks the calling thread as inside a transaction for its lifetime; throws std::logic_error
// when it already is.
class TransactionScope {
public:
    TransactionScope();
    ~TransactionScope();
    TransactionScope(const TransactionScope&) = delete;
    TransactionScope& operator=(const TransactionScope&) = delete;
};
}  // namespace detail

template <typename F>
auto Database::transaction(F&& fn, Isolation isolation)
    -> std::invoke_result_t<F, Poco::Data::Session&> {
    return run(isolation == Isolation::ReadCommitted ? Mode::ReadWriteCommitted : Mode::ReadWrite,
               fn);
}

template <typename F>
auto Database::read_transaction(F&& fn) -> std::invoke_result_t<F, Poco::Data::Session&> {
    return run(Mode::ReadOnly, fn);
}

template <typename F>
auto Database::run(Mode mode, F& fn) -> std::invoke_result_t<F, Poco::Data::Session&> {
    using Result = std::invoke_result_t<F, Poco::Data::Session&>;
    detail::TransactionScope scope;
    for (int attempt = 1;; ++attempt) {
        try {
            Poco::Data::Session session = begin(mode);
            try {
                if constexpr (std::is_void_v<Result>) {
                    std::invoke(fn, session);
                    commit(session, mode);
                    return;
                } else {
                    Result result = std::invoke(fn, session);
                    commit(session, mode);
                    return result;
                }
            } catch (...) {
                rollback(session, mode);
                throw;
            }
        } catch (...) {
            after_failure(attempt);
        }
    }
}

template <typename F>
auto Database::try_transaction(F&& fn)
    -> tl::expected<std::invoke_result_t<F, Poco::Data::Session&>, DatabaseError> {
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<F, Poco::Data::Session&>>) {
            transaction(std::forward<F>(fn));
            return {};
        } else {
            return transaction(std::forward<F>(fn));
        }
    } catch (const DatabaseException& error) {
        return tl::unexpected(error.error());
    }
}

}  // namespace iskra::central::storage
