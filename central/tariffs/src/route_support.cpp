#include "route_support.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <utility>

#include "iskra/central/storage/ids.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::central::tariffs::detail {

using http::ApiError;

std::int64_t Env::now() const {
    return options.now_ms ? options.now_ms() : storage::now_ms();
}

void only_fields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
    for (const auto& item : body.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            throw ApiError::bad_request(item.key(), "unknown field " + item.key().substr(0, 64),
                                        "unknown_field");
        }
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

std::string api_field(std::string_view engine_field, bool ocpi_names) {
    // validate() names restriction bounds as OCPI does; Iskra's form carries their units.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kIskraNames{{
        {"price", "price_micro"},
        {"min_kwh", "min_wh"},
        {"max_kwh", "max_wh"},
        {"min_power", "min_power_w"},
        {"max_power", "max_power_w"},
        {"min_current", "min_current_ma"},
        {"max_current", "max_current_ma"},
        {"min_duration", "min_duration_ms"},
        {"max_duration", "max_duration_ms"},
        {"parking_after", "parking_after_ms"},
    }};
    std::string out;
    std::size_t start = 0;
    while (start <= engine_field.size() && !engine_field.empty()) {
        const std::size_t slash = std::min(engine_field.find('/', start), engine_field.size());
        std::string_view segment = engine_field.substr(start, slash - start);
        const bool index =
            !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            });
        if (!ocpi_names) {
            for (const auto& [engine, iskra] : kIskraNames)
                if (segment == engine) segment = iskra;
        }
        if (index) {
            out += "[" + std::string(segment) + "]";
        } else {
            out += (out.empty() ? "" : ".") + std::string(segment);
        }
        start = slash + 1;
    }
    return out;
}

ApiError tariff_error(const tariff::TariffError& error, bool ocpi_names) {
    const std::string field = api_field(error.field, ocpi_names);
    const bool overlap = error.code == tariff::ErrorCode::kOverlappingElements;
    return ApiError::bad_request(field, (field.empty() ? "" : field + ": ") + error.message,
                                 overlap ? "overlapping_restrictions" : "invalid_field");
}

std::string iso(std::int64_t ms) {
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms)));
}

nlohmann::json iso_or_null(const std::optional<std::int64_t>& ms) {
    return ms ? nlohmann::json(iso(*ms)) : nlohmann::json(nullptr);
}

std::int64_t time_field(const nlohmann::json& value, const std::string& field) {
    if (!value.is_string()) {
        throw ApiError::bad_request(field, field + " must be an ISO-8601 time");
    }
    auto parsed = session::parse_timestamp(value.get<std::string>());
    if (!parsed) {
        throw ApiError::bad_request(field, field +
                                               " must be an ISO-8601 time like "
                                               "2026-12-01T00:00:00.000Z (" +
                                               parsed.error().reason + ")");
    }
    return parsed->time_since_epoch().count();
}

}  // namespace iskra::central::tariffs::detail
