#include "db.hpp"

#include <Poco/Data/Binding.h>
#include <Poco/Data/Extraction.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"

namespace iskra::central::tariffs::detail {
namespace {

Poco::Data::Statement prepared(Poco::Data::Session& session, const std::string& text,
                               const std::vector<Param>& params) {
    using Poco::Data::Keywords::bind;
    Poco::Data::Statement statement = storage::sql(session, text);
    for (const auto& param : params) {
        if (const auto* s = std::get_if<std::string>(&param)) {
            statement, bind(*s);
        } else if (const auto* i = std::get_if<std::int64_t>(&param)) {
            statement, bind(*i);
        } else {
            statement, bind(Poco::Nullable<std::string>());
        }
    }
    return statement;
}

}  // namespace

RecordSet select(Poco::Data::Session& session, const std::string& text,
                 const std::vector<Param>& params) {
    Poco::Data::Statement statement = prepared(session, text, params);
    statement.execute();
    return RecordSet(statement);
}

std::size_t execute(Poco::Data::Session& session, const std::string& text,
                    const std::vector<Param>& params) {
    Poco::Data::Statement statement = prepared(session, text, params);
    return statement.execute();
}

std::int64_t count(Poco::Data::Session& session, const std::string& text,
                   const std::vector<Param>& params) {
    Poco::Data::Statement statement = prepared(session, text, params);
    Poco::Int64 total = 0;
    statement, Poco::Data::Keywords::into(total);
    statement.execute();
    return total;
}

std::string text(const RecordSet& rows, std::size_t row, const std::string& column) {
    return opt_text(rows, row, column).value_or(std::string());
}

std::optional<std::string> opt_text(const RecordSet& rows, std::size_t row,
                                    const std::string& column) {
    const auto& value = rows.value(column, row);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<std::string>();
}

std::int64_t integer(const RecordSet& rows, std::size_t row, const std::string& column) {
    return opt_integer(rows, row, column).value_or(0);
}

std::optional<std::int64_t> opt_integer(const RecordSet& rows, std::size_t row,
                                        const std::string& column) {
    const auto& value = rows.value(column, row);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<Poco::Int64>();
}

}  // namespace iskra::central::tariffs::detail
