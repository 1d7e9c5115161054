// What went wrong in the gateway store, as a value: every store function returns
// tl::expected<T, StoreError> and no exception leaves the library. Any thread.
#pragma once

#include <string>

namespace iskra::gateway {

enum class StoreErrorKind {
    Sqlite,        // SQLite refused; sqlite_code and message say why
    SchemaTooNew,  // the database was written by a newer gateway
    Migration,     // a migration could not be applied
    NotFound,      // the row the caller named does not exist
    Conflict,      // the request contradicts what is stored (e.g. a command already completed)
    Invalid,       // the caller passed something the store cannot hold
    Stopped,       // the store thread had stopped before the job could run
    Exception,     // a job threw; caught at the store thread
};

struct StoreError {
    StoreErrorKind kind = StoreErrorKind::Sqlite;
    int sqlite_code = 0;  // SQLite's extended result code, for kind Sqlite
    std::string message;

    // "sqlite: UNIQUE constraint failed: ... (2067)", "not found: ...": for logs.
    std::string describe() const;
};

StoreError store_error(StoreErrorKind kind, std::string message);

}  // namespace iskra::gateway
