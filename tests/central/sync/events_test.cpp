// POST /api/gateway/v1/events: exactly once per (gateway, seq), whatever the batching, retries
// or concurrency; malformed bodies change nothing; unreadable events are kept and acknowledged.
#include <random>
#include <thread>

#include "sync_test_support.hpp"

namespace iskra::central::sync::testing {
namespace {

using nlohmann::json;

class EventsTest : public SyncTest {
protected:
    void SetUp() override {
        SyncTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        gateway = create_gateway(site);
    }

    // One session: start at 1,000 Wh, `meters` readings 500 Wh apart, end.
    json one_session(std::int64_t first_seq, const std::string& uuid, int meters) {
        json events = json::array();
        std::int64_t seq = first_seq;
        events.push_back(session_started(seq++, uuid, "ST-1", 1000));
        for (int i = 1; i <= meters; ++i)
            events.push_back(meter_values(seq++, uuid, "ST-1", 1000 + 500 * i, 60 * i));
        events.push_back(session_ended(seq++, uuid, "ST-1", 1000 + 500 * meters + 123));
        return events;
    }

    std::int64_t acknowledged_of(const http::Response& response) {
        EXPECT_EQ(response.status, 200) << response.body;
        return body_of(response).value("acknowledged", std::int64_t{-1});
    }

    std::string site;
    std::string gateway;
};

TEST_P(EventsTest, AppliesABatchIntoSessionsSamplesAndStations) {
    json events = one_session(1, "11111111-1111-4111-8111-111111111111", 3);
    events.push_back(status_changed(6, "ST-1", "Available"));
    EXPECT_EQ(acknowledged_of(post_events(gateway, events)), 6);
    const std::string where =
        " FROM sessions WHERE session_uuid = '11111111-1111-4111-8111-111111111111'";
    EXPECT_EQ(count("SELECT meter_start_wh" + where), 1000);
    EXPECT_EQ(count("SELECT meter_stop_wh" + where), 2623);
    EXPECT_EQ(count("SELECT energy_wh" + where), 1623);
    EXPECT_EQ(text("SELECT state" + where), "closed");
    EXPECT_EQ(text("SELECT stop_reason" + where), "EVDisconnected");
    EXPECT_EQ(text("SELECT id_token" + where), "04A2B3C4");
    // Energy, power and voltage of three samples.
    EXPECT_EQ(count("SELECT COUNT(*) FROM session_samples"), 9);
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 6);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stations WHERE id = 'ST-1'"), 1);
    EXPECT_EQ(count("SELECT acknowledged_seq FROM gateway_sync_streams"), 6);
}

TEST_P(EventsTest, ARetriedBatchAndAnOverlappingOneApplyEachEventOnce) {
    const json events = one_session(1, "22222222-2222-4222-8222-222222222222", 6);  // seq 1..8
    json first = json::array();
    for (int i = 0; i < 5; ++i)
        first.push_back(events[static_cast<std::size_t>(i)]);
    json overlapping = json::array();
    for (int i = 2; i < 8; ++i)
        overlapping.push_back(events[static_cast<std::size_t>(i)]);

    EXPECT_EQ(acknowledged_of(post_events(gateway, first)), 5);
    EXPECT_EQ(acknowledged_of(post_events(gateway, first)), 5);  // the retry
    EXPECT_EQ(acknowledged_of(post_events(gateway, overlapping)), 8);
    EXPECT_EQ(acknowledged_of(post_events(gateway, overlapping)), 8);

    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 8);
    EXPECT_EQ(count("SELECT COUNT(*) FROM session_samples"), 6 * 3);
    EXPECT_EQ(count("SELECT energy_wh FROM sessions"), 3000 + 123);
    EXPECT_EQ(count("SELECT events_applied FROM gateway_sync_streams"), 8);
}

TEST_P(EventsTest, TotalsToTheWattHourDoNotDependOnBatching) {
    // The same interleaved stream of 10 sessions from two gateways: one sends it whole, the
    // other in random batch sizes with retries of random earlier batches.
    const std::string other = create_gateway(site);
    std::mt19937 random(7);
    auto stream = [&](const std::string& prefix) {
        json all = json::array();
        std::int64_t seq = 1;
        for (int s = 0; s < 10; ++s) {
            const std::string uuid = prefix + std::to_string(s);
            for (const auto& e : one_session(seq, uuid, 1 + s % 4))
                all.push_back(e);
            seq += 3 + s % 4;
        }
        return all;
    };
    const json whole = stream("a-");
    EXPECT_EQ(acknowledged_of(post_events(gateway, whole)),
              whole.back()["seq"].get<std::int64_t>());

    const json pieces = stream("b-");
    std::size_t at = 0;
    while (at < pieces.size()) {
        const std::size_t size = 1 + random() % 7;
        const std::size_t from = at > 3 && random() % 3 == 0 ? at - 3 : at;  // overlap sometimes
        json batch = json::array();
        for (std::size_t i = from; i < std::min(pieces.size(), at + size); ++i)
            batch.push_back(pieces[i]);
        post_events(other, batch);
        at = std::min(pieces.size(), at + size);
    }
    const auto sum = [&](const std::string& gw) {
        return count("SELECT SUM(energy_wh) FROM sessions WHERE gateway_id = '" + gw + "'");
    };
    const auto samples = [&](const std::string& prefix) {
        return count("SELECT COUNT(*) FROM session_samples WHERE session_uuid LIKE '" + prefix +
                     "%'");
    };
    EXPECT_GT(sum(gateway), 0);
    EXPECT_EQ(sum(gateway), sum(other));
    EXPECT_EQ(samples("a-"), samples("b-"));
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE state = 'closed'"), 20);
}

TEST_P(EventsTest, ConcurrentBatchesOfOneGatewayApplyOnce) {
    const json events = one_session(1, "33333333-3333-4333-8333-333333333333", 30);  // 32 events
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            // Each thread sends overlapping windows, in a different order.
            for (int w = 0; w < 4; ++w) {
                const int start = ((w + t) % 4) * 8;
                json batch = json::array();
                for (int i = 0; i < start + 8; ++i)
                    batch.push_back(events[static_cast<std::size_t>(i)]);
                const auto response = post_events(gateway, batch);
                EXPECT_EQ(response.status, 200) << response.body;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 32);
    EXPECT_EQ(count("SELECT acknowledged_seq FROM gateway_sync_streams"), 32);
    EXPECT_EQ(count("SELECT COUNT(*) FROM session_samples"), 30 * 3);
    EXPECT_EQ(count("SELECT energy_wh FROM sessions"), 500 * 30 + 123);
}

TEST_P(EventsTest, AMalformedBodyIs400NamingTheFieldAndChangesNothing) {
    const json good = session_started(1, "44444444-4444-4444-8444-444444444444", "ST-1", 0);
    struct Case {
        json body;
        std::string field;
    };
    json no_seq = good;
    no_seq.erase("seq");
    json bad_type = good;
    bad_type["type"] = 5;
    const std::vector<Case> cases = {
        {json::object(), "events"},
        {{{"events", "x"}}, "events"},
        {{{"events", json::array({1})}}, "events[0]"},
        {{{"events", json::array({no_seq})}}, "events[0].seq"},
        {{{"events", json::array({good, good})}}, "events[1].seq"},
        {{{"events", json::array({bad_type})}}, "events[0].type"},
    };
    for (const auto& c : cases) {
        const auto response = gateway_call(gateway, "POST", "/api/gateway/v1/events", c.body);
        EXPECT_EQ(response.status, 400) << c.body.dump();
        EXPECT_EQ(body_of(response)["error"]["field"], c.field) << response.body;
    }
    http::Request not_json;
    not_json.method = "POST";
    not_json.path = "/api/gateway/v1/events";
    not_json.headers = {{"authorization", "Bearer " + gateway + ".s"},
                        {"content-type", "application/json"}};
    not_json.body = "{\"events\": [";
    EXPECT_EQ(body_of(dispatcher->handle(not_json))["error"]["code"], "invalid_json");

    json too_many = json::array();
    for (int i = 1; i <= 1001; ++i)
        too_many.push_back(status_changed(i, "ST-1", "Available"));
    EXPECT_EQ(post_events(gateway, too_many).status, 413);

    EXPECT_EQ(count("SELECT COUNT(*) FROM applied_events"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stations"), 0);
}

TEST_P(EventsTest, UnreadableEventsAreKeptShownAndAcknowledged) {
    json events = json::array();
    events.push_back(event(1, "SomethingNew", {{"station_id", "ST-1"}}));
    json broken = session_started(2, "55555555-5555-4555-8555-555555555555", "ST-1", 0);
    broken["payload"]["started_at"] = "yesterday";
    events.push_back(broken);
    events.push_back(status_changed(3, "ST-1", "Charging"));
    events.push_back(event(4, "CommandCompleted",
                           {{"command_id", 9},
                            {"central_command_id", "no-such-command"},
                            {"station_id", "ST-1"},
                            {"action", "Reset"},
                            {"status", "accepted"},
                            {"response", nullptr},
                            {"completed_at", "2026-11-28T10:00:05.000Z"}}));
    EXPECT_EQ(acknowledged_of(post_events(gateway, events)), 4);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sync_rejected_events"), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions"), 0);

    const auto status = call("GET", "/api/v1/gateways/" + gateway + "/sync");
    ASSERT_EQ(status.status, 200) << status.body;
    const json body = body_of(status);
    EXPECT_EQ(body["acknowledged_seq"], 4);
    // A type this central does not know is a newer gateway's, not a broken event: skipped.
    EXPECT_EQ(body["rejected_count"], 2);
    EXPECT_EQ(body["skipped_count"], 1);
    ASSERT_EQ(body["rejected"]["items"].size(), 3u);
    EXPECT_EQ(body["rejected"]["items"][1]["type"], "SessionStarted");
    EXPECT_EQ(body["rejected"]["items"][1]["disposition"], "rejected");
    EXPECT_NE(body["rejected"]["items"][1]["reason"].get<std::string>().find("started_at"),
              std::string::npos);
    EXPECT_EQ(body["rejected"]["items"][2]["payload"]["station_id"], "ST-1");
    EXPECT_EQ(body["rejected"]["items"][2]["disposition"], "skipped");
    // Newest first: the command no one queued, rejected for that reason alone.
    EXPECT_NE(body["rejected"]["items"][0]["reason"].get<std::string>().find("no-such-command"),
              std::string::npos);
}

TEST_P(EventsTest, CommandCompletedSettlesTheQueuedCommand) {
    EXPECT_EQ(acknowledged_of(
                  post_events(gateway, json::array({status_changed(1, "ST-1", "Available")}))),
              1);
    const auto queued = queue->enqueue("ST-1", "Reset", {{"type", "Soft"}}, std::nullopt);
    json completed = event(2, "CommandCompleted",
                           {{"command_id", 3},
                            {"central_command_id", queued.id},
                            {"station_id", "ST-1"},
                            {"action", "Reset"},
                            {"status", "accepted"},
                            {"response", {{"status", "Accepted"}}},
                            {"completed_at", "2026-11-28T10:00:05.000Z"}});
    EXPECT_EQ(acknowledged_of(post_events(gateway, json::array({completed}))), 2);
    EXPECT_EQ(text("SELECT status FROM station_commands WHERE id = '" + queued.id + "'"),
              "Accepted");
    EXPECT_EQ(count("SELECT COUNT(*) FROM sync_rejected_events"), 0);
}

TEST_P(EventsTest, AnUnknownGatewayIsRefused) {
    const auto response = post_events("not-a-gateway", json::array());
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(body_of(response)["error"]["code"], "gateway_unauthorized");
}

ISKRA_STORAGE_BACKENDS(EventsTest);

}  // namespace
}  // namespace iskra::central::sync::testing
