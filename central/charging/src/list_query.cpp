#include "list_query.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include "iskra/central/storage/sql.hpp"
#include "row_values.hpp"

namespace iskra::central::charging::detail {
namespace {

using nlohmann::json;

void bind_all(Poco::Data::Statement& statement,
              const std::vector<std::variant<std::string, Poco::Int64>>& values) {
    for (const auto& value : values)
        std::visit([&](const auto& v) { statement, Poco::Data::Keywords::bind(v); }, value);
}

json cell_json(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    if (rows.isNull(column, row)) return nullptr;
    const Poco::Dynamic::Var value = rows.value(column, row);
    if (value.isInteger()) return value.convert<Poco::Int64>();
    if (value.isNumeric()) return value.convert<double>();
    return value.convert<std::string>();
}

constexpr std::string_view kTimeSuffix = "_at_ms";

}  // namespace

std::string Filter::where() const {
    std::string out;
    for (const auto& clause : clauses)
        out += (out.empty() ? " WHERE " : " AND ") + clause;
    return out;
}

json rows_json(Poco::Data::Session& session, const std::string& text,
               const std::vector<std::variant<std::string, Poco::Int64>>& values) {
    Poco::Data::Statement statement = storage::sql(session, text);
    bind_all(statement, values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    json items = json::array();
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        json item = json::object();
        for (std::size_t column = 0; column < rows.columnCount(); ++column) {
            std::string name = rows.columnName(column);
            json value = cell_json(rows, column, row);
            const bool is_time = name.size() > kTimeSuffix.size() && name.ends_with(kTimeSuffix);
            if (is_time || name == "at_ms") {
                name.resize(name.size() - 3);
                if (!value.is_null()) value = time_json(value.get<std::int64_t>());
            }
            item[name] = std::move(value);
        }
        items.push_back(std::move(item));
    }
    return items;
}

json list_page(Poco::Data::Session& session, const std::string& select, const std::string& from,
               const Filter& filter, const std::string& order_by, const http::Page& page) {
    Poco::Int64 total = 0;
    {
        Poco::Data::Statement count =
            storage::sql(session, "SELECT COUNT(*) FROM " + from + filter.where());
        bind_all(count, filter.values);
        count, Poco::Data::Keywords::into(total);
        count.execute();
    }
    auto values = filter.values;
    values.emplace_back(Poco::Int64{page.limit});
    values.emplace_back(Poco::Int64{page.offset});
    json items = rows_json(
        session,
        select + " FROM " + from + filter.where() + " ORDER BY " + order_by + " LIMIT ? OFFSET ?",
        values);
    return http::page_body(std::move(items), page, total);
}

}  // namespace iskra::central::charging::detail
