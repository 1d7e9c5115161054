// The command queue: which gateway, per-gateway seq under racing threads, delivery, the
// long-poll wait and its wake-ups, and the allow-list deltas the gateway pulls.
#include <atomic>
#include <set>
#include <thread>

#include "iskra/central/http/api_error.hpp"
#include "iskra/central/stations/allow_list.hpp"
#include "iskra/central/stations/station_events.hpp"
#include "stations_test_support.hpp"

namespace iskra::central::stations {
namespace {

using namespace std::chrono_literals;
using testing::body_of;

class CommandQueueTest : public testing::StationsTest {
protected:
    void SetUp() override {
        StationsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        site = create_site();
        create_station("ST-1", site);
    }

    void set_station_gateway(const std::string& gateway) {
        db().transaction([&](Poco::Data::Session& session) {
            std::string g = gateway;
            storage::sql(session, "UPDATE stations SET gateway_id = ? WHERE id = 'ST-1'"),
                Poco::Data::Keywords::use(g), Poco::Data::Keywords::now;
        });
    }

    std::string site;
};

TEST_P(CommandQueueTest, NoGatewayIs409AndUnknownStation404) {
    try {
        queue->enqueue("ST-1", "Reset", {{"type", "Soft"}}, std::nullopt);
        FAIL() << "queued without a gateway";
    } catch (const http::ApiError& error) {
        EXPECT_EQ(error.status, 409);
        EXPECT_EQ(error.code, "no_gateway");
    }
    try {
        queue->enqueue("ST-404", "Reset", {{"type", "Soft"}}, std::nullopt);
        FAIL() << "queued for an unknown station";
    } catch (const http::ApiError& error) {
        EXPECT_EQ(error.status, 404);
    }
    EXPECT_EQ(count_rows("station_commands"), 0);
}

TEST_P(CommandQueueTest, GoesToTheStationsGatewayElseTheSitesNewestEnabledOne) {
    const auto old_gateway = add_gateway(site, 1000);
    const auto newest = add_gateway(site, 3000);
    add_gateway(site, 5000, false);  // newer, but disabled by staff
    EXPECT_EQ(queue->enqueue("ST-1", "Reset", {}, std::nullopt).gateway_id, newest);
    set_station_gateway(old_gateway);
    EXPECT_EQ(queue->enqueue("ST-1", "Reset", {}, std::nullopt).gateway_id, old_gateway);
}

TEST_P(CommandQueueTest, SeqCountsPerGateway) {
    const auto a = add_gateway(site, 1000);
    auto other_site = create_site("Other");
    const auto b = add_gateway(other_site, 1000);
    EXPECT_EQ(queue->enqueue("ST-1", "Reset", {}, std::nullopt).seq, 1);
    EXPECT_EQ(queue->enqueue_for_gateway(b, "SendLocalList", {}, std::nullopt).seq, 1);
    EXPECT_EQ(queue->enqueue("ST-1", "Reset", {}, std::nullopt).seq, 2);
    EXPECT_EQ(queue->enqueue_for_gateway(a, "SendLocalList", {}, std::nullopt).seq, 3);
}

TEST_P(CommandQueueTest, RacingThreadsGetDistinctGapFreeSeqs) {
    const auto gateway = add_gateway(site, 1000);
    constexpr int kThreads = 4;
    constexpr int kEach = 15;
    std::vector<std::int64_t> seqs[kThreads];
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                try {
                    seqs[t].push_back(
                        queue->enqueue("ST-1", "Reset", {{"i", i}}, std::nullopt).seq);
                } catch (...) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    std::set<std::int64_t> all;
    for (const auto& list : seqs)
        all.insert(list.begin(), list.end());
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(*all.begin(), 1);
    EXPECT_EQ(*all.rbegin(), kThreads * kEach);
    EXPECT_EQ(queue->after(gateway, 0, 1000).size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_P(CommandQueueTest, AfterHandsOutInOrderAndMarksDelivered) {
    const auto gateway = add_gateway(site, 1000);
    std::vector<QueuedCommand> queued;
    for (int i = 0; i < 5; ++i) {
        queued.push_back(
            queue->enqueue("ST-1", "Reset", {{"n", i}}, std::string(testing::kStaffId)));
    }
    auto batch = queue->after(gateway, 1, 2);
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch[0].seq, 2);
    EXPECT_EQ(batch[1].seq, 3);
    EXPECT_EQ(batch[0].status, "Delivered");
    EXPECT_EQ(batch[0].payload, R"({"n":1})");
    EXPECT_EQ(queue->find(queued[0].id)->status, "Queued");  // ≤ after: not handed out
    EXPECT_EQ(queue->find(queued[1].id)->status, "Delivered");
    EXPECT_EQ(queue->find(queued[3].id)->status, "Queued");  // past the limit
    auto wire = gateway_command_json(batch[0]);
    EXPECT_EQ(wire["command_id"], queued[1].id);
    EXPECT_EQ(wire["station_id"], "ST-1");
    EXPECT_EQ(wire["payload"]["n"], 1);
    EXPECT_TRUE(queue->after(gateway, 5, 100).empty());
    EXPECT_TRUE(queue->after("no-such-gateway", 0, 100).empty());
}

TEST_P(CommandQueueTest, WaitWakesWhenACommandIsQueued) {
    const auto gateway = add_gateway(site, 1000);
    // A long recheck interval, so only the in-process notification can wake it in time.
    CommandQueue slow(db(), 60s);
    std::atomic<bool> woke{false};
    const auto start = CommandQueue::Clock::now();
    std::thread waiter([&] { woke = slow.wait(gateway, 0, start + 20s); });
    std::this_thread::sleep_for(200ms);
    slow.enqueue("ST-1", "Reset", {}, std::nullopt);
    waiter.join();
    EXPECT_TRUE(woke.load());
    EXPECT_LT(CommandQueue::Clock::now() - start, 5s);
}

TEST_P(CommandQueueTest, WaitSeesCommandsQueuedByAnotherInstance) {
    const auto gateway = add_gateway(site, 1000);
    CommandQueue other_instance(db());
    const auto start = CommandQueue::Clock::now();
    std::atomic<bool> woke{false};
    std::thread waiter([&] { woke = queue->wait(gateway, 0, start + 20s); });  // rechecks 100 ms
    std::this_thread::sleep_for(200ms);
    other_instance.enqueue("ST-1", "Reset", {}, std::nullopt);
    waiter.join();
    EXPECT_TRUE(woke.load());
    EXPECT_LT(CommandQueue::Clock::now() - start, 5s);
}

TEST_P(CommandQueueTest, WaitAnswersAtOnceWhenCommandsAreWaitingAndTimesOutOtherwise) {
    const auto gateway = add_gateway(site, 1000);
    queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    EXPECT_TRUE(queue->wait(gateway, 0, CommandQueue::Clock::now() + 10s));
    const auto start = CommandQueue::Clock::now();
    EXPECT_FALSE(queue->wait(gateway, 1, start + 300ms));
    EXPECT_GE(CommandQueue::Clock::now() - start, 300ms);
}

TEST_P(CommandQueueTest, ShutdownWakesEveryWaiter) {
    const auto gateway = add_gateway(site, 1000);
    CommandQueue slow(db(), 60s);
    const auto start = CommandQueue::Clock::now();
    std::vector<std::thread> waiters;
    std::atomic<int> woke_true{0};
    for (int i = 0; i < 3; ++i) {
        waiters.emplace_back([&] {
            if (slow.wait(gateway, 0, start + 30s)) ++woke_true;
        });
    }
    std::this_thread::sleep_for(200ms);
    slow.shutdown();
    for (auto& waiter : waiters)
        waiter.join();
    EXPECT_EQ(woke_true.load(), 0);
    EXPECT_LT(CommandQueue::Clock::now() - start, 5s);
    EXPECT_FALSE(slow.wait(gateway, 0, CommandQueue::Clock::now() + 10s));  // at once
}

TEST_P(CommandQueueTest, AGatewayPollingFromZeroAgainNeverGetsCompletedCommands) {
    const auto gateway = add_gateway(site, 1000);
    auto done = queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    auto open = queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    ASSERT_EQ(queue->after(gateway, 0, 10).size(), 2u);
    db().transaction([&](Poco::Data::Session& s) {
        record_command_completed(s, gateway, done.id, "Accepted", "{}", 5);
    });
    // The gateway lost its database and its cursor: only what has no outcome comes again.
    const auto again = queue->after(gateway, 0, 10);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].id, open.id);
    db().transaction([&](Poco::Data::Session& s) {
        record_command_completed(s, gateway, open.id, "Accepted", "{}", 6);
    });
    EXPECT_TRUE(queue->after(gateway, 0, 10).empty());
    // and a long poll does not wake for completed ones (it would spin otherwise).
    EXPECT_FALSE(
        queue->wait(gateway, 0, CommandQueue::Clock::now() + std::chrono::milliseconds(50)));
}

TEST_P(CommandQueueTest, ExpireTimesOutCommandsWithoutAnOutcome) {
    const auto gateway = add_gateway(site, 1000);
    auto done = queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    auto delivered = queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    auto waiting = queue->enqueue("ST-1", "Reset", {}, std::nullopt);
    queue->after(gateway, 1, 1);
    db().transaction([&](Poco::Data::Session& s) {
        record_command_completed(s, gateway, done.id, "Accepted", "{}", 5);
    });
    const auto now = storage::now_ms();
    EXPECT_EQ(queue->expire(now - 60000, now), 0u);  // all younger than a minute
    EXPECT_EQ(queue->expire(now + 1, now), 2u);
    EXPECT_EQ(queue->find(done.id)->status, "Accepted");
    EXPECT_EQ(queue->find(delivered.id)->status, "Timeout");
    EXPECT_EQ(queue->find(waiting.id)->status, "Timeout");
    CompletionResult late{};
    db().transaction([&](Poco::Data::Session& s) {
        late = record_command_completed(s, gateway, waiting.id, "Accepted", "{}", now);
    });
    EXPECT_EQ(late, CompletionResult::AlreadyCompleted);
}

TEST_P(CommandQueueTest, StationsDeltaFollowsTheAllowList) {
    // ST-1 (allowed, from SetUp) is version 1.
    auto session = db().session();
    auto full = stations_delta(session, site, 0);
    EXPECT_TRUE(full.full);
    EXPECT_EQ(full.version, 1);
    ASSERT_EQ(full.stations.size(), 1u);
    EXPECT_FALSE(full.stations[0].password_hash.has_value());

    create_station("ST-2", site);  // v2
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-1",
                   nlohmann::json{{"password", "0123456789abcdef0123"}, {"security_profile", 1}})
                  .status,
              200);  // v3
    auto delta = stations_delta(session, site, 1);
    EXPECT_FALSE(delta.full);
    EXPECT_EQ(delta.version, 3);
    ASSERT_EQ(delta.stations.size(), 2u);
    EXPECT_EQ(delta.stations[0].station_id, "ST-1");
    ASSERT_TRUE(delta.stations[0].password_hash.has_value());
    EXPECT_TRUE(delta.stations[0].password_hash->starts_with("$argon2id$"));
    EXPECT_EQ(delta.stations[0].security_profile, 1);

    // Moved away, disallowed and deleted all read as removed on the old site.
    auto other = create_site("Other");
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-1", nlohmann::json{{"site_id", other}}).status,
              200);
    ASSERT_EQ(call("PATCH", "/api/v1/stations/ST-2", nlohmann::json{{"allowed", false}}).status,
              200);
    auto after_move = stations_delta(session, site, 3);
    EXPECT_TRUE(after_move.stations.empty());
    EXPECT_EQ(after_move.removed, (std::vector<std::string>{"ST-1", "ST-2"}));
    auto at_new_site = stations_delta(session, other, 3);
    ASSERT_EQ(at_new_site.stations.size(), 1u);
    EXPECT_EQ(at_new_site.stations[0].station_id, "ST-1");

    ASSERT_EQ(call("DELETE", "/api/v1/stations/ST-1").status, 204);
    auto after_delete = stations_delta(session, other, after_move.version);
    EXPECT_EQ(after_delete.removed, (std::vector<std::string>{"ST-1"}));
    auto json = stations_delta_json(after_delete);
    EXPECT_EQ(json["removed"][0], "ST-1");
    EXPECT_EQ(json["full"], false);
    // A gateway ahead of central (a restored database) gets the whole list.
    EXPECT_TRUE(stations_delta(session, site, 999).full);
}

ISKRA_STATIONS_BACKENDS(CommandQueueTest);

}  // namespace
}  // namespace iskra::central::stations
