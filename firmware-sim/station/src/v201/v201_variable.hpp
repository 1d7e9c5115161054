// One variable of the 2.0.1 device model: where it lives (component, EVSE, connector), what it
// is, and how to read and set it as a view of the station. Private to the station library.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "v201_station.hpp"

namespace iskra::sim {

struct V201Station::Variable {
    std::string component;
    std::optional<std::int64_t> evse;
    std::optional<std::int64_t> connector;
    std::string name;
    std::optional<std::string> instance;
    ocpp::v201::MutabilityEnumType mutability = ocpp::v201::MutabilityEnumType::ReadOnly;
    ocpp::v201::DataEnumType type = ocpp::v201::DataEnumType::string;
    std::optional<std::string> unit;
    std::optional<std::string> values_list;
    std::function<std::string()> get;
    std::function<bool(std::string_view)> set;  // false: the value is refused
};

}  // namespace iskra::sim
