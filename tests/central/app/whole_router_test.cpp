// The whole router as the server runs it, every module's routes together: each route answers
// as its declared access says, and a body that is not a JSON object is refused with the JSON
// error body on every state-changing route without a row changing anywhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "central_app.hpp"
#include "iskra/central/storage/sql.hpp"
#include "route_access_check.hpp"

namespace iskra::central {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class WholeRouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("iskra-whole-router-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        CentralSettings settings;
        settings.data_dir = dir.string();
        settings.database = "sqlite:" + (dir / "central.db").string();
        auto opened = CentralApp::open(settings);
        ASSERT_TRUE(opened) << opened.error();
        app = std::move(*opened);
    }
    void TearDown() override {
        app.reset();
        fs::remove_all(dir);
    }

    http::Response call(const std::string& method, const std::string& path,
                        std::map<std::string, std::string> headers, std::string body) {
        http::Request request;
        request.method = method;
        request.path = path;
        request.headers = std::move(headers);
        request.body = std::move(body);
        request.remote_address = "127.0.0.1:1";
        return app->dispatcher().handle(request);
    }

    // A fresh login session of a user of `role` (created on first use).
    std::map<std::string, std::string> sign_in(http::Role role) {
        const std::string email = std::string(http::to_string(role)) + "@example.com";
        const std::string password = "correct horse battery staple";
        if (!created.contains(email)) {
            auto id = app->identity().create_user({email, "User", role, password});
            EXPECT_TRUE(id) << (id ? "" : id.error().message);
            created.insert(email);
        }
        auto response = call("POST", "/api/v1/auth/login", {{"content-type", "application/json"}},
                             json{{"email", email}, {"password", password}}.dump());
        EXPECT_EQ(response.status, 200) << response.body;
        std::string cookie;
        for (const auto& [name, value] : response.headers) {
            if (name == "Set-Cookie") cookie = value.substr(0, value.find(';'));
        }
        return {{"cookie", cookie},
                {http::kCsrfHeader, json::parse(response.body).value("csrf_token", "")},
                {"content-type", "application/json"}};
    }

    // Every table with its row count: what "changes nothing" is checked against.
    std::string row_counts() {
        auto session = app->database().session();
        std::vector<std::string> tables;
        storage::sql(session, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
            Poco::Data::Keywords::into(tables), Poco::Data::Keywords::now;
        std::string out;
        for (const auto& table : tables) {
            Poco::Int64 n = 0;
            storage::sql(session, "SELECT COUNT(*) FROM " + table), Poco::Data::Keywords::into(n),
                Poco::Data::Keywords::now;
            out += table + "=" + std::to_string(n) + " ";
        }
        return out;
    }

    fs::path dir;
    std::unique_ptr<CentralApp> app;
    std::set<std::string> created;
};

TEST_F(WholeRouterTest, EveryRouteAnswersAsItsAccessSays) {
    const auto findings = testing::check_route_access(
        app->router(), app->dispatcher(), [this](http::Role role) { return sign_in(role); });
    for (const auto& finding : findings)
        ADD_FAILURE() << finding;
}

// A module whose migrations the app forgot has routes but no tables: its lists answer 500.
TEST_F(WholeRouterTest, EveryListAnswersOnAFreshDatabase) {
    const auto admin = sign_in(http::Role::SuperAdmin);
    int lists = 0;
    for (const auto& route : app->router().routes()) {
        if (route.method != "GET" || route.access.kind != http::Access::Kind::User) continue;
        if (route.pattern.find('{') != std::string::npos) continue;
        const auto response = call("GET", route.pattern, admin, "");
        EXPECT_EQ(response.status, 200) << "GET " << route.pattern << ": " << response.body;
        ++lists;
    }
    EXPECT_GE(lists, 10);
}

TEST_F(WholeRouterTest, ABodyThatIsNotAJsonObjectIsRefusedEverywhereAndChangesNothing) {
    auto admin = sign_in(http::Role::SuperAdmin);
    const std::string before = row_counts();
    int checked = 0;
    for (const auto& route : app->router().routes()) {
        if (route.method == "GET" || route.method == "DELETE") continue;
        if (route.access.kind == http::Access::Kind::Gateway) continue;  // tests/central/sync
        if (route.pattern == "/api/v1/auth/logout") continue;  // takes no body; would sign out
        const std::string path = testing::sample_path(route.pattern);
        for (const std::string& body :
             {std::string("{\"unterminated\": "), std::string("[1, 2]"), std::string("\"text\"")}) {
            const auto response = call(route.method, path, admin, body);
            const std::string where = route.method + " " + route.pattern + " with " + body;
            // Routes that take no body (logout, restart) may ignore it; none may fail open.
            if (response.status < 400) continue;
            EXPECT_LT(response.status, 500) << where << ": " << response.body;
            const json error = json::parse(response.body, nullptr, false);
            ASSERT_FALSE(error.is_discarded()) << where << ": not JSON: " << response.body;
            EXPECT_TRUE(error["error"].contains("code")) << where << ": " << response.body;
            EXPECT_TRUE(error["error"].contains("message")) << where << ": " << response.body;
            ++checked;
        }
    }
    EXPECT_GT(checked, 40) << "most state-changing routes take a body";
    EXPECT_EQ(row_counts(), before);
}

}  // namespace
}  // namespace iskra::central
