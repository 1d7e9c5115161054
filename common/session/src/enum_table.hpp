// Lookup tables that let one list of rows answer both directions of an enum mapping, so each
// rule (a name, or a neutral value's counterpart in one OCPP version) is written exactly once.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace iskra::session::detail {

template <class Enum>
struct Named {
    Enum value;
    std::string_view name;
};

template <class Enum, std::size_t N>
std::string_view name_of(const Named<Enum> (&table)[N], Enum value) {
    for (const auto& row : table) {
        if (row.value == value) return row.name;
    }
    return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> value_named(const Named<Enum> (&table)[N], std::string_view name) {
    for (const auto& row : table) {
        if (row.name == name) return row.value;
    }
    return std::nullopt;
}

// A neutral value and its counterpart in one OCPP version. Where several values of one side map
// to the same value of the other, the first row naming a value is the one read for it: the rows
// that are exact pairs come first, the approximations after.
template <class Neutral, class Version>
struct Counterpart {
    Neutral neutral;
    Version version;
};

// `fallback` answers only for a value without a row; the tests check every value has one.
template <class Neutral, class Version, std::size_t N>
Version to_version(const Counterpart<Neutral, Version> (&table)[N], Neutral value,
                   Version fallback) {
    for (const auto& row : table) {
        if (row.neutral == value) return row.version;
    }
    return fallback;
}

template <class Neutral, class Version, std::size_t N>
Neutral to_neutral(const Counterpart<Neutral, Version> (&table)[N], Version value,
                   Neutral fallback) {
    for (const auto& row : table) {
        if (row.version == value) return row.neutral;
    }
    return fallback;
}

}  // namespace iskra::session::detail
