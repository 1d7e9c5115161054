// POST /api/v1/auth/login: the right password signs in with a well-made cookie; a wrong one and
// an unknown email are indistinguishable; repeated failures lock the account for a while.
#include <gtest/gtest.h>

#include "identity_fixture.hpp"

namespace iskra::central::identity::testing {
namespace {

using http::Role;
using nlohmann::json;
using namespace std::chrono_literals;

using LoginTest = IdentityTest;

TEST_P(LoginTest, RightPasswordSignsInWithUserAndCsrfToken) {
    const auto id = make_user("ada@example.com", Role::BackOfficeAdmin);
    auto response = login("  ADA@example.com ", kPassword);  // any case, stray spaces
    ASSERT_EQ(response.status, 200) << response.body;
    auto body = json_of(response);
    EXPECT_EQ(body["user"]["id"], id);
    EXPECT_EQ(body["user"]["email"], "ada@example.com");
    EXPECT_EQ(body["user"]["role"], "back_office_admin");
    EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
    EXPECT_FALSE(body["user"].contains("password_hash"));
    EXPECT_EQ(response.body.find(kPassword), std::string::npos);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'login_succeeded'"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE last_login_at_ms IS NOT NULL"), 1);
}

TEST_P(LoginTest, CookieIsHttpOnlyStrictAndSecureOnlyOverTls) {
    make_user("ada@example.com", Role::Driver);
    auto plain = login("ada@example.com");
    auto cookie = header(plain, "Set-Cookie").value_or("");
    EXPECT_EQ(cookie.rfind("iskra_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Max-Age=43200"), std::string::npos) << cookie;  // 12 h
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;

    http::Request request;
    request.method = "POST";
    request.path = "/api/v1/auth/login";
    request.headers["content-type"] = "application/json";
    request.body = json{{"email", "ada@example.com"}, {"password", kPassword}}.dump();
    request.secure = true;
    auto tls = raw(request);
    ASSERT_EQ(tls.status, 200);
    EXPECT_NE(header(tls, "Set-Cookie").value_or("").find("; Secure"), std::string::npos);
}

TEST_P(LoginTest, TheDatabaseKeepsOnlyTheCookiesHash) {
    make_user("ada@example.com", Role::Driver);
    auto browser = sign_in("ada@example.com");
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions WHERE id = '" + browser.cookie + "'"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions WHERE user_agent = 'identity-test' AND "
                    "remote_address = '192.0.2.7:50000'"),
              1);
}

TEST_P(LoginTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
    make_user("ada@example.com", Role::Driver);
    auto wrong = login("ada@example.com", "not the password");
    auto unknown = login("nobody@example.com", "not the password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_EQ(error_code(wrong), "invalid_credentials");
    EXPECT_FALSE(header(wrong, "Set-Cookie"));
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 0);
    // Both are logged; the unknown one without a user.
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'login_failed'"), 2);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE user_id IS NULL AND "
                    "email = 'nobody@example.com'"),
              1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE detail LIKE '%not the password%'"),
              0);
}

TEST_P(LoginTest, FiveFailuresLockForFifteenMinutesEvenTheRightPassword) {
    make_user("ada@example.com", Role::Driver);
    for (int i = 1; i <= 4; ++i)
        EXPECT_EQ(login("ada@example.com", "wrong password").status, 401) << i;
    auto fifth = login("ada@example.com", "wrong password");
    EXPECT_EQ(fifth.status, 423);
    EXPECT_EQ(error_code(fifth), "account_locked");
    EXPECT_EQ(header(fifth, "Retry-After"), "900");

    clock.advance(14min);
    auto still = login("ada@example.com", kPassword);
    EXPECT_EQ(still.status, 423);
    EXPECT_EQ(header(still, "Retry-After"), "60");
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions"), 0);

    clock.advance(1min);
    EXPECT_EQ(login("ada@example.com", kPassword).status, 200);
    EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE failed_logins = 0 AND "
                    "locked_until_ms IS NULL"),
              1);
}

TEST_P(LoginTest, LimitsComeFromTheOptions) {
    auto options = test_options();
    options.max_failures = 2;
    options.lockout = 1min;
    start(options);
    make_user("ada@example.com", Role::Driver);
    EXPECT_EQ(login("ada@example.com", "wrong password").status, 401);
    EXPECT_EQ(login("ada@example.com", "wrong password").status, 423);
    clock.advance(1min);
    EXPECT_EQ(login("ada@example.com", kPassword).status, 200);
}

TEST_P(LoginTest, ASuccessResetsTheCountOfFailures) {
    make_user("ada@example.com", Role::Driver);
    for (int i = 0; i < 4; ++i)
        login("ada@example.com", "wrong password");
    EXPECT_EQ(login("ada@example.com", kPassword).status, 200);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(login("ada@example.com", "wrong password").status, 401);
}

TEST_P(LoginTest, DisabledUsersCannotSignIn) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto id = make_user("ada@example.com", Role::Driver);
    ASSERT_EQ(call("PATCH", "/api/v1/users/" + id, json{{"status", "disabled"}}, &admin).status,
              200);
    auto response = login("ada@example.com", kPassword);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(error_code(response), "account_disabled");
    // A wrong password says only what it says to everyone.
    EXPECT_EQ(error_code(login("ada@example.com", "wrong password")), "invalid_credentials");
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions WHERE user_id = '" + id + "'"), 0);
}

TEST_P(LoginTest, LoginNeedsNoCsrfTokenButAJsonBody) {
    make_user("ada@example.com", Role::Driver);
    http::Request request;
    request.method = "POST";
    request.path = "/api/v1/auth/login";
    request.body = json{{"email", "ada@example.com"}, {"password", kPassword}}.dump();
    EXPECT_EQ(raw(request).status, 415);
}

TEST_P(LoginTest, AnswersAreNotCachedAndAnyUserAgentIsStoredSafely) {
    make_user("ada@example.com", Role::Driver);
    http::Request request;
    request.method = "POST";
    request.path = "/api/v1/auth/login";
    request.headers["content-type"] = "application/json";
    request.headers["user-agent"] = "bot \xff\xfe\x01" + std::string(1000, 'u');  // not UTF-8
    request.body = json{{"email", "ada@example.com"}, {"password", kPassword}}.dump();
    auto response = raw(request);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(header(response, "Cache-Control"), "no-store");
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions WHERE user_agent LIKE 'bot ???u%'"), 1);
}

ISKRA_STORAGE_BACKENDS(LoginTest);

}  // namespace
}  // namespace iskra::central::identity::testing
