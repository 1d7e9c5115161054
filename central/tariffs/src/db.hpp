// Small helpers for this module's SQL: statements with a run of bound values built at runtime,
// and reading a RecordSet's columns whatever integer type each backend reports. Private to
// central/tariffs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

namespace iskra::central::tariffs::detail {

using Poco::Data::RecordSet;

// monostate binds SQL NULL.
using Param = std::variant<std::monostate, std::string, std::int64_t>;

RecordSet select(Poco::Data::Session& session, const std::string& text,
                 const std::vector<Param>& params = {});
// Returns how many rows the statement changed.
std::size_t execute(Poco::Data::Session& session, const std::string& text,
                    const std::vector<Param>& params);
// The one integer a statement selects: SELECT COUNT(*) ..., a counter.
std::int64_t count(Poco::Data::Session& session, const std::string& text,
                   const std::vector<Param>& params = {});

std::string text(const RecordSet& rows, std::size_t row, const std::string& column);
std::optional<std::string> opt_text(const RecordSet& rows, std::size_t row,
                                    const std::string& column);
std::int64_t integer(const RecordSet& rows, std::size_t row, const std::string& column);
std::optional<std::int64_t> opt_integer(const RecordSet& rows, std::size_t row,
                                        const std::string& column);

template <typename T>
Param nullable(const std::optional<T>& value) {
    return value ? Param(*value) : Param(std::monostate{});
}

}  // namespace iskra::central::tariffs::detail
