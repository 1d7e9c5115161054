// Reading a JSON body and its fields with errors that name the field. Every reader throws
// ApiError (400) on a missing or mistyped field, so a handler that got past them holds valid data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/central/http/request.hpp"

namespace iskra::central::http {

// The body as a JSON object: 415 without a JSON content type, 400 when it does not parse or is
// not an object.
nlohmann::json json_object_body(const Request& request);

// Field readers; `max_length` counts bytes. The parser has already refused text that is not
// UTF-8. A JSON null counts as absent.
std::string required_string(const nlohmann::json& object, std::string_view field,
                            std::size_t max_length = 255);
std::optional<std::string> optional_string(const nlohmann::json& object, std::string_view field,
                                           std::size_t max_length = 255);
std::int64_t required_integer(const nlohmann::json& object, std::string_view field,
                              std::int64_t min, std::int64_t max);
std::optional<std::int64_t> optional_integer(const nlohmann::json& object, std::string_view field,
                                             std::int64_t min, std::int64_t max);
std::optional<bool> optional_bool(const nlohmann::json& object, std::string_view field);
const nlohmann::json& required_object(const nlohmann::json& object, std::string_view field);

// Paging for list routes: ?limit= (1..max, default) and ?offset= (≥ 0).
struct Page {
    std::int64_t limit = 50;
    std::int64_t offset = 0;
};
Page page_of(const Request& request, std::int64_t default_limit = 50, std::int64_t max_limit = 500);
// {"items": [...], "limit", "offset", "total"}
nlohmann::json page_body(nlohmann::json items, const Page& page, std::int64_t total);

// A query parameter as an integer in [min, max], or nothing when absent; 400 naming it otherwise.
std::optional<std::int64_t> query_integer(const Request& request, std::string_view name,
                                          std::int64_t min, std::int64_t max);

}  // namespace iskra::central::http
