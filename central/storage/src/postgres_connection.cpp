#include "postgres_connection.hpp"

#include <string>

#include <Poco/Data/PooledSessionImpl.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/PostgreSQL/SessionHandle.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <libpq-fe.h>

namespace iskra::central::storage::detail {
namespace {

// Poco hides the connection behind a pooled session's protected access(). Naming that member
// through a derived class is the standard-conforming way to reach it; the class is never
// instantiated.
struct PooledAccess : Poco::Data::PooledSessionImpl {
    static Poco::Data::SessionImpl* raw(const Poco::Data::PooledSessionImpl& pooled) {
        return (pooled.*(&PooledAccess::access))();
    }
};

Poco::Data::PostgreSQL::SessionHandle& handle_of(Poco::Data::Session& session) {
    Poco::Data::SessionImpl* impl = session.impl();
    if (auto* pooled = dynamic_cast<Poco::Data::PooledSessionImpl*>(impl)) {
        impl = PooledAccess::raw(*pooled);
    }
    auto* postgres = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(impl);
    if (postgres == nullptr) {
        throw Poco::Data::PostgreSQL::PostgreSQLException("not a PostgreSQL session");
    }
    return postgres->handle();
}

PGconn* connection_of(Poco::Data::Session& session) {
    return static_cast<PGconn*>(handle_of(session));
}

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value != nullptr ? value : "N/A";
}

}  // namespace

void postgres_execute(Poco::Data::Session& session, const char* command) {
    PGconn* connection = connection_of(session);
    PGresult* result = PQexec(connection, command);
    if (result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK) {
        PQclear(result);
        return;
    }
    std::string message = std::string(command) + " failed: ";
    if (result == nullptr) {
        message += PQerrorMessage(connection);
        message += " State: 08006";  // no result at all: the connection is gone
    } else {
        message += PQresultErrorMessage(result);
        message += " State: " + field(result, PG_DIAG_SQLSTATE);
        PQclear(result);
    }
    throw Poco::Data::PostgreSQL::StatementException(message);
}

void postgres_configure(Poco::Data::Session& session) {
    postgres_execute(session, "SET TIME ZONE 'UTC'");
    postgres_execute(session, "SET client_min_messages TO WARNING");
}

bool postgres_ping(Poco::Data::Session& session) {
    PGconn* connection = connection_of(session);
    if (PQstatus(connection) != CONNECTION_OK) return false;
    PGresult* result = PQexec(connection, "");
    const bool ok = result != nullptr && PQresultStatus(result) == PGRES_EMPTY_QUERY;
    PQclear(result);
    return ok && PQstatus(connection) == CONNECTION_OK;
}

bool postgres_broken(Poco::Data::Session& session) {
    return PQstatus(connection_of(session)) != CONNECTION_OK;
}

bool postgres_revive(Poco::Data::Session& session) {
    Poco::Data::PostgreSQL::SessionHandle& handle = handle_of(session);
    if (PQstatus(static_cast<PGconn*>(handle)) == CONNECTION_OK) return true;
    if (!handle.reset()) return false;
    postgres_configure(session);  // a new server process: the settings are gone
    return true;
}

bool postgres_transaction_failed(Poco::Data::Session& session) {
    return PQtransactionStatus(connection_of(session)) == PQTRANS_INERROR;
}

}  // namespace iskra::central::storage::detail
