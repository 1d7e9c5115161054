#include <gtest/gtest.h>

#include <stdexcept>

#include "iskra/central/http/dispatcher.hpp"

namespace iskra::central::http {
namespace {

// Signs in whoever the test says, by a fixed cookie; the real one is central/identity.
class FakeAuthenticator final : public Authenticator {
public:
    std::optional<UserPrincipal> signed_in;
    std::optional<GatewayPrincipal> gateway_signed_in;
    std::optional<UserPrincipal> user(const Request& request) override {
        if (!request.cookie("iskra_session")) return std::nullopt;
        return signed_in;
    }
    std::optional<GatewayPrincipal> gateway(const Request&) override { return gateway_signed_in; }
};

nlohmann::json body_of(const Response& response) {
    return nlohmann::json::parse(response.body);
}

class DispatcherTest : public ::testing::Test {
protected:
    DispatcherTest() {
        router.add("GET", "/api/v1/stations", Access::user(Permission::StationsView),
                   [](const Context& c) {
                       return json_response(200, {{"user", c.signed_in().user_id}});
                   });
        router.add("POST", "/api/v1/stations/{id}/restart",
                   Access::user(Permission::StationsControl), [this](const Context& c) {
                       ++restarts;
                       return json_response(202, {{"station", c.param("id")}});
                   });
        router.add("POST", "/api/gateway/v1/events", Access::gateway(), [](const Context& c) {
            return json_response(200, {{"gateway", c.calling_gateway().gateway_id}});
        });
        router.add("GET", "/api/v1/health", Access::public_route(), [](const Context&) {
            return json_response(200, {{"ok", true}});
        });
        router.add("GET", "/api/v1/boom", Access::public_route(),
                   [](const Context&) -> Response { throw std::runtime_error("disk on fire"); });
        router.add("POST", "/api/v1/bad", Access::public_route(), [](const Context&) -> Response {
            throw ApiError::bad_request("connector_id", "connector_id must be an integer");
        });
    }

    Request request(std::string method, std::string path, bool with_cookie = true) {
        Request r;
        r.method = std::move(method);
        r.path = std::move(path);
        if (with_cookie) r.headers["cookie"] = "iskra_session=abc";
        return r;
    }

    UserPrincipal user_with(Role role) { return {"u-1", "a@b.c", role, "s-1", "csrf-123"}; }

    Router router;
    FakeAuthenticator authenticator;
    Dispatcher dispatcher{router, authenticator};
    int restarts = 0;
};

TEST_F(DispatcherTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
    auto missing = dispatcher.handle(request("GET", "/api/v1/nothing"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(body_of(missing)["error"]["code"], "not_found");
    auto wrong = dispatcher.handle(request("DELETE", "/api/v1/stations"));
    EXPECT_EQ(wrong.status, 405);
    ASSERT_EQ(wrong.headers.size(), 1u);
    EXPECT_EQ(wrong.headers[0], (std::pair<std::string, std::string>{"Allow", "GET"}));
}

TEST_F(DispatcherTest, UserRouteWithoutSessionIs401) {
    authenticator.signed_in = user_with(Role::SuperAdmin);
    auto response = dispatcher.handle(request("GET", "/api/v1/stations", false));
    EXPECT_EQ(response.status, 401);
}

TEST_F(DispatcherTest, RoleWithoutThePermissionIs403AndTheHandlerNeverRuns) {
    authenticator.signed_in = user_with(Role::CallCentre);  // may view, may not restart
    EXPECT_EQ(dispatcher.handle(request("GET", "/api/v1/stations")).status, 200);
    auto r = request("POST", "/api/v1/stations/ST-1/restart");
    r.headers["x-csrf-token"] = "csrf-123";
    auto response = dispatcher.handle(r);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(restarts, 0);
}

TEST_F(DispatcherTest, StateChangeNeedsTheSessionsCsrfToken) {
    authenticator.signed_in = user_with(Role::Technician);
    auto missing = dispatcher.handle(request("POST", "/api/v1/stations/ST-1/restart"));
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(body_of(missing)["error"]["code"], "csrf_token_invalid");
    auto r = request("POST", "/api/v1/stations/ST-1/restart");
    r.headers["x-csrf-token"] = "csrf-124";
    EXPECT_EQ(dispatcher.handle(r).status, 403);
    EXPECT_EQ(restarts, 0);
    r.headers["x-csrf-token"] = "csrf-123";
    auto ok = dispatcher.handle(r);
    EXPECT_EQ(ok.status, 202);
    EXPECT_EQ(body_of(ok)["station"], "ST-1");
    EXPECT_EQ(restarts, 1);
}

TEST_F(DispatcherTest, GatewayRoutesNeedGatewayCredentialsNotAUserSession) {
    authenticator.signed_in = user_with(Role::SuperAdmin);
    auto refused = dispatcher.handle(request("POST", "/api/gateway/v1/events"));
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(body_of(refused)["error"]["code"], "gateway_unauthorized");
    authenticator.gateway_signed_in = GatewayPrincipal{"gw-1", "site-1"};
    auto accepted = dispatcher.handle(request("POST", "/api/gateway/v1/events", false));
    EXPECT_EQ(accepted.status, 200);
    EXPECT_EQ(body_of(accepted)["gateway"], "gw-1");
}

TEST_F(DispatcherTest, ApiErrorBecomesTheErrorBodyWithItsField) {
    auto response = dispatcher.handle(request("POST", "/api/v1/bad", false));
    EXPECT_EQ(response.status, 400);
    auto body = body_of(response);
    EXPECT_EQ(body["error"]["code"], "invalid_field");
    EXPECT_EQ(body["error"]["field"], "connector_id");
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

TEST_F(DispatcherTest, AnyOtherFailureIs500WithoutItsDetails) {
    auto response = dispatcher.handle(request("GET", "/api/v1/boom", false));
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.body.find("disk on fire"), std::string::npos);
}

TEST(AccessTable, SuperAdminHoldsEveryPermissionAndDriverOnlyTheirOwn) {
    for (Permission p : all_permissions()) {
        EXPECT_TRUE(role_has(Role::SuperAdmin, p)) << to_string(p);
        EXPECT_EQ(role_has(Role::Driver, p), p == Permission::OwnAccount) << to_string(p);
    }
    for (Role role : all_roles())
        EXPECT_EQ(parse_role(to_string(role)), role);
    EXPECT_FALSE(parse_role("root"));
}

}  // namespace
}  // namespace iskra::central::http
