#include "iskra/central/http/json_body.hpp"

#include <charconv>
#include <string>

#include "iskra/central/http/api_error.hpp"

namespace iskra::central::http {
namespace {

using nlohmann::json;

std::string name_of(std::string_view field) {
    return std::string(field);
}

const json* find(const json& object, std::string_view field) {
    auto found = object.find(name_of(field));
    if (found == object.end() || found->is_null()) return nullptr;
    return &*found;
}

std::string read_string(const json& value, std::string_view field, std::size_t max_length) {
    if (!value.is_string()) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must be a string");
    }
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > max_length) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " is longer than " +
                                                        std::to_string(max_length) + " bytes");
    }
    return text;
}

std::int64_t read_integer(const json& value, std::string_view field, std::int64_t min,
                          std::int64_t max) {
    if (!value.is_number_integer()) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must be an integer");
    }
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        throw ApiError::bad_request(name_of(field),
                                    name_of(field) + " must be at most " + std::to_string(max));
    }
    const auto number = value.get<std::int64_t>();
    if (number < min || number > max) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must be between " +
                                                        std::to_string(min) + " and " +
                                                        std::to_string(max));
    }
    return number;
}

}  // namespace

json json_object_body(const Request& request) {
    auto type = request.header("content-type");
    if (!type || type->find("application/json") == std::string_view::npos) {
        throw ApiError{415, "unsupported_media_type", "send the body as application/json", {}};
    }
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        throw ApiError::bad_request("", "the body is not valid JSON", "invalid_json");
    }
    if (!body.is_object()) {
        throw ApiError::bad_request("", "the body must be a JSON object", "invalid_json");
    }
    return body;
}

std::string required_string(const json& object, std::string_view field, std::size_t max_length) {
    const json* value = find(object, field);
    if (!value) throw ApiError::bad_request(name_of(field), name_of(field) + " is required");
    std::string text = read_string(*value, field, max_length);
    if (text.empty()) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must not be empty");
    }
    return text;
}

std::optional<std::string> optional_string(const json& object, std::string_view field,
                                           std::size_t max_length) {
    const json* value = find(object, field);
    if (!value) return std::nullopt;
    return read_string(*value, field, max_length);
}

std::int64_t required_integer(const json& object, std::string_view field, std::int64_t min,
                              std::int64_t max) {
    const json* value = find(object, field);
    if (!value) throw ApiError::bad_request(name_of(field), name_of(field) + " is required");
    return read_integer(*value, field, min, max);
}

std::optional<std::int64_t> optional_integer(const json& object, std::string_view field,
                                             std::int64_t min, std::int64_t max) {
    const json* value = find(object, field);
    if (!value) return std::nullopt;
    return read_integer(*value, field, min, max);
}

std::optional<bool> optional_bool(const json& object, std::string_view field) {
    const json* value = find(object, field);
    if (!value) return std::nullopt;
    if (!value->is_boolean()) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must be true or false");
    }
    return value->get<bool>();
}

const json& required_object(const json& object, std::string_view field) {
    const json* value = find(object, field);
    if (!value) throw ApiError::bad_request(name_of(field), name_of(field) + " is required");
    if (!value->is_object()) {
        throw ApiError::bad_request(name_of(field), name_of(field) + " must be an object");
    }
    return *value;
}

std::optional<std::int64_t> query_integer(const Request& request, std::string_view name,
                                          std::int64_t min, std::int64_t max) {
    auto text = request.query_value(name);
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    const auto* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc{} || ptr != end || value < min || value > max) {
        throw ApiError::bad_request(name_of(name), name_of(name) + " must be an integer between " +
                                                       std::to_string(min) + " and " +
                                                       std::to_string(max));
    }
    return value;
}

Page page_of(const Request& request, std::int64_t default_limit, std::int64_t max_limit) {
    Page page;
    page.limit = query_integer(request, "limit", 1, max_limit).value_or(default_limit);
    page.offset = query_integer(request, "offset", 0, INT64_MAX / 2).value_or(0);
    return page;
}

json page_body(json items, const Page& page, std::int64_t total) {
    return json{{"items", std::move(items)},
                {"limit", page.limit},
                {"offset", page.offset},
                {"total", total}};
}

}  // namespace iskra::central::http
