#include "route_access_check.hpp"

#include <nlohmann/json.hpp>

namespace iskra::central::testing {
namespace {

constexpr std::string_view kNoSuchId = "00000000-0000-4000-8000-000000000000";

http::Request request_for(const http::Route& route) {
    http::Request request;
    request.method = route.method;
    request.path = sample_path(route.pattern);
    request.headers["content-type"] = "application/json";
    request.body = "{}";
    request.remote_address = "127.0.0.1:40000";
    return request;
}

std::string error_code(const http::Response& response) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return {};
    return body["error"].value("code", "");
}

class Checker {
public:
    Checker(const http::Dispatcher& dispatcher, const SignIn& sign_in)
        : dispatcher_(dispatcher), sign_in_(sign_in) {}

    void check(const http::Route& route) {
        switch (route.access.kind) {
            case http::Access::Kind::Public:
                return check_public(route);
            case http::Access::Kind::Gateway:
                return check_gateway(route);
            case http::Access::Kind::User:
                return check_user(route);
        }
    }

    std::vector<std::string> findings;

private:
    void expect(const http::Route& route, std::string_view who, const http::Response& response,
                bool ok, std::string_view expected) {
        if (ok) return;
        findings.push_back(route.method + " " + route.pattern + " " + std::string(who) + ": " +
                           std::to_string(response.status) + " " + error_code(response) +
                           ", expected " + std::string(expected));
    }

    void check_public(const http::Route& route) {
        auto response = dispatcher_.handle(request_for(route));
        expect(route, "without a session", response,
               !(response.status == 401 && error_code(response) == "unauthenticated"),
               "an answer without signing in");
    }

    void check_gateway(const http::Route& route) {
        auto response = dispatcher_.handle(request_for(route));
        expect(route, "without credentials", response, response.status == 401, "401");
        auto as_user = request_for(route);
        for (auto& [name, value] : sign_in_(http::Role::SuperAdmin))
            as_user.headers[name] = value;
        response = dispatcher_.handle(as_user);
        expect(route, "with a super admin's session", response, response.status == 401, "401");
    }

    void check_user(const http::Route& route) {
        auto response = dispatcher_.handle(request_for(route));
        expect(route, "without a session", response, response.status == 401, "401");
        for (http::Role role : http::all_roles()) {
            const std::string who = "as " + std::string(http::to_string(role));
            auto request = request_for(route);
            for (auto& [name, value] : sign_in_(role))
                request.headers[name] = value;
            if (!http::role_has(role, route.access.permission)) {
                response = dispatcher_.handle(request);
                expect(route, who, response,
                       response.status == 403 && error_code(response) == "forbidden", "403");
                continue;
            }
            if (http::changes_state(route.method)) check_csrf(route, who, request);
            response = dispatcher_.handle(request);
            expect(route, who, response, response.status != 401 && response.status != 403,
                   "neither 401 nor 403");
        }
    }

    // Uses the session of `request` without its token, then with a wrong one, before the
    // request itself runs (which may end the session: logout).
    void check_csrf(const http::Route& route, const std::string& who, http::Request request) {
        const std::string token = request.headers[http::kCsrfHeader];
        request.headers.erase(http::kCsrfHeader);
        auto response = dispatcher_.handle(request);
        expect(route, who + " without X-CSRF-Token", response,
               response.status == 403 && error_code(response) == "csrf_token_invalid",
               "403 csrf_token_invalid");
        request.headers[http::kCsrfHeader] = token.empty() ? "x" : token + "0";
        response = dispatcher_.handle(request);
        expect(route, who + " with a wrong X-CSRF-Token", response,
               response.status == 403 && error_code(response) == "csrf_token_invalid",
               "403 csrf_token_invalid");
    }

    const http::Dispatcher& dispatcher_;
    const SignIn& sign_in_;
};

}  // namespace

std::string sample_path(std::string_view pattern) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const auto close = pattern.find('}', i);
            if (close == std::string_view::npos) break;
            out += kNoSuchId;
            i = close + 1;
        } else {
            out += pattern[i++];
        }
    }
    return out;
}

std::vector<std::string> check_route_access(const http::Router& router,
                                            const http::Dispatcher& dispatcher,
                                            const SignIn& sign_in) {
    Checker checker(dispatcher, sign_in);
    for (const auto& route : router.routes())
        checker.check(route);
    return std::move(checker.findings);
}

}  // namespace iskra::central::testing
