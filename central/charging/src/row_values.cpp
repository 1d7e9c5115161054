#include "row_values.hpp"

#include "iskra/central/http/api_error.hpp"
#include "iskra/session/timestamp.hpp"

namespace iskra::central::charging::detail {

nlohmann::json time_json(std::int64_t ms) {
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms)));
}

nlohmann::json time_json(const Poco::Nullable<Poco::Int64>& ms) {
    if (ms.isNull()) return nullptr;
    return time_json(static_cast<std::int64_t>(ms.value()));
}

std::int64_t parse_time_field(const std::string& text, const std::string& field) {
    auto parsed = session::parse_timestamp(text);
    if (!parsed) {
        throw http::ApiError::bad_request(
            field, field + " must be an ISO-8601 time (" + parsed.error().reason + ")");
    }
    return parsed->time_since_epoch().count();
}

}  // namespace iskra::central::charging::detail
