#include "route_support.hpp"

#include <algorithm>
#include <cctype>

#include "iskra/session/timestamp.hpp"

namespace iskra::central::stations::detail {

using http::ApiError;

void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : body.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            throw ApiError::bad_request(key, "unknown field " + key.substr(0, 64), "unknown_field");
        }
    }
}

namespace {
bool station_id_ok(const std::string& id) {
    return !id.empty() && id.size() <= 48 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
}
}  // namespace

void check_station_id(const std::string& id, std::string_view field) {
    if (!station_id_ok(id)) {
        throw ApiError::bad_request(
            std::string(field),
            std::string(field) + " must be 1 to 48 letters, digits, '.', '_' or '-'");
    }
}

void check_path_id(const std::string& id, std::string_view what) {
    const bool printable = std::all_of(id.begin(), id.end(), [](char c) {
        return std::isgraph(static_cast<unsigned char>(c)) != 0;
    });
    if (id.empty() || id.size() > 64 || !printable) {
        throw ApiError::not_found("no " + std::string(what) + " with that id");
    }
}

bool has(const nlohmann::json& body, std::string_view field) {
    auto found = body.find(std::string(field));
    return found != body.end() && !found->is_null();
}

std::optional<std::string> nullable_string(const nlohmann::json& body, std::string_view field,
                                           std::size_t max_length) {
    const std::string name(field);
    const auto& value = body.at(name);
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) throw ApiError::bad_request(name, name + " must be a string or null");
    if (value.get_ref<const std::string&>().size() > max_length) {
        throw ApiError::bad_request(
            name, name + " is longer than " + std::to_string(max_length) + " bytes");
    }
    return value.get<std::string>();
}

std::optional<std::int64_t> query_time(const http::Request& request, std::string_view name) {
    auto text = request.query_value(name);
    if (!text) return std::nullopt;
    auto parsed = session::parse_timestamp(*text);
    if (!parsed) {
        throw ApiError::bad_request(
            std::string(name),
            std::string(name) + " must be an ISO-8601 time like 2026-11-28T10:00:00.000Z");
    }
    return parsed->time_since_epoch().count();
}

std::optional<std::string> query_text(const http::Request& request, std::string_view name,
                                      std::size_t max_length) {
    auto text = request.query_value(name);
    if (!text) return std::nullopt;
    if (text->size() > max_length) {
        throw ApiError::bad_request(std::string(name), std::string(name) + " is too long");
    }
    return std::string(*text);
}

std::optional<bool> query_bool(const http::Request& request, std::string_view name) {
    auto text = request.query_value(name);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "1") return true;
    if (*text == "false" || *text == "0") return false;
    throw ApiError::bad_request(std::string(name), std::string(name) + " must be true or false");
}

std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c;
    }
    return out + "%";
}

}  // namespace iskra::central::stations::detail
