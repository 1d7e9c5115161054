// The one dialect module SQL is written in (README.md): `?` placeholders on both backends.
// Poco's PostgreSQL connector only understands $1, $2, ...; sql() translates here, in one
// place, so a module never writes backend-specific SQL. Use it for every statement:
//
//     sql(session, "INSERT INTO tokens (id, uid, created_at) VALUES (?, ?, ?)"),
//         use(id), use(uid), use(now), now;
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "iskra/central/storage/database_url.hpp"

namespace iskra::central::storage {

// Which backend a (pooled) session talks to, from its connector name.
Backend backend_of(Poco::Data::Session& session);

// `?` placeholders become $1, $2, ... for PostgreSQL, leaving `?` inside '...' literals,
// "..." identifiers and comments alone; SQLite gets the text unchanged.
std::string translate_placeholders(Backend backend, std::string_view sql);

// A statement on `session` holding `text` in the session's own dialect. Chain use()/into()/
// bind()/now onto it with commas exactly as onto `session << text`.
Poco::Data::Statement sql(Poco::Data::Session& session, std::string_view text);

// The VALUES list of a multi-row INSERT: `count` copies of `row` ("(?, ?)") joined by ", ".
std::string value_rows(std::size_t count, std::string_view row);

}  // namespace iskra::central::storage
