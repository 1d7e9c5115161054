#include "iskra/central/http/context.hpp"

#include "iskra/central/http/api_error.hpp"

namespace iskra::central::http {

const std::string& Context::param(std::string_view name) const {
    auto found = params.find(std::string(name));
    if (found == params.end()) {
        throw ApiError::not_found("the path has no parameter " + std::string(name));
    }
    return found->second;
}

const UserPrincipal& Context::signed_in() const {
    if (!user) throw ApiError::unauthorized("sign in first");
    return *user;
}

const GatewayPrincipal& Context::calling_gateway() const {
    if (!gateway) throw ApiError::unauthorized("a gateway's credentials are required");
    return *gateway;
}

}  // namespace iskra::central::http
