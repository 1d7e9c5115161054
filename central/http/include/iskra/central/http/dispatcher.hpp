// From a Request to a Response: route, authenticate, check the route's permission and the CSRF
// token, run the handler, turn ApiErrors into the error body and anything else into a logged 500.
// Pure apart from the Authenticator, so every rule here is tested without a socket.
// Thread-safe: the router is read-only after start and the Authenticator is thread-safe.
#pragma once

#include <optional>

#include "iskra/central/http/context.hpp"
#include "iskra/central/http/request.hpp"
#include "iskra/central/http/response.hpp"
#include "iskra/central/http/router.hpp"

namespace iskra::central::http {

// Identity (central/identity) implements this; tests use a fake.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    // The user whose live login session the request's cookie names, or nothing.
    virtual std::optional<UserPrincipal> user(const Request& request) = 0;
    // The gateway whose bearer secret the request carries, or nothing.
    virtual std::optional<GatewayPrincipal> gateway(const Request& request) = 0;
};

class Dispatcher {
public:
    Dispatcher(const Router& router, Authenticator& authenticator);
    Response handle(const Request& request) const;

private:
    const Router& router_;
    Authenticator& authenticator_;
};

// POST, PUT, PATCH and DELETE change state and need the CSRF token when signed in by cookie.
bool changes_state(std::string_view method);

inline constexpr const char* kCsrfHeader = "x-csrf-token";

}  // namespace iskra::central::http
