#include <gtest/gtest.h>

#include <stdexcept>

#include "iskra/central/http/router.hpp"

namespace iskra::central::http {
namespace {

Response ok(const Context&) {
    return json_response(200, nlohmann::json::object());
}

TEST(Router, MatchesLiteralAndParameterSegments) {
    Router router;
    router.add("GET", "/api/v1/stations/{id}/commands/{action}", Access::public_route(), ok);
    auto matched = router.match("GET", "/api/v1/stations/ST-1/commands/Reset");
    ASSERT_TRUE(matched);
    EXPECT_EQ(matched->params.at("id"), "ST-1");
    EXPECT_EQ(matched->params.at("action"), "Reset");
    EXPECT_FALSE(router.match("GET", "/api/v1/stations/ST-1/commands"));
    EXPECT_FALSE(router.match("GET", "/api/v1/stations//commands/Reset"));
    EXPECT_FALSE(router.match("GET", "/api/v1/stations/ST-1/commands/Reset/extra"));
}

TEST(Router, LiteralSegmentWinsOverParameter) {
    Router router;
    router.add("GET", "/api/v1/stations/{id}", Access::public_route(), ok);
    router.add("GET", "/api/v1/stations/export", Access::public_route(), ok);
    auto matched = router.match("GET", "/api/v1/stations/export");
    ASSERT_TRUE(matched);
    EXPECT_EQ(matched->route->pattern, "/api/v1/stations/export");
}

TEST(Router, ReportsTheMethodsAPathHasWhenTheMethodDiffers) {
    Router router;
    router.add("GET", "/api/v1/sites", Access::public_route(), ok);
    router.add("POST", "/api/v1/sites", Access::public_route(), ok);
    std::vector<std::string> allowed;
    EXPECT_FALSE(router.match("DELETE", "/api/v1/sites", &allowed));
    EXPECT_EQ(allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, RefusesDuplicateAndMalformedRoutes) {
    Router router;
    router.add("GET", "/a", Access::public_route(), ok);
    EXPECT_THROW(router.add("GET", "/a", Access::public_route(), ok), std::logic_error);
    EXPECT_THROW(router.add("GET", "a", Access::public_route(), ok), std::logic_error);
    EXPECT_THROW(router.add("GET", "/a//b", Access::public_route(), ok), std::logic_error);
}

}  // namespace
}  // namespace iskra::central::http
