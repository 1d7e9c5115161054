// What a handler is given: the request, the path's {parameters}, and who is asking, already
// authenticated and allowed by the dispatcher.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "iskra/central/http/access.hpp"
#include "iskra/central/http/request.hpp"

namespace iskra::central::http {

struct UserPrincipal {
    std::string user_id;
    std::string email;
    Role role = Role::Driver;
    std::string session_id;  // the login session the cookie names
    std::string csrf_token;  // state-changing requests must echo it in X-CSRF-Token
};

struct GatewayPrincipal {
    std::string gateway_id;
    std::string site_id;
};

struct Context {
    const Request& request;
    std::map<std::string, std::string> params;  // "/stations/{id}" → {"id": "..."}
    std::optional<UserPrincipal> user;          // set on Access::User routes
    std::optional<GatewayPrincipal> gateway;    // set on Access::Gateway routes

    // The path parameter; the router guarantees it exists for the route's pattern.
    const std::string& param(std::string_view name) const;
    // The signed-in user; throws 401 on a route that did not require one.
    const UserPrincipal& signed_in() const;
    const GatewayPrincipal& calling_gateway() const;
};

}  // namespace iskra::central::http
