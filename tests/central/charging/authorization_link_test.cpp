// The authorisation log links each decision to the session it let start: the latest decision
// about the session's token at its station, shortly before the start, that no session took yet
// (authorization_log.hpp). Gateway decisions arrive in the same batch as the start or an
// earlier one; central's own are logged by the authorize route when they are taken.
#include "iskra/central/storage/ids.hpp"
#include "iskra/session/timestamp.hpp"
#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

std::string iso_ms(std::int64_t ms) {
    return session::format_timestamp(session::Timestamp(std::chrono::milliseconds(ms)));
}

// 2026-11-28T10:00:00Z, where the support's session_started() starts its sessions.
constexpr std::int64_t kStartMs = 1795860000000;

json decided(std::int64_t seq, const std::string& station, const std::string& token,
             std::int64_t at_ms, const std::string& source = "local_list") {
    return event(seq, "AuthorizationAnswered",
                 {{"station_id", station},
                  {"token", {{"id", token}, {"type", "ISO14443"}}},
                  {"decision", {{"status", "Accepted"}}},
                  {"source", source},
                  {"decision_id", seq},
                  {"decided_at", iso_ms(at_ms)}},
                 iso_ms(at_ms));
}

json started_at(std::int64_t seq, const std::string& uuid, const std::string& station,
                const std::string& token, std::int64_t at_ms) {
    json e = session_started(seq, uuid, station, 0, token);
    e["payload"]["started_at"] = iso_ms(at_ms);
    e["at"] = iso_ms(at_ms);
    return e;
}

class AuthorizationLinkTest : public SyncTest {
protected:
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        gateway = create_gateway(create_site());
    }

    void post(const json& events) {
        const auto response = post_events(gateway, events);
        ASSERT_EQ(response.status, 200) << response.body;
    }

    // session_uuid of the decision logged at `at_ms` at `station`, "" when unlinked.
    std::string linked(const std::string& station, std::int64_t at_ms) {
        return text("SELECT COALESCE(session_uuid, '') FROM authorizations WHERE station_id = '" +
                    station + "' AND at_ms = " + std::to_string(at_ms));
    }

    std::string gateway;
};

TEST_P(AuthorizationLinkTest, AGatewayDecisionInTheSameBatchIsLinkedToTheSessionItStarted) {
    post(json::array({decided(1, "ST-1", "TAG", kStartMs - 30000),
                      decided(2, "ST-2", "TAG", kStartMs - 20000),  // another station's
                      started_at(3, "s-1", "ST-1", "TAG", kStartMs)}));
    EXPECT_EQ(linked("ST-1", kStartMs - 30000), "s-1");
    EXPECT_EQ(linked("ST-2", kStartMs - 20000), "");
}

TEST_P(AuthorizationLinkTest, EachSessionTakesItsOwnDecisionInOneBatchOrAcrossBatches) {
    const std::int64_t hour = 3600000;
    post(json::array({decided(1, "ST-1", "TAG", kStartMs - 5000),
                      started_at(2, "s-1", "ST-1", "TAG", kStartMs),
                      decided(3, "ST-1", "TAG", kStartMs + hour - 5000),
                      started_at(4, "s-2", "ST-1", "TAG", kStartMs + hour),
                      decided(5, "ST-1", "TAG", kStartMs + 2 * hour - 5000)}));
    // The third decision's session starts in the next batch: linked from the stored log.
    post(json::array({started_at(6, "s-3", "ST-1", "TAG", kStartMs + 2 * hour)}));
    EXPECT_EQ(linked("ST-1", kStartMs - 5000), "s-1");
    EXPECT_EQ(linked("ST-1", kStartMs + hour - 5000), "s-2");
    EXPECT_EQ(linked("ST-1", kStartMs + 2 * hour - 5000), "s-3");
}

TEST_P(AuthorizationLinkTest, ADecisionTooOldOrTakenAfterTheStartIsNotTheSessions) {
    post(json::array({decided(1, "ST-1", "TAG", kStartMs - 20 * 60000),  // 20 minutes before
                      started_at(2, "s-1", "ST-1", "TAG", kStartMs),
                      decided(3, "ST-1", "TAG", kStartMs + 1000)}));  // after it, in order
    EXPECT_EQ(linked("ST-1", kStartMs - 20 * 60000), "");
    EXPECT_EQ(linked("ST-1", kStartMs + 1000), "");
    // And a session without a decision takes none of another token's.
    post(json::array({decided(4, "ST-1", "OTHER", kStartMs + 3000000),
                      started_at(5, "s-2", "ST-1", "TAG", kStartMs + 3001000)}));
    EXPECT_EQ(linked("ST-1", kStartMs + 3000000), "");
}

TEST_P(AuthorizationLinkTest, CentralsOwnDecisionIsLinkedWhenTheStartArrives) {
    ASSERT_EQ(call("POST", "/api/v1/tokens", json{{"id", "TAG"}, {"type", "ISO14443"}}).status,
              201);
    const auto asked = gateway_call(
        gateway, "POST", "/api/gateway/v1/authorize",
        json{{"station_id", "ST-1"}, {"token", {{"id", "TAG"}, {"type", "ISO14443"}}}});
    ASSERT_EQ(asked.status, 200) << asked.body;
    // The gateway's copy of central's decision is not logged twice; the start links the one
    // central logged.
    const std::int64_t now = storage::now_ms();
    post(json::array({decided(1, "ST-1", "TAG", now, "central"),
                      started_at(2, "s-central", "ST-1", "TAG", now + 2000)}));
    EXPECT_EQ(count("SELECT COUNT(*) FROM authorizations"), 1);
    EXPECT_EQ(text("SELECT COALESCE(session_uuid, '') FROM authorizations"), "s-central");
}

ISKRA_STORAGE_BACKENDS(AuthorizationLinkTest);

}  // namespace
}  // namespace iskra::central::sync::testing
