// The generated per-version action tables (src/<version>/actions.cpp), private to iskra::ocpp.
#pragma once

#include <span>

#include "iskra/ocpp/action_info.hpp"

namespace iskra::ocpp::v16 {
std::span<const iskra::ocpp::ActionInfo> action_table();
}
namespace iskra::ocpp::v201 {
std::span<const iskra::ocpp::ActionInfo> action_table();
}
