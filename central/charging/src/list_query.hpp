// A filtered, paged SELECT for the list routes: WHERE clauses with bound values, the total and
// one page of rows as JSON objects keyed by column name. Private to central/charging.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <Poco/Data/Session.h>
#include <Poco/Types.h>
#include <nlohmann/json.hpp>

#include "iskra/central/http/json_body.hpp"

namespace iskra::central::charging::detail {

struct Filter {
    std::vector<std::string> clauses;  // "station_id = ?", ANDed
    std::vector<std::variant<std::string, Poco::Int64>> values;

    void add(std::string clause, std::variant<std::string, Poco::Int64> value) {
        clauses.push_back(std::move(clause));
        values.push_back(std::move(value));
    }
    std::string where() const;
};

// Rows of `select` (e.g. "SELECT a, b FROM t") with the filter, ordered, one page, plus the
// total that match. Columns named *_at_ms become ISO-8601 fields without the suffix.
nlohmann::json list_page(Poco::Data::Session& session, const std::string& select,
                         const std::string& from, const Filter& filter, const std::string& order_by,
                         const http::Page& page);

// The rows of a full statement text with bound values, as JSON objects (same column rule).
nlohmann::json rows_json(Poco::Data::Session& session, const std::string& text,
                         const std::vector<std::variant<std::string, Poco::Int64>>& values);

}  // namespace iskra::central::charging::detail
