#include "iskra/sync/wire_error.hpp"

namespace iskra::sync {

std::string WireError::describe() const {
    if (field.empty()) return message;
    return field + ": " + message;
}

WireResult<nlohmann::json> parse_json(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return tl::unexpected(WireError{"", "the body is not JSON"});
    return parsed;
}

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace iskra::sync
