// /api/v1/users: staff create, list, read and change accounts; who may touch a super admin;
// nobody takes away their own right to manage users.
#include <gtest/gtest.h>

#include "identity_fixture.hpp"

namespace iskra::central::identity::testing {
namespace {

using http::Role;
using nlohmann::json;

using UsersAdminTest = IdentityTest;

json new_user(const std::string& email, const std::string& role) {
    return {{"email", email},
            {"display_name", "Name of " + email},
            {"role", role},
            {"password", kPassword}};
}

TEST_P(UsersAdminTest, CreateStoresTheEmailLowerCasedAndAnswers201) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    auto response =
        call("POST", "/api/v1/users", new_user("Eve@Example.com", "technician"), &admin);
    ASSERT_EQ(response.status, 201) << response.body;
    auto user = json_of(response);
    EXPECT_EQ(user["email"], "eve@example.com");
    EXPECT_EQ(user["role"], "technician");
    EXPECT_EQ(user["status"], "active");
    EXPECT_FALSE(user.contains("password_hash"));
    EXPECT_EQ(response.body.find(kPassword), std::string::npos);
    EXPECT_EQ(login("eve@example.com").status, 200);

    auto again = call("POST", "/api/v1/users", new_user("EVE@example.com", "driver"), &admin);
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(json_of(again)["error"]["field"], "email");
    EXPECT_EQ(error_code(again), "email_taken");
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'user_created' AND "
                    "actor_id = '" +
                    admin.user_id + "'"),
              1);
}

TEST_P(UsersAdminTest, ListFiltersAndPages) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    for (int i = 0; i < 5; ++i)
        make_user("tech" + std::to_string(i) + "@example.com", Role::Technician);
    make_user("100%_driver@example.com", Role::Driver);

    auto all = json_of(call("GET", "/api/v1/users", std::nullopt, &admin));
    EXPECT_EQ(all["total"], 7);  // with the admin

    auto page = json_of(
        call("GET", "/api/v1/users?role=technician&limit=2&offset=2", std::nullopt, &admin));
    EXPECT_EQ(page["total"], 5);
    ASSERT_EQ(page["items"].size(), 2u);
    EXPECT_EQ(page["limit"], 2);
    EXPECT_EQ(page["offset"], 2);

    auto found = json_of(call("GET", "/api/v1/users?q=TECH3", std::nullopt, &admin));
    ASSERT_EQ(found["total"], 1);
    EXPECT_EQ(found["items"][0]["email"], "tech3@example.com");
    // LIKE's wildcards in q match themselves.
    EXPECT_EQ(json_of(call("GET", "/api/v1/users?q=%25_", std::nullopt, &admin))["total"], 1);
    EXPECT_EQ(json_of(call("GET", "/api/v1/users?status=disabled", std::nullopt, &admin))["total"],
              0);
}

TEST_P(UsersAdminTest, ReadAndPatchAUser) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto id = make_user("eve@example.com", Role::Driver);
    auto shown = call("GET", "/api/v1/users/" + id, std::nullopt, &admin);
    ASSERT_EQ(shown.status, 200);
    EXPECT_EQ(json_of(shown)["email"], "eve@example.com");

    clock.advance(std::chrono::seconds(5));
    auto patched = call("PATCH", "/api/v1/users/" + id,
                        json{{"display_name", "Eve Q."}, {"role", "call_centre"}}, &admin);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(json_of(patched)["display_name"], "Eve Q.");
    EXPECT_EQ(json_of(patched)["role"], "call_centre");
    EXPECT_NE(json_of(patched)["updated_at"], json_of(shown)["updated_at"]);
    EXPECT_EQ(count("SELECT COUNT(*) FROM identity_events WHERE kind = 'user_updated'"), 1);
}

TEST_P(UsersAdminTest, DisablingEndsTheirSessions) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    auto eve = sign_in_as(Role::Technician);
    ASSERT_EQ(
        call("PATCH", "/api/v1/users/" + eve.user_id, json{{"status", "disabled"}}, &admin).status,
        200);
    EXPECT_EQ(count("SELECT COUNT(*) FROM login_sessions WHERE user_id = '" + eve.user_id + "'"),
              0);
    EXPECT_EQ(call("GET", "/api/v1/auth/me", std::nullopt, &eve).status, 401);
    ASSERT_EQ(
        call("PATCH", "/api/v1/users/" + eve.user_id, json{{"status", "active"}}, &admin).status,
        200);
    EXPECT_EQ(login("technician@example.com").status, 200);
}

TEST_P(UsersAdminTest, UnlockResetsTheFailures) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto id = make_user("eve@example.com", Role::Driver);
    for (int i = 0; i < 5; ++i)
        login("eve@example.com", "wrong password");
    auto locked = json_of(call("GET", "/api/v1/users/" + id, std::nullopt, &admin));
    EXPECT_EQ(locked["locked"], true);
    EXPECT_EQ(locked["failed_logins"], 5);
    auto unlocked = call("PATCH", "/api/v1/users/" + id, json{{"unlock", true}}, &admin);
    ASSERT_EQ(unlocked.status, 200);
    EXPECT_EQ(json_of(unlocked)["locked"], false);
    EXPECT_EQ(json_of(unlocked)["failed_logins"], 0);
    EXPECT_EQ(login("eve@example.com").status, 200);
}

TEST_P(UsersAdminTest, OnlyASuperAdminCreatesPromotesOrChangesASuperAdmin) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    auto super = sign_in_as(Role::SuperAdmin);
    const auto eve = make_user("eve@example.com", Role::Driver);
    const auto before = snapshot();
    for (auto response : {
             call("POST", "/api/v1/users", new_user("root@example.com", "super_admin"), &admin),
             call("PATCH", "/api/v1/users/" + eve, json{{"role", "super_admin"}}, &admin),
             call("PATCH", "/api/v1/users/" + super.user_id, json{{"display_name", "x"}}, &admin),
             call("PATCH", "/api/v1/users/" + super.user_id, json{{"status", "disabled"}}, &admin),
         }) {
        EXPECT_EQ(response.status, 403) << response.body;
        EXPECT_EQ(error_code(response), "super_admin_only");
    }
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(
        call("POST", "/api/v1/users", new_user("root@example.com", "super_admin"), &super).status,
        201);
    EXPECT_EQ(call("PATCH", "/api/v1/users/" + eve, json{{"role", "super_admin"}}, &super).status,
              200);
}

TEST_P(UsersAdminTest, NobodyDemotesOrDisablesThemselves) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto before = snapshot();
    auto demote =
        call("PATCH", "/api/v1/users/" + admin.user_id, json{{"role", "technician"}}, &admin);
    EXPECT_EQ(demote.status, 403);
    EXPECT_EQ(error_code(demote), "cannot_demote_self");
    auto disable =
        call("PATCH", "/api/v1/users/" + admin.user_id, json{{"status", "disabled"}}, &admin);
    EXPECT_EQ(error_code(disable), "cannot_disable_self");
    EXPECT_EQ(snapshot(), before);
    // A change that keeps the right is fine.
    EXPECT_EQ(call("PATCH", "/api/v1/users/" + admin.user_id, json{{"display_name", "Me"}}, &admin)
                  .status,
              200);
}

TEST_P(UsersAdminTest, CreateUserForTheAppHasTheRouteRules) {
    auto created =
        module->create_user({"Demo@Example.com", "Demo", Role::BackOfficeAdmin, "demo password 1"});
    ASSERT_TRUE(created);
    EXPECT_EQ(login("demo@example.com", "demo password 1").status, 200);
    auto duplicate = module->create_user({"demo@example.com", "Demo", Role::Driver, kPassword});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().status, 409);
    auto weak = module->create_user({"new@example.com", "New", Role::Driver, "short"});
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().field, "password");
}

ISKRA_STORAGE_BACKENDS(UsersAdminTest);

}  // namespace
}  // namespace iskra::central::identity::testing
