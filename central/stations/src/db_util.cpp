#include "db_util.hpp"

#include <chrono>

#include <Poco/Data/Binding.h>
#include <Poco/Data/Extraction.h>
#include <Poco/Nullable.h>

#include "iskra/central/storage/sql.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::central::stations::detail {
namespace {

using Poco::Data::Keywords::bind;

Poco::Data::Statement prepared(Poco::Data::Session& session, const std::string& text,
                               const std::vector<Param>& params) {
    Poco::Data::Statement statement = storage::sql(session, text);
    for (const auto& param : params) {
        if (std::holds_alternative<std::string>(param)) {
            statement, bind(std::get<std::string>(param));
        } else if (std::holds_alternative<std::int64_t>(param)) {
            statement, bind(std::get<std::int64_t>(param));
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

std::string iso(std::int64_t ms) {
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms)));
}

nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms) {
    return ms ? nlohmann::json(iso(*ms)) : nlohmann::json(nullptr);
}

nlohmann::json or_null(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json or_null(const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace iskra::central::stations::detail
