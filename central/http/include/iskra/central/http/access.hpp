// Who may do what: the roles of the issue, the permissions routes ask for, and the one table
// that joins them. Every route names its Access when it is registered, and the dispatcher checks
// it before any handler runs, so no handler can forget.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iskra::central::http {

enum class Role {
    Driver,
    FleetAdmin,
    BackOfficeAdmin,
    SupportFirstLine,
    SupportSecondLine,
    CallCentre,
    Technician,
    SuperAdmin,
};

enum class Permission {
    OwnAccount,       // a user's own profile, tokens and sessions
    StationsView,     // sites, gateways, stations, live status, command results
    StationsManage,   // create and edit sites, stations, gateways; enrolment codes
    StationsControl,  // restart, availability, unlock, configuration
    SessionsView,     // every session and authorisation
    SessionsControl,  // start a session for a user or as administrator, stop any session
    TokensManage,     // RFID tokens and the local authorisation list
    UsersManage,      // staff and customer accounts
    TariffsView,
    TariffsManage,
    FleetManage,  // a fleet's vehicles, drivers and limits
};

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);  // "back_office_admin", ...
const std::vector<Role>& all_roles();

std::string_view to_string(Permission permission);
const std::vector<Permission>& all_permissions();

// The table. A super admin may do everything; the rest is per role.
bool role_has(Role role, Permission permission);

// How a route is reached.
struct Access {
    enum class Kind {
        Public,   // anyone: health, login, gateway enrolment with its code
        Gateway,  // an enrolled gateway's bearer secret
        User,     // a signed-in user holding `permission`
    };
    Kind kind = Kind::Public;
    Permission permission = Permission::OwnAccount;

    static Access public_route() { return {Kind::Public, Permission::OwnAccount}; }
    static Access gateway() { return {Kind::Gateway, Permission::OwnAccount}; }
    static Access user(Permission needed) { return {Kind::User, needed}; }
};

}  // namespace iskra::central::http
