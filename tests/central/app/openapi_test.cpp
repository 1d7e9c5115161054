// central/openapi.json and the router agree both ways: every route is described with the access
// it really has, and nothing is described that does not exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include "central_app.hpp"

namespace iskra::central {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string access_name(const http::Access& access) {
    switch (access.kind) {
        case http::Access::Kind::Public:
            return "public";
        case http::Access::Kind::Gateway:
            return "gateway";
        case http::Access::Kind::User:
            return std::string(http::to_string(access.permission));
    }
    return "?";
}

class OpenApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("iskra-openapi-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        CentralSettings settings;
        settings.data_dir = dir.string();
        settings.database = "sqlite:" + (dir / "central.db").string();
        auto opened = CentralApp::open(settings);
        ASSERT_TRUE(opened) << opened.error();
        app = std::move(*opened);
        std::ifstream in(std::string(ISKRA_SOURCE_DIR) + "/central/openapi.json");
        ASSERT_TRUE(in) << "central/openapi.json is missing";
        spec = json::parse(in);
    }
    void TearDown() override {
        app.reset();
        fs::remove_all(dir);
    }
    fs::path dir;
    std::unique_ptr<CentralApp> app;
    json spec;
};

TEST_F(OpenApiTest, IsAnOpenApi3Document) {
    EXPECT_TRUE(spec["openapi"].get<std::string>().starts_with("3."));
    EXPECT_TRUE(spec["info"].contains("title"));
    EXPECT_TRUE(spec["paths"].is_object());
}

TEST_F(OpenApiTest, DescribesEveryRouteWithItsAccess) {
    for (const auto& route : app->router().routes()) {
        const std::string where = route.method + " " + route.pattern;
        ASSERT_TRUE(spec["paths"].contains(route.pattern)) << where << " is not in openapi.json";
        const json& path = spec["paths"][route.pattern];
        ASSERT_TRUE(path.contains(lower(route.method))) << where << " is not in openapi.json";
        const json& operation = path[lower(route.method)];
        EXPECT_TRUE(operation.contains("summary")) << where << " has no summary";
        EXPECT_TRUE(operation.contains("responses")) << where << " has no responses";
        EXPECT_EQ(operation.value("x-iskra-access", ""), access_name(route.access))
            << where << ": openapi.json says another access than the router";
    }
}

TEST_F(OpenApiTest, DescribesNothingTheRouterLacks) {
    std::set<std::string> routes;
    for (const auto& route : app->router().routes())
        routes.insert(lower(route.method) + " " + route.pattern);
    for (const auto& [path, operations] : spec["paths"].items()) {
        for (const auto& [method, operation] : operations.items()) {
            if (method == "parameters") continue;
            EXPECT_TRUE(routes.contains(method + " " + path))
                << method << " " << path << " is described but not served";
        }
    }
}

}  // namespace
}  // namespace iskra::central
