// One error type for every database failure, so a module can tell "that key already exists"
// (HTTP 409) from "try again later" (503) and "our bug or a broken database" (500) without
// knowing which backend or which Poco exception class produced it.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "iskra/central/storage/database_url.hpp"

namespace iskra::central::storage {

enum class ErrorKind {
    UniqueViolation,      // a UNIQUE or PRIMARY KEY constraint: map to 409
    ForeignKeyViolation,  // a row points at one that does not exist: usually 404/409
    CheckViolation,       // a CHECK or NOT NULL constraint: our validation missed it, 500
    Busy,                 // lock or serialization conflict left after the retries: 503
    Unavailable,          // cannot reach or open the database: 503
    Other,                // anything else (SQL syntax, type mismatch, ...): 500
};

std::string_view error_kind_name(ErrorKind kind);

struct DatabaseError {
    ErrorKind kind = ErrorKind::Other;
    std::string message;  // the driver's message, with the backend named
};

// What Database::transaction throws for a database failure (a module's own exceptions pass
// through untouched). Catch it, or use try_transaction() to get the DatabaseError as a value.
class DatabaseException : public std::runtime_error {
public:
    explicit DatabaseException(DatabaseError error);
    const DatabaseError& error() const { return error_; }
    ErrorKind kind() const { return error_.kind; }

private:
    DatabaseError error_;
};

// Sorts any exception a Poco::Data call threw (SQLite or PostgreSQL) into a DatabaseError.
// Non-database exceptions come back as Other with their what().
DatabaseError classify(const std::exception& error);
DatabaseError classify(std::exception_ptr error);

// Whether running the whole transaction again may succeed: SQLite BUSY/LOCKED, PostgreSQL
// serialization failure (40001) or deadlock (40P01).
bool is_retryable(const std::exception& error);

}  // namespace iskra::central::storage
