// Where central's database lives, from the ISKRA_CENTRAL_DATABASE string: "sqlite:PATH" or a
// "postgresql://" URL, turned into what Poco's connectors take. Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace iskra::central::storage {

enum class Backend { SQLite, PostgreSQL };

// "sqlite" or "postgresql", for messages and logs.
std::string_view backend_name(Backend backend);

struct DatabaseUrl {
    Backend backend = Backend::SQLite;
    std::string sqlite_path;          // set when backend is SQLite
    std::string postgres_connection;  // libpq keyword string ("host=... dbname=..."), PostgreSQL
};

// Accepts
//   sqlite:/var/lib/iskra/central.db      (also sqlite:relative.db and sqlite:///abs/path)
//   postgresql://user:pass@host:port/dbname?sslmode=require&connect_timeout=5
//   (postgres:// too; user, password, host and dbname are percent-decoded; host may be
//   [v6addr]; query keys are libpq's: sslmode, connect_timeout, application_name, options,
//   sslrootcert, sslcert, sslkey, target_session_attrs, host).
// No value may hold whitespace: Poco's PostgreSQL connector splits the keyword string on spaces
// (for options write -csearch_path=x). The error names the part that is wrong, never echoing
// the password.
tl::expected<DatabaseUrl, std::string> parse_database_url(std::string_view url);

// The URL again with any password replaced by "***", for logs.
std::string redact_database_url(std::string_view url);

}  // namespace iskra::central::storage
