// This module's SQL helpers: binding a run of values built at runtime (NULL included, which
// Poco's use() cannot express on both backends) and reading RecordSet columns whatever integer
// type each backend reports. Private to central/identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <nlohmann/json.hpp>

namespace iskra::central::identity::detail {

using Poco::Data::RecordSet;

// monostate binds SQL NULL.
using Param = std::variant<std::monostate, std::string, std::int64_t>;

template <typename T>
Param nullable(const std::optional<T>& value) {
    return value ? Param(*value) : Param(std::monostate{});
}

RecordSet select(Poco::Data::Session& session, const std::string& text,
                 const std::vector<Param>& params = {});
// Returns how many rows the statement changed.
std::size_t execute(Poco::Data::Session& session, const std::string& text,
                    const std::vector<Param>& params);
std::int64_t count(Poco::Data::Session& session, const std::string& text,
                   const std::vector<Param>& params = {});

std::string text(const RecordSet& rows, std::size_t row, const std::string& column);
std::int64_t integer(const RecordSet& rows, std::size_t row, const std::string& column);
std::optional<std::int64_t> opt_integer(const RecordSet& rows, std::size_t row,
                                        const std::string& column);

// Epoch ms as the wire's "2026-11-28T12:00:00.000Z"; null when absent.
nlohmann::json iso(std::int64_t ms);
nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms);

}  // namespace iskra::central::identity::detail
