#include "iskra/central/storage/sql.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>

#include "sql_lexer.hpp"

namespace iskra::central::storage {

Backend backend_of(Poco::Data::Session& session) {
    return session.connector() == Poco::Data::PostgreSQL::Connector::KEY ? Backend::PostgreSQL
                                                                         : Backend::SQLite;
}

std::string translate_placeholders(Backend backend, std::string_view sql) {
    if (backend == Backend::SQLite) return std::string(sql);
    std::string out;
    out.reserve(sql.size() + 16);
    std::size_t copied = 0;
    int number = 0;
    detail::scan_code(sql, [&](std::size_t i) {
        if (sql[i] != '?') return;
        out.append(sql.substr(copied, i - copied));
        out += '$';
        out += std::to_string(++number);
        copied = i + 1;
    });
    out.append(sql.substr(copied));
    return out;
}

Poco::Data::Statement sql(Poco::Data::Session& session, std::string_view text) {
    Poco::Data::Statement statement(session);
    statement << translate_placeholders(backend_of(session), text);
    return statement;
}

std::string value_rows(std::size_t count, std::string_view row) {
    std::string text;
    text.reserve(count * (row.size() + 2));
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) text += ", ";
        text += row;
    }
    return text;
}

}  // namespace iskra::central::storage
