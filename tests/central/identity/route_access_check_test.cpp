// The checker itself: it must catch a route that answers against its declared access, or it
// proves nothing. A fake authenticator signs in by role name, as in the dispatcher's tests.
#include "route_access_check.hpp"

#include <gtest/gtest.h>

namespace iskra::central::testing {
namespace {

using http::Access;
using http::Permission;

class RoleCookieAuthenticator : public http::Authenticator {
public:
    std::optional<http::UserPrincipal> user(const http::Request& request) override {
        auto name = request.cookie("role");
        if (!name) return std::nullopt;
        auto role = http::parse_role(*name);
        if (!role) return std::nullopt;
        return http::UserPrincipal{"u-" + *name, *name + "@example.com", *role, "s",
                                   "csrf-" + *name};
    }
    std::optional<http::GatewayPrincipal> gateway(const http::Request& request) override {
        if (request.header("authorization") == "Bearer gw") return http::GatewayPrincipal{"g", "s"};
        return std::nullopt;
    }
};

std::map<std::string, std::string> sign_in(http::Role role) {
    const std::string name(http::to_string(role));
    return {{"cookie", "role=" + name}, {http::kCsrfHeader, "csrf-" + name}};
}

http::Response ok(const http::Context&) {
    return http::json_response(200, {{"ok", true}});
}

TEST(RouteAccessCheck, AWellBehavedRouterHasNoFindings) {
    http::Router router;
    router.add("GET", "/api/v1/things/{id}", Access::user(Permission::StationsView), ok);
    router.add("POST", "/api/v1/things", Access::user(Permission::StationsManage), ok);
    router.add("POST", "/api/gateway/v1/events", Access::gateway(), ok);
    router.add("GET", "/api/v1/health", Access::public_route(), ok);
    RoleCookieAuthenticator authenticator;
    http::Dispatcher dispatcher(router, authenticator);
    EXPECT_TRUE(check_route_access(router, dispatcher, sign_in).empty());
}

TEST(RouteAccessCheck, AHandlerThatRefusesEveryoneIsFound) {
    http::Router router;
    router.add(
        "GET", "/api/v1/things", Access::user(Permission::StationsView),
        [](const http::Context&) -> http::Response { throw http::ApiError::forbidden("no"); });
    RoleCookieAuthenticator authenticator;
    http::Dispatcher dispatcher(router, authenticator);
    auto findings = check_route_access(router, dispatcher, sign_in);
    // One per role that holds StationsView.
    std::size_t holders = 0;
    for (auto role : http::all_roles())
        if (http::role_has(role, Permission::StationsView)) ++holders;
    EXPECT_EQ(findings.size(), holders);
}

TEST(RouteAccessCheck, APublicRouteThatDemandsASessionIsFound) {
    http::Router router;
    router.add("GET", "/api/v1/open", Access::public_route(), [](const http::Context& context) {
        context.signed_in();  // throws 401: the route should have been Access::user
        return http::no_content();
    });
    RoleCookieAuthenticator authenticator;
    http::Dispatcher dispatcher(router, authenticator);
    EXPECT_EQ(check_route_access(router, dispatcher, sign_in).size(), 1u);
}

TEST(RouteAccessCheck, SamplePathsFillEveryParameter) {
    EXPECT_EQ(sample_path("/api/v1/users/{id}/password"),
              "/api/v1/users/00000000-0000-4000-8000-000000000000/password");
    EXPECT_EQ(sample_path("/a/{x}/{y}"),
              "/a/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000000");
    EXPECT_EQ(sample_path("/api/v1/health"), "/api/v1/health");
}

}  // namespace
}  // namespace iskra::central::testing
