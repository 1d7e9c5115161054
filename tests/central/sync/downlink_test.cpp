// Down to the gateway: the commands long-poll, real-time authorisation, and the list deltas.
#include <future>
#include <thread>

#include "iskra/central/storage/sql.hpp"
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

class DownlinkTest : public SyncTest {
protected:
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = create_gateway(site);
        // The station exists once the gateway reported it.
        const auto r = post_events(gateway, json::array({status_changed(1, "ST-1", "Available")}));
        ASSERT_EQ(r.status, 200) << r.body;
    }
    json token(const std::string& id, const std::string& status = "Accepted") {
        const auto r = call("POST", "/api/v1/tokens",
                            json{{"id", id}, {"type", "ISO14443"}, {"status", status}});
        EXPECT_EQ(r.status, 201) << r.body;
        return body_of(r);
    }
    json authorize(const std::string& id, const std::string& type = "ISO14443") {
        const auto r =
            gateway_call(gateway, "POST", "/api/gateway/v1/authorize",
                         json{{"station_id", "ST-1"}, {"token", {{"id", id}, {"type", type}}}});
        EXPECT_EQ(r.status, 200) << r.body;
        return body_of(r);
    }
    std::string site;
    std::string gateway;
};

TEST_P(DownlinkTest, TheLongPollReturnsWhenACommandIsQueued) {
    const auto started = steady_clock::now();
    auto poll = std::async(std::launch::async, [&] {
        return gateway_call(gateway, "GET", "/api/gateway/v1/commands?after=0&wait=10");
    });
    std::this_thread::sleep_for(milliseconds(300));
    const auto queued = queue->enqueue("ST-1", "Reset", {{"type", "Soft"}}, std::nullopt);
    const auto response = poll.get();
    EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(5));
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = body_of(response);
    ASSERT_EQ(body["commands"].size(), 1u);
    EXPECT_EQ(body["commands"][0]["command_id"], queued.id);
    EXPECT_EQ(body["commands"][0]["action"], "Reset");
    EXPECT_TRUE(body.contains("local_list_version"));
    EXPECT_TRUE(body.contains("stations_version"));

    // Past the cursor: nothing, after the wait.
    const auto before = steady_clock::now();
    const auto empty = gateway_call(
        gateway, "GET",
        "/api/gateway/v1/commands?after=" + std::to_string(body["commands"][0]["seq"].get<int>()) +
            "&wait=1");
    EXPECT_GE(steady_clock::now() - before, milliseconds(900));
    EXPECT_TRUE(body_of(empty)["commands"].empty());
    EXPECT_EQ(gateway_call(gateway, "GET", "/api/gateway/v1/commands?wait=31").status, 400);
}

TEST_P(DownlinkTest, AuthorizeDecidesFromTokensAndLogsEveryRequest) {
    token("04A2B3C4");
    token("BLOCKED1", "Blocked");
    EXPECT_EQ(authorize("04A2B3C4")["status"], "Accepted");
    EXPECT_EQ(authorize("04A2B3C4", "IdTag")["status"], "Accepted");  // a 1.6 station's view
    EXPECT_EQ(authorize("BLOCKED1")["status"], "Blocked");
    EXPECT_EQ(authorize("NOBODY")["status"], "Unknown");
    ASSERT_EQ(call("PATCH", "/api/v1/tokens/ISO14443/04A2B3C4",
                   json{{"expires_at", "2020-01-01T00:00:00.000Z"}})
                  .status,
              200);
    EXPECT_EQ(authorize("04A2B3C4")["status"], "Expired");
    EXPECT_EQ(count("SELECT COUNT(*) FROM authorizations WHERE source = 'central'"), 5);
    const auto bad = gateway_call(gateway, "POST", "/api/gateway/v1/authorize",
                                  json{{"station_id", "ST-1"}, {"token", {{"id", "X"}}}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(body_of(bad)["error"]["field"], "token.type");
}

TEST_P(DownlinkTest, TheLocalListIsFullFromZeroAndIncrementalAfter) {
    token("A1");
    token("B2");
    json full = body_of(gateway_call(gateway, "GET", "/api/gateway/v1/local-list?since=0"));
    EXPECT_TRUE(full["full"].get<bool>());
    EXPECT_EQ(full["entries"].size(), 2u);
    const std::int64_t version = full["version"];
    EXPECT_EQ(version, 2);

    ASSERT_EQ(call("PATCH", "/api/v1/tokens/ISO14443/A1", json{{"status", "Blocked"}}).status, 200);
    ASSERT_EQ(call("DELETE", "/api/v1/tokens/ISO14443/B2").status, 204);
    json delta = body_of(gateway_call(
        gateway, "GET", "/api/gateway/v1/local-list?since=" + std::to_string(version)));
    EXPECT_FALSE(delta["full"].get<bool>());
    EXPECT_EQ(delta["version"], 4);
    ASSERT_EQ(delta["entries"].size(), 1u);
    EXPECT_EQ(delta["entries"][0]["token"]["id"], "A1");
    EXPECT_EQ(delta["entries"][0]["status"], "Blocked");
    ASSERT_EQ(delta["removed"].size(), 1u);
    EXPECT_EQ(delta["removed"][0]["id"], "B2");

    // Deltas older than central keeps, or a version central never had: the whole list.
    db().transaction([](Poco::Data::Session& s) {
        storage::sql(s, "UPDATE local_list_state SET oldest_version = 3"),
            Poco::Data::Keywords::now;
    });
    EXPECT_TRUE(body_of(gateway_call(gateway, "GET", "/api/gateway/v1/local-list?since=2"))["full"]
                    .get<bool>());
    EXPECT_TRUE(body_of(gateway_call(gateway, "GET", "/api/gateway/v1/local-list?since=99"))["full"]
                    .get<bool>());

    const json stations = body_of(gateway_call(gateway, "GET", "/api/gateway/v1/stations?since=0"));
    EXPECT_TRUE(stations["full"].get<bool>());
    EXPECT_TRUE(stations.contains("removed"));
}

ISKRA_STORAGE_BACKENDS(DownlinkTest);

}  // namespace
}  // namespace iskra::central::sync::testing
