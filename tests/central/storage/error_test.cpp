// classify() on the exceptions the two Poco connectors throw, built by hand: every kind a
// module maps to an HTTP status, without needing a database that fails on cue.
#include "iskra/central/storage/error.hpp"

#include <gtest/gtest.h>

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>

namespace iskra::central::storage {
namespace {

using Poco::Data::PostgreSQL::StatementException;

StatementException postgres(const std::string& state, const std::string& text = "boom") {
    return StatementException("postgresql_stmt_execute error: ERROR:  " + text +
                              "\n Severity: ERROR State: " + state +
                              " Detail: Key (id)=(a) already exists. Hint: N/A Constraint: t_pkey");
}

TEST(Classify, PostgresSqlstates) {
    EXPECT_EQ(classify(postgres("23505")).kind, ErrorKind::UniqueViolation);
    EXPECT_EQ(classify(postgres("23503")).kind, ErrorKind::ForeignKeyViolation);
    EXPECT_EQ(classify(postgres("23502")).kind, ErrorKind::CheckViolation);
    EXPECT_EQ(classify(postgres("40001")).kind, ErrorKind::Busy);
    EXPECT_EQ(classify(postgres("40P01")).kind, ErrorKind::Busy);
    EXPECT_EQ(classify(postgres("08006")).kind, ErrorKind::Unavailable);
    EXPECT_EQ(classify(postgres("57P01")).kind, ErrorKind::Unavailable);
    EXPECT_EQ(classify(postgres("42601")).kind, ErrorKind::Other);
}

TEST(Classify, PostgresMessageKeepsTheServersWordsDetailAndState) {
    EXPECT_EQ(
        classify(postgres("23505", "duplicate key value violates unique constraint \"t_pkey\""))
            .message,
        "postgresql: duplicate key value violates unique constraint \"t_pkey\" (Key (id)=(a) "
        "already exists.) [SQLSTATE 23505]");
}

TEST(Classify, PostgresLostConnectionWithoutSqlstate) {
    const StatementException lost(
        "postgresql_stmt_execute error: server closed the connection unexpectedly\n Severity: N/A "
        "State: N/A Detail: N/A Hint: N/A Constraint: N/A");
    const DatabaseError error = classify(lost);
    EXPECT_EQ(error.kind, ErrorKind::Unavailable);
    EXPECT_EQ(error.message, "postgresql: server closed the connection unexpectedly");
}

TEST(Classify, OnlySerializationFailuresAndDeadlocksAreRetried) {
    EXPECT_TRUE(is_retryable(postgres("40001")));
    EXPECT_TRUE(is_retryable(postgres("40P01")));
    EXPECT_FALSE(is_retryable(postgres("23505")));
    EXPECT_FALSE(
        is_retryable(postgres("55P03")));  // lock_not_available: Busy, but not ours to retry
}

TEST(Classify, SqliteConstraintsAndLocks) {
    using namespace Poco::Data::SQLite;
    EXPECT_EQ(classify(ConstraintViolationException("UNIQUE constraint failed: t.id")).kind,
              ErrorKind::UniqueViolation);
    EXPECT_EQ(classify(ConstraintViolationException("FOREIGN KEY constraint failed")).kind,
              ErrorKind::ForeignKeyViolation);
    EXPECT_EQ(classify(ConstraintViolationException("NOT NULL constraint failed: t.x")).kind,
              ErrorKind::CheckViolation);
    EXPECT_EQ(classify(DBLockedException("database is locked")).kind, ErrorKind::Busy);
    EXPECT_TRUE(is_retryable(DBLockedException("database is locked")));
    EXPECT_EQ(classify(CantOpenDBFileException("unable to open database file")).kind,
              ErrorKind::Unavailable);
    EXPECT_NE(classify(DBLockedException("database is locked")).message.find("sqlite: "),
              std::string::npos);
}

TEST(Classify, AnythingElse) {
    EXPECT_EQ(classify(Poco::Data::SessionPoolExhaustedException("pool")).kind, ErrorKind::Busy);
    EXPECT_EQ(classify(Poco::Data::ConnectionFailedException("refused")).kind,
              ErrorKind::Unavailable);
    const DatabaseError plain = classify(std::runtime_error("not from a database"));
    EXPECT_EQ(plain.kind, ErrorKind::Other);
    EXPECT_EQ(plain.message, "not from a database");
    const DatabaseException wrapped({ErrorKind::UniqueViolation, "dup"});
    EXPECT_EQ(classify(wrapped).kind, ErrorKind::UniqueViolation);
    EXPECT_EQ(classify(std::make_exception_ptr(wrapped)).kind, ErrorKind::UniqueViolation);
    EXPECT_EQ(error_kind_name(ErrorKind::UniqueViolation), "unique_violation");
}

}  // namespace
}  // namespace iskra::central::storage
