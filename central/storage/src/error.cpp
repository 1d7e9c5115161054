// Maps the two drivers' failures onto ErrorKind. SQLite's messages are never translated, so its
// constraint texts are stable; Poco's PostgreSQL connector puts the SQLSTATE into the message
// ("... State: 23505 ..."), which is the stable, locale-independent part we read there.
#include "iskra/central/storage/error.hpp"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Exception.h>

namespace iskra::central::storage {
namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// The five-character SQLSTATE Poco appended to a PostgreSQL error, or "" when there is none.
std::string_view sqlstate(std::string_view message) {
    constexpr std::string_view kMarker = "State: ";
    const auto at = message.find(kMarker);
    if (at == std::string_view::npos || message.size() < at + kMarker.size() + 5) return {};
    const std::string_view state = message.substr(at + kMarker.size(), 5);
    for (char c : state) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return {};  // "N/A"
    }
    return state;
}

// libpq's own messages for a connection that died under a statement; they carry no SQLSTATE.
// (libpq translates them by the client's locale; central runs with the C locale.)
bool connection_lost(std::string_view message) {
    for (std::string_view marker :
         {"server closed the connection unexpectedly", "no connection to the server",
          "could not receive data from server", "could not send data to server",
          "connection not open", "terminating connection"}) {
        if (message.find(marker) != std::string_view::npos) return true;
    }
    return false;
}

// Poco's PostgreSQL text is "PostgreSQL: [PostgreSQL]: postgresql_stmt_execute error: ERROR:
// <message>\n Severity: ... State: ... Detail: ...": keep the server's message, its detail and
// the SQLSTATE, drop the wrapping.
std::string postgres_message(const std::string& text) {
    // The server's "ERROR:  ..." or, for libpq's own errors, what follows Poco's "error: ".
    std::size_t start = text.find("ERROR:");
    if (start != std::string::npos) {
        start += 6;
    } else if (start = text.find("error: "); start != std::string::npos) {
        start += 7;
    } else {
        return text;
    }
    std::string_view rest = std::string_view(text).substr(start);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    std::string message(rest.substr(0, rest.find('\n')));
    constexpr std::string_view kDetail = "Detail: ";
    if (const auto detail_at = text.find(kDetail); detail_at != std::string::npos) {
        const auto from = detail_at + kDetail.size();
        const auto end = text.find(" Hint: ", from);
        const std::string detail = text.substr(from, end == std::string::npos ? end : end - from);
        if (detail != "N/A") message += " (" + detail + ")";
    }
    const std::string_view state = sqlstate(text);
    if (!state.empty()) message += " [SQLSTATE " + std::string(state) + "]";
    return message;
}

ErrorKind postgres_kind(const Poco::Exception& error) {
    if (dynamic_cast<const Poco::Data::PostgreSQL::ConnectionException*>(&error) != nullptr &&
        dynamic_cast<const Poco::Data::PostgreSQL::TransactionException*>(&error) == nullptr) {
        return ErrorKind::Unavailable;
    }
    const std::string_view state = sqlstate(error.message());
    if (state == "23505") return ErrorKind::UniqueViolation;
    if (state == "23503") return ErrorKind::ForeignKeyViolation;
    if (state == "23502" || state == "23514") return ErrorKind::CheckViolation;
    if (state == "40001" || state == "40P01" || state == "55P03") return ErrorKind::Busy;
    if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" ||
        (state.empty() && connection_lost(error.message()))) {
        return ErrorKind::Unavailable;
    }
    return ErrorKind::Other;
}

ErrorKind sqlite_kind(const Poco::Exception& error) {
    using namespace Poco::Data::SQLite;
    const std::string& message = error.message();
    if (dynamic_cast<const DBLockedException*>(&error) != nullptr ||
        dynamic_cast<const TableLockedException*>(&error) != nullptr ||
        contains(message, "database is locked") || contains(message, "table is locked")) {
        return ErrorKind::Busy;
    }
    if (contains(message, "UNIQUE constraint failed")) return ErrorKind::UniqueViolation;
    if (contains(message, "FOREIGN KEY constraint failed")) return ErrorKind::ForeignKeyViolation;
    if (contains(message, "CHECK constraint failed") ||
        contains(message, "NOT NULL constraint failed")) {
        return ErrorKind::CheckViolation;
    }
    if (dynamic_cast<const CantOpenDBFileException*>(&error) != nullptr ||
        dynamic_cast<const DBAccessDeniedException*>(&error) != nullptr) {
        return ErrorKind::Unavailable;
    }
    return ErrorKind::Other;
}

}  // namespace

std::string_view error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::UniqueViolation:
            return "unique_violation";
        case ErrorKind::ForeignKeyViolation:
            return "foreign_key_violation";
        case ErrorKind::CheckViolation:
            return "check_violation";
        case ErrorKind::Busy:
            return "busy";
        case ErrorKind::Unavailable:
            return "unavailable";
        case ErrorKind::Other:
            return "other";
    }
    return "other";
}

DatabaseException::DatabaseException(DatabaseError error)
    : std::runtime_error(error.message), error_(std::move(error)) {}

DatabaseError classify(const std::exception& error) {
    if (const auto* known = dynamic_cast<const DatabaseException*>(&error)) return known->error();
    const auto* poco = dynamic_cast<const Poco::Exception*>(&error);
    if (poco == nullptr) return {ErrorKind::Other, error.what()};
    // what() of a Poco exception is only its class name; displayText() carries the message.
    if (dynamic_cast<const Poco::Data::PostgreSQL::PostgreSQLException*>(poco) != nullptr) {
        return {postgres_kind(*poco), "postgresql: " + postgres_message(poco->displayText())};
    }
    if (dynamic_cast<const Poco::Data::SQLite::SQLiteException*>(poco) != nullptr) {
        return {sqlite_kind(*poco), "sqlite: " + poco->displayText()};
    }
    if (dynamic_cast<const Poco::Data::SessionPoolExhaustedException*>(poco) != nullptr) {
        return {ErrorKind::Busy, "database: " + poco->displayText()};
    }
    if (dynamic_cast<const Poco::Data::ConnectionFailedException*>(poco) != nullptr ||
        dynamic_cast<const Poco::Data::NotConnectedException*>(poco) != nullptr ||
        dynamic_cast<const Poco::Data::SessionUnavailableException*>(poco) != nullptr) {
        return {ErrorKind::Unavailable, "database: " + poco->displayText()};
    }
    return {ErrorKind::Other, "database: " + poco->displayText()};
}

DatabaseError classify(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return classify(e);
    } catch (...) {
        return {ErrorKind::Other, "unknown exception (not derived from std::exception)"};
    }
}

bool is_retryable(const std::exception& error) {
    const auto* poco = dynamic_cast<const Poco::Exception*>(&error);
    if (poco == nullptr) return false;
    if (dynamic_cast<const Poco::Data::SQLite::SQLiteException*>(poco) != nullptr) {
        return sqlite_kind(*poco) == ErrorKind::Busy;
    }
    if (dynamic_cast<const Poco::Data::PostgreSQL::PostgreSQLException*>(poco) != nullptr) {
        const std::string_view state = sqlstate(poco->message());
        return state == "40001" || state == "40P01";
    }
    return false;
}

}  // namespace iskra::central::storage
