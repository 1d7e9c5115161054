// Every route of the module, every role: 401 without a session, 403 without the permission,
// neither with it, CSRF on changes; the public price list without a session; the gateway feed
// for gateways only. And a refused request changes nothing.
#include "route_access_check.hpp"
#include "tariffs_test_support.hpp"

namespace iskra::central::tariffs {
namespace {

using nlohmann::json;
using testing::body_of;
using testing::energy_tariff;

class TariffsRouteAccessTest : public testing::TariffsTest {};

TEST_P(TariffsRouteAccessTest, EveryRouteAnswersAsItsAccessSays) {
    ASSERT_EQ(router.routes().size(), 17u);
    auto findings =
        central::testing::check_route_access(router, *dispatcher, [this](http::Role role) {
            sign_in_as(role);
            return std::map<std::string, std::string>{{"cookie", "iskra_session=abc"},
                                                      {"x-csrf-token", "csrf-test"}};
        });
    for (const auto& finding : findings)
        ADD_FAILURE() << finding;
}

TEST_P(TariffsRouteAccessTest, ViewersMayReadButNotChange) {
    const std::string id = create_tariff(energy_tariff(1'000'000));
    sign_in_as(http::Role::SupportFirstLine);  // TariffsView only
    EXPECT_EQ(call("GET", "/api/v1/tariffs/" + id).status, 200);
    EXPECT_EQ(call("GET", "/api/v1/tariffs/" + id + "/ocpi").status, 200);
    json next = energy_tariff(2'000'000);
    next.erase("name");
    const std::vector<std::pair<std::string, std::string>> changes = {
        {"POST", "/api/v1/tariffs"},
        {"PATCH", "/api/v1/tariffs/" + id},
        {"DELETE", "/api/v1/tariffs/" + id},
        {"POST", "/api/v1/tariffs/" + id + "/versions"},
        {"POST", "/api/v1/tariff-assignments"},
    };
    for (const auto& [method, path] : changes) {
        auto response = call(method, path, energy_tariff(2'000'000));
        EXPECT_EQ(response.status, 403) << method << " " << path;
        EXPECT_EQ(body_of(response)["error"]["code"], "forbidden") << method << " " << path;
    }
    sign_in_as(http::Role::Driver);
    EXPECT_EQ(call("GET", "/api/v1/tariffs").status, 403);
    EXPECT_EQ(count_rows("tariffs"), 1);
    EXPECT_EQ(count_rows("tariff_versions"), 1);
    EXPECT_EQ(count_rows("tariff_assignments"), 0);
    sign_in_as(http::Role::SuperAdmin);
    EXPECT_EQ(body_of(call("GET", "/api/v1/tariffs/" + id))["name"], "Standard");
}

ISKRA_STORAGE_BACKENDS(TariffsRouteAccessTest);

}  // namespace
}  // namespace iskra::central::tariffs
