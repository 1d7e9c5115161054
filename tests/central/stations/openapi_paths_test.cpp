// central/stations/openapi.paths.json (this module's part of central/openapi.json) and the
// module's router agree both ways, with the access each route really has.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "iskra/central/stations/stations_module.hpp"
#include "storage_test_support.hpp"

namespace iskra::central::stations {
namespace {

using nlohmann::json;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

class OpenApiPathsTest : public ::testing::Test {
protected:
    void SetUp() override {
        database = test_database.open();
        queue = std::make_unique<CommandQueue>(*database);
        StationsModule(*database, *queue).add_routes(router);
        std::ifstream in(std::string(ISKRA_SOURCE_DIR) + "/central/stations/openapi.paths.json");
        ASSERT_TRUE(in);
        spec = json::parse(in);
    }

    storage::testing::TestDatabase test_database{storage::Backend::SQLite};
    std::unique_ptr<storage::Database> database;
    std::unique_ptr<CommandQueue> queue;
    http::Router router;
    json spec;
};

TEST_F(OpenApiPathsTest, DescribesEveryRouteWithItsAccess) {
    for (const auto& route : router.routes()) {
        const std::string where = route.method + " " + route.pattern;
        const auto& operation = spec["paths"][route.pattern][lower(route.method)];
        ASSERT_TRUE(operation.is_object()) << where << " is not described";
        EXPECT_TRUE(operation.contains("summary")) << where;
        EXPECT_TRUE(operation.contains("responses")) << where;
        EXPECT_EQ(operation.value("x-iskra-access", ""), http::to_string(route.access.permission))
            << where;
    }
}

TEST_F(OpenApiPathsTest, DescribesNothingTheRouterLacks) {
    std::set<std::string> routes;
    for (const auto& route : router.routes())
        routes.insert(lower(route.method) + " " + route.pattern);
    for (const auto& [path, operations] : spec["paths"].items()) {
        for (const auto& [method, operation] : operations.items()) {
            if (method == "parameters") continue;
            EXPECT_TRUE(routes.contains(method + " " + path)) << method << " " << path;
        }
    }
}

}  // namespace
}  // namespace iskra::central::stations
