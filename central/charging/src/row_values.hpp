// Small conversions between Poco::Data's Nullable/Var and our optionals and JSON, shared by
// this module's queries. Private to central/charging.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/Nullable.h>
#include <nlohmann/json.hpp>

namespace iskra::central::charging::detail {

template <typename T>
std::optional<T> optional_of(const Poco::Nullable<T>& value) {
    if (value.isNull()) return std::nullopt;
    return value.value();
}

template <typename T>
Poco::Nullable<T> nullable_of(const std::optional<T>& value) {
    if (!value) return Poco::Nullable<T>();
    return Poco::Nullable<T>(*value);
}

// An epoch-ms column as ISO-8601 UTC text, null for NULL.
nlohmann::json time_json(const Poco::Nullable<Poco::Int64>& ms);
nlohmann::json time_json(std::int64_t ms);
// "2026-11-28T10:00:00.000Z" → epoch ms; throws http::ApiError 400 naming `field` otherwise.
std::int64_t parse_time_field(const std::string& text, const std::string& field);

}  // namespace iskra::central::charging::detail
