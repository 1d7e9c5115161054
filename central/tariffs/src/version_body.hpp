// A tariff version as the API takes it: iskra::tariff's JSON form plus `valid_from`, read and
// validated by the engine, every fault a 400 naming the field. Private to central/tariffs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iskra/tariff/tariff.hpp"

namespace iskra::central::tariffs::detail {

struct VersionInput {
    std::optional<std::int64_t> valid_from_ms;
    tariff::Tariff tariff;
};

// Reads the version fields of `body`, leaving out `other` (the caller's own: name, currency).
VersionInput read_version(const nlohmann::json& body,
                          std::initializer_list<std::string_view> other);

// When a new version takes effect: `requested`, or now. A time in the past is a 400: a version
// in force is what sessions already started were shown, and is never rewritten.
std::int64_t effective_from(const std::optional<std::int64_t>& requested, std::int64_t now_ms);

}  // namespace iskra::central::tariffs::detail
