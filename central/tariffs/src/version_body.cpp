#include "version_body.hpp"

#include <string>

#include "iskra/central/http/api_error.hpp"
#include "iskra/tariff/ocpi_json.hpp"
#include "route_support.hpp"

namespace iskra::central::tariffs::detail {

VersionInput read_version(const nlohmann::json& body,
                          std::initializer_list<std::string_view> other) {
    VersionInput input;
    nlohmann::json document = body;
    for (const std::string_view key : other)
        document.erase(std::string(key));
    if (auto found = document.find("valid_from"); found != document.end()) {
        if (!found->is_null()) input.valid_from_ms = time_field(*found, "valid_from");
        document.erase(found);
    }
    auto tariff = tariff::tariff_from_json(document);
    if (!tariff) throw tariff_error(tariff.error(), false);
    if (auto valid = tariff::validate(*tariff); !valid) throw tariff_error(valid.error(), false);
    input.tariff = std::move(*tariff);
    return input;
}

std::int64_t effective_from(const std::optional<std::int64_t>& requested, std::int64_t now_ms) {
    if (!requested) return now_ms;
    if (*requested < now_ms) {
        throw http::ApiError::bad_request(
            "valid_from",
            "valid_from is in the past: a version in force is never rewritten, so "
            "a new one takes effect now or later");
    }
    return *requested;
}

}  // namespace iskra::central::tariffs::detail
