// What flows down to a gateway: the commands long-poll over the stations module's CommandQueue,
// and the local-list and station allow-list deltas.
#include <chrono>

#include "iskra/central/charging/local_list.hpp"
#include "iskra/central/http/json_body.hpp"
#include "iskra/central/stations/allow_list.hpp"
#include "routes.hpp"

namespace iskra::central::sync::detail {
namespace {

constexpr std::int64_t kMaxCommands = 100;
constexpr std::int64_t kDefaultWaitS = 25;
constexpr std::int64_t kMaxWaitS = 30;

}  // namespace

void add_downlink_routes(http::Router& router, storage::Database& database,
                         stations::CommandQueue& queue) {
    router.add("GET", "/api/gateway/v1/commands", http::Access::gateway(),
               [&database, &queue](const http::Context& c) {
                   const std::string& gateway_id = c.calling_gateway().gateway_id;
                   const auto after =
                       http::query_integer(c.request, "after", 0, INT64_MAX).value_or(0);
                   const auto wait_s =
                       http::query_integer(c.request, "wait", 0, kMaxWaitS).value_or(kDefaultWaitS);
                   const auto deadline =
                       stations::CommandQueue::Clock::now() + std::chrono::seconds(wait_s);
                   auto commands = queue.after(gateway_id, after, kMaxCommands);
                   if (commands.empty() && wait_s > 0 && queue.wait(gateway_id, after, deadline)) {
                       commands = queue.after(gateway_id, after, kMaxCommands);
                   }
                   nlohmann::json list = nlohmann::json::array();
                   for (const auto& command : commands)
                       list.push_back(stations::gateway_command_json(command));
                   // Read after the wait, so a list change made while it waited is announced.
                   auto session = database.session();
                   return http::json_response(
                       200, {{"commands", std::move(list)},
                             {"local_list_version", charging::local_list_version(session)},
                             {"stations_version", stations::stations_version(session)}});
               });

    router.add(
        "GET", "/api/gateway/v1/local-list", http::Access::gateway(),
        [&database](const http::Context& c) {
            const auto since = http::query_integer(c.request, "since", 0, INT64_MAX).value_or(0);
            // One transaction: the version and the entries must agree.
            return http::json_response(200, database.transaction([&](Poco::Data::Session& s) {
                return charging::local_list_delta(s, since);
            }));
        });

    router.add(
        "GET", "/api/gateway/v1/stations", http::Access::gateway(),
        [&database](const http::Context& c) {
            const auto since = http::query_integer(c.request, "since", 0, INT64_MAX).value_or(0);
            const std::string& site_id = c.calling_gateway().site_id;
            return http::json_response(200, database.transaction([&](Poco::Data::Session& s) {
                return stations::stations_delta_json(stations::stations_delta(s, site_id, since));
            }));
        });
}

}  // namespace iskra::central::sync::detail
