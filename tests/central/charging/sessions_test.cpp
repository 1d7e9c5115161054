// Sessions and the authorisation log as staff and drivers query them: filters, paging, a
// session's samples, a driver limited to their own.
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

class SessionsTest : public SyncTest {
protected:
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = create_gateway(site);
        ASSERT_EQ(call("POST", "/api/v1/tokens",
                       json{{"id", "DRIVER1"}, {"type", "ISO14443"}, {"user_id", kDriverId}})
                      .status,
                  201);
        json events = json::array();
        events.push_back(session_started(1, "s-driver", "ST-1", 100, "DRIVER1"));
        events.push_back(meter_values(2, "s-driver", "ST-1", 600, 60));
        events.push_back(session_ended(3, "s-driver", "ST-1", 1100));
        events.push_back(session_started(4, "s-other", "ST-2", 0, "STRANGER"));
        events.push_back(event(5, "AuthorizationAnswered",
                               {{"station_id", "ST-2"},
                                {"token", {{"id", "STRANGER"}, {"type", "ISO14443"}}},
                                {"decision", {{"status", "Accepted"}}},
                                {"source", "offline_policy"},
                                {"decision_id", 1},
                                {"decided_at", "2026-11-28T10:00:00.000Z"}}));
        const auto r = post_events(gateway, events);
        ASSERT_EQ(r.status, 200) << r.body;
    }
    std::string site;
    std::string gateway;
};

TEST_P(SessionsTest, StaffFilterAndPage) {
    const json all = body_of(call("GET", "/api/v1/sessions"));
    EXPECT_EQ(all["total"], 2);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?station=ST-1"))["total"], 1);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?state=open"))["items"][0]["session_uuid"],
              "s-other");
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?user=" + std::string(kDriverId)))["total"], 1);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?site=" + site))["total"], 2);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?site=elsewhere"))["total"], 0);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?from=2026-11-28T11:00:00.000Z"))["total"], 0);
    const json page = body_of(call("GET", "/api/v1/sessions?limit=1&offset=1"));
    EXPECT_EQ(page["items"].size(), 1u);
    EXPECT_EQ(page["total"], 2);
    EXPECT_EQ(call("GET", "/api/v1/sessions?state=maybe").status, 400);
    EXPECT_EQ(body_of(call("GET", "/api/v1/sessions?from=never"))["error"]["field"], "from");
}

TEST_P(SessionsTest, OneSessionWithItsSamplesAndTheUserFromItsToken) {
    const auto response = call("GET", "/api/v1/sessions/s-driver");
    ASSERT_EQ(response.status, 200) << response.body;
    const json s = body_of(response);
    EXPECT_EQ(s["user_id"], kDriverId);
    EXPECT_EQ(s["energy_wh"], 1000);
    EXPECT_EQ(s["started_at"], "2026-11-28T10:00:00.000Z");
    ASSERT_EQ(s["samples"].size(), 3u);
    EXPECT_EQ(s["samples"][0]["measurand"], "Energy.Active.Import.Register");
    EXPECT_EQ(s["samples"][0]["value"], 600);
    EXPECT_EQ(s["samples"][2]["measurand"], "Voltage");
    EXPECT_EQ(s["samples"][2]["value"], "230.1");
    EXPECT_EQ(call("GET", "/api/v1/sessions/nope").status, 404);
}

TEST_P(SessionsTest, ADriverSeesOnlyTheirOwn) {
    sign_in_as(http::Role::Driver, kDriverId);
    const json mine = body_of(call("GET", "/api/v1/me/sessions"));
    EXPECT_EQ(mine["total"], 1);
    EXPECT_EQ(mine["items"][0]["session_uuid"], "s-driver");
    // Asking for someone else's station still yields only their own.
    EXPECT_EQ(body_of(call("GET", "/api/v1/me/sessions?station=ST-2"))["total"], 0);
    EXPECT_EQ(call("GET", "/api/v1/sessions").status, 403);
}

TEST_P(SessionsTest, TheAuthorisationLogHoldsCentralAndGatewayDecisions) {
    const auto asked = gateway_call(
        gateway, "POST", "/api/gateway/v1/authorize",
        json{{"station_id", "ST-1"}, {"token", {{"id", "DRIVER1"}, {"type", "ISO14443"}}}});
    ASSERT_EQ(asked.status, 200) << asked.body;
    const json log = body_of(call("GET", "/api/v1/authorizations"));
    EXPECT_EQ(log["total"], 2);
    EXPECT_EQ(body_of(call("GET",
                           "/api/v1/authorizations?source=offline_policy"))["items"][0]["id_token"],
              "STRANGER");
    EXPECT_EQ(body_of(call("GET", "/api/v1/authorizations?station=ST-1"))["items"][0]["status"],
              "Accepted");
}

ISKRA_STORAGE_BACKENDS(SessionsTest);

}  // namespace
}  // namespace iskra::central::sync::testing
