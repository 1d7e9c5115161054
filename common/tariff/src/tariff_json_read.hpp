// Private: reading a tariff document. It walks the document once and stops at the first fault,
// thrown below as a Failure so no step checks a result, and returned as a TariffError at the edge.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "iskra/tariff/tariff.hpp"
#include "tariff_json_form.hpp"

namespace iskra::tariff::detail {

struct Failure {
    TariffError error;
};

[[noreturn]] void fail(ErrorCode code, std::string field, std::string message);

void check_keys(const nlohmann::json& object, const std::string& path, ErrorCode code,
                std::initializer_list<std::string_view> allowed);

// The member, or nothing when absent or null.
const nlohmann::json* member(const nlohmann::json& object, std::string_view key);

std::int64_t integer_of(const nlohmann::json& value, const std::string& path, ErrorCode code);
std::string string_of(const nlohmann::json& value, const std::string& path, ErrorCode code);

std::vector<TariffElement> elements_of(const nlohmann::json& list, const std::string& path,
                                       Form form);
Fee fee_of(const nlohmann::json& object, const std::string& path);
TimeZone zone_of(const nlohmann::json& object);

// Runs `read`, turning the Failure it throws into the error it carries.
template <typename F>
tl::expected<Tariff, TariffError> reading(F&& read) {
    try {
        return read();
    } catch (const Failure& failure) {
        return tl::unexpected(failure.error);
    } catch (const nlohmann::json::exception& e) {
        // Every access above is type-checked first; this is only a safety net.
        return tl::unexpected(TariffError{ErrorCode::kEmptyTariff, "", e.what()});
    }
}

}  // namespace iskra::tariff::detail
