#include "iskra/central/storage/database_url.hpp"

#include <gtest/gtest.h>

namespace iskra::central::storage {
namespace {

std::string error_of(std::string_view url) {
    auto parsed = parse_database_url(url);
    EXPECT_FALSE(parsed) << url << " parsed as " << parsed->postgres_connection;
    return parsed ? std::string() : parsed.error();
}

TEST(DatabaseUrl, SqliteAbsoluteRelativeAndUrlForms) {
    auto absolute = parse_database_url("sqlite:/var/lib/iskra/central.db");
    ASSERT_TRUE(absolute) << absolute.error();
    EXPECT_EQ(absolute->backend, Backend::SQLite);
    EXPECT_EQ(absolute->sqlite_path, "/var/lib/iskra/central.db");
    EXPECT_EQ(parse_database_url("sqlite:data/central.db")->sqlite_path, "data/central.db");
    EXPECT_EQ(parse_database_url("sqlite:///tmp/c.db")->sqlite_path, "/tmp/c.db");
}

TEST(DatabaseUrl, PostgresBecomesLibpqKeywords) {
    auto url = parse_database_url(
        "postgresql://iskra:s%40cret@db.example.com:5433/"
        "central?sslmode=require&connect_timeout=5");
    ASSERT_TRUE(url) << url.error();
    EXPECT_EQ(url->backend, Backend::PostgreSQL);
    EXPECT_EQ(url->postgres_connection,
              "user=iskra password=s@cret host=db.example.com port=5433 dbname=central "
              "sslmode=require connect_timeout=5");
}

TEST(DatabaseUrl, PostgresShortSchemeIpv6AndEscapes) {
    auto url = parse_database_url("postgres://u:it's\\me@[::1]:55432/db?options=-ca%3Db");
    ASSERT_TRUE(url) << url.error();
    EXPECT_EQ(url->postgres_connection,
              "user=u password=it\\'s\\\\me host=::1 port=55432 dbname=db options=-ca=b");
}

TEST(DatabaseUrl, WhitespaceInAValueIsRefusedAsPocoCannotPassIt) {
    EXPECT_NE(error_of("postgresql://u:a%20b@h/db").find("the password contains whitespace"),
              std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h/db?options=-c%20a%3Db").find("-cname=value"),
              std::string::npos);
}

TEST(DatabaseUrl, PostgresWithoutUserOrPort) {
    auto url = parse_database_url("postgresql://localhost/central");
    ASSERT_TRUE(url) << url.error();
    EXPECT_EQ(url->postgres_connection, "host=localhost dbname=central");
    auto socket = parse_database_url("postgresql:///central?host=/run/postgresql");
    ASSERT_TRUE(socket) << socket.error();
    EXPECT_EQ(socket->postgres_connection, "dbname=central host=/run/postgresql");
}

TEST(DatabaseUrl, ErrorsNameWhatIsWrong) {
    EXPECT_NE(error_of("").find("empty"), std::string::npos);
    EXPECT_NE(error_of("/var/lib/central.db").find("no scheme"), std::string::npos);
    EXPECT_NE(error_of("mysql://x/y").find("unsupported scheme 'mysql'"), std::string::npos);
    EXPECT_NE(error_of("sqlite:").find("file path"), std::string::npos);
    EXPECT_NE(error_of("sqlite::memory:").find("in-memory"), std::string::npos);
    EXPECT_NE(error_of("sqlite://host/x.db").find("names a host"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h:5432").find("no database name"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h:5432/").find("no database name"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h:port/db").find("port 'port'"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h:70000/db").find("1 to 65535"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h:/db").find("port ''"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h/db?sslmod=require").find("unknown parameter 'sslmod'"),
              std::string::npos);
    EXPECT_NE(error_of("postgresql://u:p%zz@h/db").find("password"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@[::1/db").find("']'"), std::string::npos);
    EXPECT_NE(error_of("postgresql://u@h/a/b").find("'/'"), std::string::npos);
}

TEST(DatabaseUrl, ErrorsNeverShowThePassword) {
    EXPECT_EQ(error_of("postgresql://u:hunter2@h:99999/db").find("hunter2"), std::string::npos);
}

TEST(DatabaseUrl, RedactHidesOnlyThePassword) {
    EXPECT_EQ(redact_database_url("postgresql://u:hunter2@h:5432/db?sslmode=require"),
              "postgresql://u:***@h:5432/db?sslmode=require");
    EXPECT_EQ(redact_database_url("postgresql://u@h/db"), "postgresql://u@h/db");
    EXPECT_EQ(redact_database_url("sqlite:/x.db"), "sqlite:/x.db");
}

}  // namespace
}  // namespace iskra::central::storage
