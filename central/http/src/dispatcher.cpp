#include "iskra/central/http/dispatcher.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "iskra/log/log.hpp"

namespace iskra::central::http {
namespace {

// Compares without an early exit so the time taken says nothing about how much matched.
bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::string join(const std::vector<std::string>& methods) {
    std::string out;
    for (const auto& method : methods) {
        if (out.find(method) != std::string::npos) continue;
        if (!out.empty()) out += ", ";
        out += method;
    }
    return out;
}

}  // namespace

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Dispatcher::Dispatcher(const Router& router, Authenticator& authenticator)
    : router_(router), authenticator_(authenticator) {}

Response Dispatcher::handle(const Request& request) const {
    try {
        std::vector<std::string> allowed;
        auto matched = router_.match(request.method, request.path, &allowed);
        if (!matched) {
            if (allowed.empty()) {
                return error_response(ApiError::not_found("no such route: " + request.path));
            }
            return error_response({405,
                                   "method_not_allowed",
                                   request.method + " is not allowed on " + request.path,
                                   {}})
                .with_header("Allow", join(allowed));
        }
        Context context{request, std::move(matched->params), std::nullopt, std::nullopt};
        const Access& access = matched->route->access;
        if (access.kind == Access::Kind::Gateway) {
            context.gateway = authenticator_.gateway(request);
            if (!context.gateway) {
                return error_response(ApiError::unauthorized(
                    "the gateway's credentials are missing or wrong", "gateway_unauthorized"));
            }
        } else if (access.kind == Access::Kind::User) {
            context.user = authenticator_.user(request);
            if (!context.user) return error_response(ApiError::unauthorized("sign in first"));
            if (!role_has(context.user->role, access.permission)) {
                return error_response(ApiError::forbidden(
                    "your role (" + std::string(to_string(context.user->role)) +
                    ") may not do this; it needs " + std::string(to_string(access.permission))));
            }
            if (changes_state(request.method)) {
                auto token = request.header(kCsrfHeader);
                if (!token || !same_secret(*token, context.user->csrf_token)) {
                    return error_response(ApiError::forbidden(
                        "missing or wrong X-CSRF-Token header", "csrf_token_invalid"));
                }
            }
        }
        return matched->route->handler(context);
    } catch (const ApiError& error) {
        return error_response(error);
    } catch (const std::exception& e) {
        log::error("http", request.method + " " + request.path + " failed: " + e.what());
        return error_response({500, "internal_error", "the server failed; it is logged", {}});
    }
}

}  // namespace iskra::central::http
