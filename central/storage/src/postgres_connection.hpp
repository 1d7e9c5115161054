// Transaction control on a PostgreSQL session straight through libpq: one round trip for
// BEGIN/COMMIT/ROLLBACK instead of Poco's four (prepare, describe, execute, deallocate), the
// SQLSTATE of a failed COMMIT (Poco's own commit() drops it, and a serialization failure often
// surfaces exactly there), and the transaction status, which tells a transaction aborted by an
// error that fn caught from a healthy one. Called by Database only, on the thread that holds
// the session.
#pragma once

#include <Poco/Data/Session.h>

namespace iskra::central::storage::detail {

// The per-connection settings every PostgreSQL session gets: UTC, and notices ("relation
// already exists, skipping") kept off stderr.
void postgres_configure(Poco::Data::Session& session);

// Runs one command without parameters or rows; throws Poco::Data::PostgreSQL::StatementException
// whose message carries "State: XXXXX" like Poco's own, so classify() reads it the same way.
void postgres_execute(Poco::Data::Session& session, const char* command);

// Whether the connection answers one empty query (a round trip, nothing parsed or planned).
// A connection the server closed fails it and is marked broken.
bool postgres_ping(Poco::Data::Session& session);

// Whether libpq has marked the connection broken (after a failed read or write).
bool postgres_broken(Poco::Data::Session& session);

// Reconnects a broken connection in place (PQreset). Poco 1.11 never frees a connection that
// broke (it calls PQfinish only on a healthy one), so dropping it from the pool would leak it;
// reviving it keeps the pool slot and the memory. Returns whether it is usable again.
bool postgres_revive(Poco::Data::Session& session);

// Whether the session is inside a transaction that an earlier error aborted (COMMIT would
// silently roll it back).
bool postgres_transaction_failed(Poco::Data::Session& session);

}  // namespace iskra::central::storage::detail
