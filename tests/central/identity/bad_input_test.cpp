// Bad input on every identity route: missing fields, wrong types, huge strings, unknown ids,
// not JSON. Each answers a 4xx with the JSON error body, and the tables are as they were.
#include <gtest/gtest.h>

#include "identity_fixture.hpp"

namespace iskra::central::identity::testing {
namespace {

using http::Role;
using nlohmann::json;

struct BadCase {
    std::string method;
    std::string path;  // "{eve}" is replaced by a real user's id
    std::optional<json> body;
    int status;
    std::string field;  // expected error.field, or empty for none
};

class BadInputTest : public IdentityTest {
protected:
    void expect_refused(const Browser* as, const std::vector<BadCase>& cases,
                        const std::string& eve) {
        const auto before = snapshot();
        for (const auto& c : cases) {
            std::string path = c.path;
            if (auto at = path.find("{eve}"); at != std::string::npos) path.replace(at, 5, eve);
            auto response = call(c.method, path, c.body, as);
            const std::string what = c.method + " " + path.substr(0, 80) + " " +
                                     (c.body ? c.body->dump().substr(0, 80) : "(no body)");
            EXPECT_EQ(response.status, c.status) << what << " → " << response.body.substr(0, 200);
            auto body = json::parse(response.body, nullptr, false);
            ASSERT_TRUE(body.is_object() && body.contains("error")) << what;
            EXPECT_TRUE(body["error"]["code"].is_string()) << what;
            EXPECT_TRUE(body["error"]["message"].is_string()) << what;
            if (!c.field.empty()) {
                EXPECT_EQ(body["error"].value("field", ""), c.field) << what;
            }
            EXPECT_LT(response.body.size(), 1000u) << what << ": the error echoes the input";
        }
        EXPECT_EQ(snapshot(), before);
    }
};

const std::string kHuge(100'000, 'x');
const std::string kNoSuchUser = "00000000-0000-4000-8000-000000000000";

TEST_P(BadInputTest, Login) {
    make_user("eve@example.com", Role::Driver);
    expect_refused(
        nullptr,
        {
            {"POST", "/api/v1/auth/login", std::nullopt, 415, ""},
            {"POST", "/api/v1/auth/login", json::array(), 400, ""},
            {"POST", "/api/v1/auth/login", json{{"password", kPassword}}, 400, "email"},
            {"POST", "/api/v1/auth/login", json{{"email", "eve@example.com"}}, 400, "password"},
            {"POST", "/api/v1/auth/login", json{{"email", 7}, {"password", kPassword}}, 400,
             "email"},
            {"POST", "/api/v1/auth/login",
             json{{"email", "eve@example.com"}, {"password", json::array()}}, 400, "password"},
            {"POST", "/api/v1/auth/login", json{{"email", kHuge}, {"password", "x"}}, 400, "email"},
            {"POST", "/api/v1/auth/login", json{{"email", "eve@example.com"}, {"password", kHuge}},
             400, "password"},
            {"POST", "/api/v1/auth/login",
             json{{"email", "eve@example.com"}, {"password", kPassword}, {"x", 1}}, 400, "x"},
        },
        "");
}

TEST_P(BadInputTest, OwnAccount) {
    make_user("eve@example.com", Role::Driver);
    auto eve = sign_in("eve@example.com");
    expect_refused(
        &eve,
        {
            {"POST", "/api/v1/auth/password", std::nullopt, 415, ""},
            {"POST", "/api/v1/auth/password", json{{"new_password", "a new password"}}, 400,
             "current_password"},
            {"POST", "/api/v1/auth/password",
             json{{"current_password", kPassword}, {"new_password", 1234567890}}, 400,
             "new_password"},
            {"POST", "/api/v1/auth/password",
             json{{"current_password", kPassword}, {"new_password", kHuge}}, 400, "new_password"},
            {"POST", "/api/v1/auth/password",
             json{{"current_password", kHuge}, {"new_password", "a new password"}}, 400,
             "current_password"},
            {"GET", "/api/v1/auth/nothing", std::nullopt, 404, ""},
            {"DELETE", "/api/v1/auth/me", std::nullopt, 405, ""},
        },
        "");
}

TEST_P(BadInputTest, UsersAdministration) {
    auto admin = sign_in_as(Role::BackOfficeAdmin);
    const auto eve = make_user("eve@example.com", Role::Driver);
    const json ok{{"email", "new@example.com"},
                  {"display_name", "New"},
                  {"role", "driver"},
                  {"password", kPassword}};
    auto with = [&](const std::string& key, const json& value) {
        json body = ok;
        if (value.is_discarded()) {
            body.erase(key);
        } else {
            body[key] = value;
        }
        return body;
    };
    const json missing = json(json::value_t::discarded);
    std::vector<BadCase> cases = {
        {"POST", "/api/v1/users", std::nullopt, 415, ""},
        {"POST", "/api/v1/users", json("a string"), 400, ""},
        {"POST", "/api/v1/users", with("email", "eve@example.com"), 409, "email"},
        {"POST", "/api/v1/users", with("password", "x"), 400, "password"},
        {"POST", "/api/v1/users", with("password", "new@example.com"), 400, "password"},
        {"POST", "/api/v1/users", with("role", "emperor"), 400, "role"},
        {"POST", "/api/v1/users", with("role", 3), 400, "role"},
        {"POST", "/api/v1/users", with("display_name", "  "), 400, "display_name"},
        {"POST", "/api/v1/users", with("display_name", kHuge), 400, "display_name"},
        {"POST", "/api/v1/users", with("id", "chosen-id"), 400, "id"},
        {"GET", "/api/v1/users?limit=0", std::nullopt, 400, "limit"},
        {"GET", "/api/v1/users?offset=-1", std::nullopt, 400, "offset"},
        {"GET", "/api/v1/users?role=emperor", std::nullopt, 400, "role"},
        {"GET", "/api/v1/users?status=sleeping", std::nullopt, 400, "status"},
        {"GET", "/api/v1/users?q=" + std::string(300, 'q'), std::nullopt, 400, "q"},
        {"GET", "/api/v1/users/" + kNoSuchUser, std::nullopt, 404, ""},
        {"GET", "/api/v1/users/" + kHuge, std::nullopt, 404, ""},
        {"PATCH", "/api/v1/users/" + kNoSuchUser, json{{"display_name", "x"}}, 404, ""},
        {"PATCH", "/api/v1/users/{eve}", json{{"role", "emperor"}}, 400, "role"},
        {"PATCH", "/api/v1/users/{eve}", json{{"status", "gone"}}, 400, "status"},
        {"PATCH", "/api/v1/users/{eve}", json{{"unlock", "yes"}}, 400, "unlock"},
        {"PATCH", "/api/v1/users/{eve}", json{{"email", "x@example.com"}}, 400, "email"},
        {"PATCH", "/api/v1/users/{eve}", json{{"display_name", kHuge}}, 400, "display_name"},
        {"PATCH", "/api/v1/users/{eve}", json::array({1}), 400, ""},
        {"POST", "/api/v1/users/" + kNoSuchUser + "/password", json{{"password", kPassword}}, 404,
         ""},
        {"POST", "/api/v1/users/{eve}/password", json::object(), 400, "password"},
        {"POST", "/api/v1/users/{eve}/password", json{{"password", "short"}}, 400, "password"},
        {"POST", "/api/v1/users/{eve}/password", json{{"password", kHuge}}, 400, "password"},
    };
    expect_refused(&admin, cases, eve);

    // Not JSON at all.
    http::Request request;
    request.method = "POST";
    request.path = "/api/v1/users";
    request.headers["content-type"] = "application/json";
    request.headers["cookie"] = std::string(kSessionCookie) + "=" + admin.cookie;
    request.headers[http::kCsrfHeader] = admin.csrf;
    request.body = "{\"email\": ";
    const auto before = snapshot();
    auto response = raw(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(error_code(response), "invalid_json");
    EXPECT_EQ(snapshot(), before);
}

ISKRA_STORAGE_BACKENDS(BadInputTest);

}  // namespace
}  // namespace iskra::central::identity::testing
