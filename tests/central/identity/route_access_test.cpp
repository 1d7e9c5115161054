// Every identity route, every role: 401 without a session, 403 without the permission, neither
// with it, CSRF on state-changing ones. The checker is generic (tests/central/support); the app
// test runs it over the whole router.
#include <gtest/gtest.h>

#include "identity_fixture.hpp"
#include "route_access_check.hpp"

namespace iskra::central::identity::testing {
namespace {

using RouteAccessTest = IdentityTest;

TEST_P(RouteAccessTest, EveryRouteAnswersAsItsAccessSays) {
    ASSERT_GE(router->routes().size(), 9u);
    auto findings =
        central::testing::check_route_access(*router, *dispatcher_, [this](http::Role role) {
            auto browser = sign_in_as(role);
            return std::map<std::string, std::string>{
                {"cookie", std::string(kSessionCookie) + "=" + browser.cookie},
                {http::kCsrfHeader, browser.csrf}};
        });
    for (const auto& finding : findings)
        ADD_FAILURE() << finding;
}

TEST_P(RouteAccessTest, OnlyLoginIsPublicAndUsersNeedUsersManage) {
    for (const auto& route : router->routes()) {
        const std::string where = route.method + " " + route.pattern;
        if (route.pattern == "/api/v1/auth/login") {
            EXPECT_EQ(route.access.kind, http::Access::Kind::Public) << where;
        } else if (route.pattern.starts_with("/api/v1/users")) {
            EXPECT_EQ(route.access.kind, http::Access::Kind::User) << where;
            EXPECT_EQ(route.access.permission, http::Permission::UsersManage) << where;
        } else {
            EXPECT_EQ(route.access.kind, http::Access::Kind::User) << where;
            EXPECT_EQ(route.access.permission, http::Permission::OwnAccount) << where;
        }
    }
}

ISKRA_STORAGE_BACKENDS(RouteAccessTest);

}  // namespace
}  // namespace iskra::central::identity::testing
