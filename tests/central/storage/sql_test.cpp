#include "iskra/central/storage/sql.hpp"

#include <gtest/gtest.h>

#include "iskra/central/storage/migrations.hpp"

namespace iskra::central::storage {
namespace {

TEST(Placeholders, PostgresGetsNumberedOnes) {
    EXPECT_EQ(translate_placeholders(Backend::PostgreSQL,
                                     "INSERT INTO t (a, b) VALUES (?, ?) RETURNING id"),
              "INSERT INTO t (a, b) VALUES ($1, $2) RETURNING id");
}

TEST(Placeholders, SqliteKeepsTheText) {
    EXPECT_EQ(translate_placeholders(Backend::SQLite, "SELECT ? WHERE '?' = ?"),
              "SELECT ? WHERE '?' = ?");
}

TEST(Placeholders, QuotesAndCommentsAreLeftAlone) {
    EXPECT_EQ(translate_placeholders(Backend::PostgreSQL,
                                     "SELECT '?', 'it''s ?', \"col?\" -- why?\n"
                                     "FROM t /* ? */ WHERE a = ? AND b = ?"),
              "SELECT '?', 'it''s ?', \"col?\" -- why?\n"
              "FROM t /* ? */ WHERE a = $1 AND b = $2");
}

TEST(SplitStatements, SplitsOnTopLevelSemicolonsOnly) {
    const auto statements = split_statements(
        "CREATE TABLE a (x TEXT DEFAULT ';');\n"
        "-- a comment; with a semicolon\n"
        "CREATE INDEX a_x ON a (x); /* ; */ ;\n"
        "  \n");
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[0], "CREATE TABLE a (x TEXT DEFAULT ';')");
    EXPECT_NE(statements[1].find("CREATE INDEX a_x ON a (x)"), std::string::npos);
}

TEST(Macros, ExpandPerBackend) {
    EXPECT_EQ(*expand_macros(Backend::SQLite, "id {{id_pk}}, data {{blob}}"),
              "id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB");
    EXPECT_EQ(*expand_macros(Backend::PostgreSQL, "id {{id_pk}}, data {{blob}}"),
              "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, data BYTEA");
}

TEST(Macros, UnknownOrUnclosedIsAnErrorNamingIt) {
    auto unknown = expand_macros(Backend::SQLite, "x {{uuid}}");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().find("{{uuid}}"), std::string::npos);
    auto unclosed = expand_macros(Backend::SQLite, "x {{id_pk");
    ASSERT_FALSE(unclosed);
    EXPECT_NE(unclosed.error().find("unclosed"), std::string::npos);
}

}  // namespace
}  // namespace iskra::central::storage
