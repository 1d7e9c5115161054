// POST /api/v1/auth/password (one's own, with the current password) and
// POST /api/v1/users/{id}/password (staff resetting someone else's).
#include <gtest/gtest.h>

#include "identity_fixture.hpp"

namespace iskra::central::identity::testing {
namespace {

using http::Role;
using nlohmann::json;

using PasswordTest = IdentityTest;

constexpr const char* kNewPassword = "a much better secret";

TEST_P(PasswordTest, ChangingOwnPasswordEndsTheOtherSessionsOnly) {
    make_user("ada@example.com", Role::Driver);
    auto here = sign_in("ada@example.com");
    auto elsewhere = sign_in("ada@example.com");
    auto response =
        call("POST", "/api/v1/auth/password",
             json{{"current_password", kPassword}, {"new_password", kNewPassword}}, &here);
    ASSERT_EQ(response.status, 204) << response.body;
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &here).status, 200);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &elsewhere).status, 401);
    EXPECT_EQ(login("ada@example.com", kPassword).status, 401);
    EXPECT_EQ(login("ada@example.com", kNewPassword).status, 200);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'password_changed'"), 1);
}

TEST_P(PasswordTest, TheRulesOfANewPasswordAndTheCurrentOne) {
    make_user("ada@example.com", Role::Driver);
    auto browser = sign_in("ada@example.com");
    const auto before = snapshot();
    struct Case {
        json body;
        std::string field;
    };
    for (const auto& [body, field] : std::vector<Case>{
             {{{"current_password", "wrong password"}, {"new_password", kNewPassword}},
              "current_password"},
             {{{"current_password", kPassword}, {"new_password", "short"}}, "new_password"},
             {{{"current_password", kPassword}, {"new_password", "ADA@example.com"}},
              "new_password"},
             {{{"current_password", kPassword}, {"new_password", kPassword}}, "new_password"},
             {{{"current_password", kPassword}}, "new_password"},
         }) {
        auto response = call("POST", "/api/v1/auth/password", body, &browser);
        EXPECT_EQ(response.status, 400) << body.dump();
        EXPECT_EQ(json_of(response)["error"]["field"], field) << body.dump();
    }
    EXPECT_EQ(snapshot(), before);
}

TEST_P(PasswordTest, StaffResetEndsEverySessionAndUnlocks) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto id = make_user("ada@example.com", Role::Driver);
    auto ada = sign_in("ada@example.com");
    for (int i = 0; i < 5; ++i)
        login("ada@example.com", "wrong password");
    ASSERT_EQ(login("ada@example.com", kPassword).status, 423);
    auto response =
        call("POST", "/api/v1/users/" + id + "/password", json{{"password", kNewPassword}}, &admin);
    ASSERT_EQ(response.status, 204) << response.body;
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &ada).status, 401);
    EXPECT_EQ(login("ada@example.com", kNewPassword).status, 200);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'password_reset' AND "
                    "actor_id = '" +
                    admin.user_id + "'"),
              1);
}

TEST_P(PasswordTest, StaffResettingTheirOwnStaySignedIn) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    ASSERT_EQ(call("POST", "/api/v1/users/" + admin.user_id + "/password",
                   json{{"password", kNewPassword}}, &admin)
                  .status,
              204);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &admin).status, 200);
}

TEST_P(PasswordTest, OnlyASuperAdminResetsASuperAdmin) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    auto super = sign_in_as(Role::SuperAdmin);
    const auto before = snapshot();
    auto response = call("POST", "/api/v1/users/" + super.user_id + "/password",
                         json{{"password", kNewPassword}}, &admin);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(error_code(response), "super_admin_only");
    EXPECT_EQ(snapshot(), before);
    auto other = make_user("root2@example.com", Role::SuperAdmin);
    EXPECT_EQ(call("POST", "/api/v1/users/" + other + "/password", json{{"password", kNewPassword}},
                   &super)
                  .status,
              204);
}

ISKRA_STORAGE_BACKENDS(PasswordTest);

}  // namespace
}  // namespace iskra::central::identity::testing
