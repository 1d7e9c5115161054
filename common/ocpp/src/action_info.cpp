#include "iskra/ocpp/action_info.hpp"

#include <algorithm>

#include "action_table.hpp"

namespace iskra::ocpp {

std::span<const ActionInfo> actions(Version version) {
    return version == Version::v16 ? v16::action_table() : v201::action_table();
}

const ActionInfo* find_action(Version version, std::string_view name) {
    const auto table = actions(version);
    const auto it = std::lower_bound(
        table.begin(), table.end(), name,
        [](const ActionInfo& info, std::string_view wanted) { return info.name < wanted; });
    if (it == table.end() || it->name != name) return nullptr;
    return &*it;
}

}  // namespace iskra::ocpp
