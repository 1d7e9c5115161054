// Small helpers for this module's SQL: reading a RecordSet's columns whatever integer type each
// backend reports, binding a run of filter values built at runtime, and time on the wire.
// Private to central/stations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <nlohmann/json.hpp>

namespace iskra::central::stations::detail {

using Poco::Data::RecordSet;

// Runs `text` with `params` bound in order and returns its rows. monostate binds SQL NULL.
using Param = std::variant<std::monostate, std::string, std::int64_t>;
RecordSet select(Poco::Data::Session& session, const std::string& text,
                 const std::vector<Param>& params = {});
// Runs a statement that changes rows; returns how many it changed.
std::size_t execute(Poco::Data::Session& session, const std::string& text,
                    const std::vector<Param>& params);
// SELECT COUNT(*) ... with params.
std::int64_t count(Poco::Data::Session& session, const std::string& text,
                   const std::vector<Param>& params = {});

std::string text(const RecordSet& rows, std::size_t row, const std::string& column);
std::optional<std::string> opt_text(const RecordSet& rows, std::size_t row,
                                    const std::string& column);
std::int64_t integer(const RecordSet& rows, std::size_t row, const std::string& column);
std::optional<std::int64_t> opt_integer(const RecordSet& rows, std::size_t row,
                                        const std::string& column);

// Epoch milliseconds as the wire's ISO-8601 UTC text with milliseconds; null when absent.
std::string iso(std::int64_t ms);
nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms);
nlohmann::json or_null(const std::optional<std::string>& value);
nlohmann::json or_null(const std::optional<std::int64_t>& value);

template <typename T>
Param nullable(const std::optional<T>& value) {
    return value ? Param(*value) : Param(std::monostate{});
}

}  // namespace iskra::central::stations::detail
