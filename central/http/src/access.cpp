#include "iskra/central/http/access.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace iskra::central::http {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoleNames{{
    {Role::Driver, "driver"},
    {Role::FleetAdmin, "fleet_admin"},
    {Role::BackOfficeAdmin, "back_office_admin"},
    {Role::SupportFirstLine, "support_first_line"},
    {Role::SupportSecondLine, "support_second_line"},
    {Role::CallCentre, "call_centre"},
    {Role::Technician, "technician"},
    {Role::SuperAdmin, "super_admin"},
}};

constexpr std::array<std::pair<Permission, std::string_view>, 11> kPermissionNames{{
    {Permission::OwnAccount, "own_account"},
    {Permission::StationsView, "stations_view"},
    {Permission::StationsManage, "stations_manage"},
    {Permission::StationsControl, "stations_control"},
    {Permission::SessionsView, "sessions_view"},
    {Permission::SessionsControl, "sessions_control"},
    {Permission::TokensManage, "tokens_manage"},
    {Permission::UsersManage, "users_manage"},
    {Permission::TariffsView, "tariffs_view"},
    {Permission::TariffsManage, "tariffs_manage"},
    {Permission::FleetManage, "fleet_manage"},
}};

using P = Permission;

// One row per role: what it may do besides its own account. Support's first line answers the
// phone (sees everything, helps a driver start or stop, manages tokens); the second line also
// restarts and reconfigures stations; a technician works on stations but not on customers.
bool table(Role role, Permission p) {
    switch (role) {
        case Role::Driver:
            return false;
        case Role::FleetAdmin:
            return p == P::FleetManage;
        case Role::BackOfficeAdmin:
            return true;
        case Role::SupportFirstLine:
        case Role::CallCentre:
            return p == P::StationsView || p == P::SessionsView || p == P::SessionsControl ||
                   p == P::TokensManage || p == P::TariffsView;
        case Role::SupportSecondLine:
            return p == P::StationsView || p == P::StationsControl || p == P::SessionsView ||
                   p == P::SessionsControl || p == P::TokensManage || p == P::TariffsView;
        case Role::Technician:
            return p == P::StationsView || p == P::StationsControl || p == P::StationsManage;
        case Role::SuperAdmin:
            return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(Role role) {
    for (const auto& [value, name] : kRoleNames)
        if (value == role) return name;
    return "unknown";
}

std::optional<Role> parse_role(std::string_view text) {
    for (const auto& [value, name] : kRoleNames)
        if (name == text) return value;
    return std::nullopt;
}

const std::vector<Role>& all_roles() {
    static const std::vector<Role> roles = [] {
        std::vector<Role> all;
        for (const auto& entry : kRoleNames)
            all.push_back(entry.first);
        return all;
    }();
    return roles;
}

std::string_view to_string(Permission permission) {
    for (const auto& [value, name] : kPermissionNames)
        if (value == permission) return name;
    return "unknown";
}

const std::vector<Permission>& all_permissions() {
    static const std::vector<Permission> permissions = [] {
        std::vector<Permission> all;
        for (const auto& entry : kPermissionNames)
            all.push_back(entry.first);
        return all;
    }();
    return permissions;
}

bool role_has(Role role, Permission permission) {
    return permission == Permission::OwnAccount || table(role, permission);
}

}  // namespace iskra::central::http
