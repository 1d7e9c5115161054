// The cookie's session: who it names (GET /auth/me), CSRF on state-changing requests, the idle
// timeout with its once-a-minute sliding write, the absolute lifetime, and logout.
#include <gtest/gtest.h>

#include "identity_fixture.hpp"

namespace iskra::central::identity::testing {
namespace {

using http::Role;
using nlohmann::json;
using namespace std::chrono_literals;

using SessionTest = IdentityTest;

TEST_P(SessionTest, MeNamesTheUserTheirPermissionsAndTheCsrfToken) {
    auto browser = sign_in_as(Role::SupportFirstLine);
    auto response = call("GET", "/api/v1/auth/me", std::nullopt, &browser);
    ASSERT_EQ(response.status, 200) << response.body;
    auto body = json_of(response);
    EXPECT_EQ(body["user"]["id"], browser.user_id);
    EXPECT_EQ(body["csrf_token"], browser.csrf);
    std::vector<std::string> permissions = body["permissions"];
    for (auto permission : http::all_permissions()) {
        const bool listed = std::find(permissions.begin(), permissions.end(),
                                      http::to_string(permission)) != permissions.end();
        EXPECT_EQ(listed, http::role_has(Role::SupportFirstLine, permission))
            << http::to_string(permission);
    }
}

TEST_P(SessionTest, NoOrGarbageCookieIsNotSignedIn) {
    EXPECT_EQ(call("GET", "/api/v1/auth/me").status, 401);
    Browser garbage{"not-a-session", "x", ""};
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &garbage).status, 401);
    Browser unknown{std::string(64, 'a'), "x", ""};
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &unknown).status, 401);
}

TEST_P(SessionTest, StateChangingRequestsNeedTheSessionsCsrfToken) {
    auto browser = sign_in_as(Role::Driver);
    auto missing = call("POST", "/api/v1/auth/logout", json::object(), &browser, false);
    EXPECT_EQ(missing.status, 403);
    EXPECT_EQ(error_code(missing), "csrf_token_invalid");
    Browser wrong = browser;
    wrong.csrf = std::string(64, '0');
    EXPECT_EQ(error_code(call("POST", "/api/v1/auth/logout", json::object(), &wrong)),
              "csrf_token_invalid");
    // Another session's token is no good either.
    auto other = sign_in_as(Role::Driver);
    wrong.csrf = other.csrf;
    EXPECT_EQ(call("POST", "/api/v1/auth/logout", json::object(), &wrong).status, 403);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 2);
    // A GET needs none.
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser, false).status, 200);
}

TEST_P(SessionTest, LogoutEndsTheSessionAndClearsTheCookie) {
    auto browser = sign_in_as(Role::Driver);
    auto other = sign_in_as(Role::Driver);
    auto response = call("POST", "/api/v1/auth/logout", std::nullopt, &browser);
    EXPECT_EQ(response.status, 204);
    auto cookie = header(response, "Set-Cookie").value_or("");
    EXPECT_EQ(cookie.rfind("iskra_session=;", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 401);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &other).status, 200);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'logout'"), 1);
}

TEST_P(SessionTest, IdleSessionsExpire) {
    auto browser = sign_in_as(Role::Driver);
    clock.advance(29min);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 200);
    clock.advance(30min);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 401);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 0);  // deleted when found stale
}

TEST_P(SessionTest, UseSlidesTheIdleTimeoutButWritesAtMostOnceAMinute) {
    auto browser = sign_in_as(Role::Driver);
    const auto seen = [&] { return count("SELECT MAX(last_seen_at_ms) FROM login_sessions"); };
    const auto at_login = seen();
    clock.advance(30s);
    call("GET", "/api/v1/auth/me", std::nullopt, &browser);
    EXPECT_EQ(seen(), at_login);  // under a minute: no write
    clock.advance(30s);
    call("GET", "/api/v1/auth/me", std::nullopt, &browser);
    EXPECT_EQ(seen(), at_login + 60'000);
    // Twenty-minute steps keep it alive well past 30 minutes after login.
    for (int i = 0; i < 4; ++i) {
        clock.advance(20min);
        EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 200) << i;
    }
}

TEST_P(SessionTest, TheAbsoluteLifetimeEndsEvenABusySession) {
    auto browser = sign_in_as(Role::Driver);
    for (int i = 0; i < 35; ++i) {  // 35 × 20 min = 11 h 40 min
        clock.advance(20min);
        ASSERT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 200) << i;
    }
    clock.advance(20min);  // 12 h
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &browser).status, 401);
}

TEST_P(SessionTest, ARoleChangeAppliesToLiveSessionsAtOnce) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    auto tech = sign_in_as(Role::Technician);
    EXPECT_EQ(call("GET", "/api/v1/users", std::nullopt, &tech).status, 403);
    ASSERT_EQ(
        call("PATCH", "/api/v1/users/" + tech.user_id, json{{"role", "back_office_admin"}}, &admin)
            .status,
        200);
    EXPECT_EQ(call("GET", "/api/v1/users", std::nullopt, &tech).status, 200);
}

TEST_P(SessionTest, ThePurgeDropsOnlyStaleSessions) {
    auto old = sign_in_as(Role::Driver);
    clock.advance(20min);
    auto fresh = sign_in_as(Role::Technician);
    clock.advance(15min);  // old: idle 35 min; fresh: 15 min
    EXPECT_EQ(module->purge_expired_sessions(), 1u);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 1);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &fresh).status, 200);
}

ISKRA_STORAGE_BACKENDS(SessionTest);

}  // namespace
}  // namespace iskra::central::identity::testing
