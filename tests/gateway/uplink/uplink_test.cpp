#include "iskra/gateway/uplink/uplink.hpp"

#include <atomic>
#include <mutex>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "iskra/gateway/store/auth_store.hpp"
#include "iskra/gateway/store/command_log.hpp"
#include "iskra/gateway/store/station_registry.hpp"
#include "iskra/gateway/store/uplink_state.hpp"
#include "support/fake_central.hpp"
#include "uplink_test_support.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using test::FakeCentral;
using testing::fast_options;
using testing::fixed_now;
using testing::ok;
using testing::StoreFixture;

std::vector<std::int64_t> one_to(std::int64_t n) {
    std::vector<std::int64_t> seqs(static_cast<std::size_t>(n));
    std::iota(seqs.begin(), seqs.end(), 1);
    return seqs;
}

// Records the commands the runner is handed.
struct CommandsSeen {
    std::mutex mutex;
    std::vector<CentralCommandJob> jobs;
    std::size_t count() {
        std::lock_guard lock(mutex);
        return jobs.size();
    }
};

UplinkHooks hooks_for(CommandsSeen& seen) {
    UplinkHooks hooks;
    hooks.now = fixed_now;
    hooks.run_command = [&seen](const CentralCommandJob& job) {
        std::lock_guard lock(seen.mutex);
        seen.jobs.push_back(job);
    };
    return hooks;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return done();
}

sync::CentralCommand command(std::int64_t seq, std::string id) {
    return sync::CentralCommand{
        seq, std::move(id), "ST-1", "Reset", nlohmann::json{{"type", "Soft"}}, fixed_now()};
}

TEST(Uplink, SendsTheOutboxInOrderedBoundedBatchesAndMovesTheMarker) {
    StoreFixture store;
    store.append(25);
    FakeCentral central("gw-1.s3cret");
    CommandsSeen seen;
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    uplink.start();

    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.held == 25; }));
    ASSERT_TRUE(eventually([&] { return store.backlog().acknowledged == 25; }));
    central.with([](FakeCentral& c) {
        EXPECT_EQ(c.applied, one_to(25));
        EXPECT_EQ(c.received, one_to(25)) << "nothing is sent twice when every ack arrives";
        EXPECT_LE(c.largest_batch, 10u);
        EXPECT_EQ(c.applied_types.front(), "SessionFlagged");
    });
    EXPECT_TRUE(eventually([&] { return uplink.status().connected; }));
    EXPECT_EQ(store.backlog().pending, 0);

    store.append(3);
    uplink.wake();
    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.held == 28; }));
}

TEST(Uplink, CentralDownThenUpDeliversEveryEventExactlyOnce) {
    StoreFixture store;
    FakeCentral central("gw-1.s3cret");
    central.down();
    store.append(12);
    CommandsSeen seen;
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    uplink.start();

    ASSERT_TRUE(eventually([&] { return uplink.status().last_error.has_value(); }));
    EXPECT_FALSE(uplink.status().connected);
    EXPECT_EQ(store.backlog().acknowledged, 0);

    // Central applies the first batch but its answer is lost: the gateway sends it again and
    // central, deduplicating on seq, still applies each event once.
    central.with([](FakeCentral& c) { c.lose_acks = 1; });
    central.up();
    store.append(3);
    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.held == 15; }));
    ASSERT_TRUE(eventually([&] { return store.backlog().acknowledged == 15; }));
    central.with([](FakeCentral& c) {
        EXPECT_EQ(c.applied, one_to(15));
        EXPECT_GT(c.received.size(), 15u) << "the batch whose ack was lost went twice";
    });
    EXPECT_TRUE(eventually([&] { return uplink.status().connected; }));
}

TEST(Uplink, ABatchCentralFindsTooLargeIsSentSmaller) {
    StoreFixture store;
    store.append(9);
    FakeCentral central("gw-1.s3cret");
    central.with([](FakeCentral& c) { c.max_batch_events = 3; });
    CommandsSeen seen;
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    uplink.start();
    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.held == 9; }));
    central.with([](FakeCentral& c) {
        EXPECT_EQ(c.applied, one_to(9));
        EXPECT_LE(c.largest_batch, 3u);
    });
}

TEST(Uplink, UnauthorisedGatewayKeepsItsOutboxAndSaysWhy) {
    StoreFixture store;
    store.append(2);
    FakeCentral central("gw-1.another-secret");
    CommandsSeen seen;
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    uplink.start();

    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.unauthorized >= 2; }));
    ASSERT_TRUE(eventually([&] {
        auto error = uplink.status().last_error;
        return error && error->find("gateway_unauthorized") != std::string::npos;
    }));
    EXPECT_FALSE(uplink.status().connected);
    EXPECT_EQ(store.backlog().acknowledged, 0);
    central.with([](FakeCentral& c) { EXPECT_TRUE(c.applied.empty()); });

    // Re-enrolled (here: central takes the old secret again): sync resumes.
    central.with([](FakeCentral& c) { c.bearer_ = "gw-1.s3cret"; });
    ASSERT_TRUE(central.wait_until([](FakeCentral& c) { return c.held == 2; }));
}

TEST(Uplink, CommandsAreLoggedOnceAndTheCursorSurvivesARestart) {
    StoreFixture store;
    FakeCentral central("gw-1.s3cret");
    central.with([](FakeCentral& c) { c.commands = {command(1, "c-1"), command(2, "c-2")}; });
    CommandsSeen seen;
    {
        Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
        uplink.start();
        ASSERT_TRUE(eventually([&] { return seen.count() == 2; }));
        ASSERT_TRUE(central.wait_until(
            [](FakeCentral& c) { return !c.polls_after.empty() && c.polls_after.back() == 2; }));
    }  // the gateway stops (or dies) here
    EXPECT_EQ(ok(uplink_state(*store.reader)).command_cursor, 2);
    auto first = ok(find_command(*store.reader, seen.jobs[0].id));
    ASSERT_TRUE(first);
    EXPECT_EQ(first->central_command_id, "c-1");
    EXPECT_EQ(first->action, "Reset");
    EXPECT_EQ(nlohmann::json::parse(first->request), (nlohmann::json{{"type", "Soft"}}));

    // After the restart it asks after the cursor, so nothing is fetched or sent twice.
    central.with([](FakeCentral& c) {
        c.polls_after.clear();
        c.commands.push_back(command(3, "c-3"));
    });
    Uplink again(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    again.start();
    ASSERT_TRUE(eventually([&] { return seen.count() == 3; }));
    central.with([](FakeCentral& c) { EXPECT_EQ(c.polls_after.front(), 2); });
    EXPECT_EQ(seen.jobs[2].central_command_id, "c-3");
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(seen.count(), 3u);
    // The first run stopped before settling c-1 (the fake runner never does): whether the
    // station got it is unknown, so it is settled Failed rather than sent again.
    auto interrupted = ok(find_command(*store.reader, seen.jobs[0].id));
    ASSERT_TRUE(interrupted);
    EXPECT_EQ(interrupted->status, CommandStatus::Failed);
}

// A crash after a command was logged but before the cursor moved (or central delivering the
// same command twice): it is fetched again, recognised by its UUID and not sent again.
TEST(Uplink, ACommandLoggedBeforeACrashIsNotSentAgain) {
    StoreFixture store;
    std::promise<void> logged;
    store.store->submit(
        [](Database& db) {
            return record_central_command(db, "c-1", "ST-1", "Reset", R"({"type":"Soft"})",
                                          fixed_now());
        },
        [&logged](tl::expected<CentralCommandRecorded, StoreError> r) {
            EXPECT_TRUE(r && r->fresh);
            logged.set_value();
        });
    logged.get_future().wait();
    EXPECT_EQ(ok(uplink_state(*store.reader)).command_cursor, 0);

    FakeCentral central("gw-1.s3cret");
    central.with([](FakeCentral& c) { c.commands = {command(1, "c-1"), command(2, "c-2")}; });
    CommandsSeen seen;
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks_for(seen));
    uplink.start();
    ASSERT_TRUE(central.wait_until(
        [](FakeCentral& c) { return !c.polls_after.empty() && c.polls_after.back() == 2; }));
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    std::this_thread::sleep_for(100ms);
    ASSERT_EQ(seen.count(), 1u);
    EXPECT_EQ(seen.jobs[0].central_command_id, "c-2");
}

TEST(Uplink, ListDeltasAreFetchedWhenCentralIsAheadAndAppliedWithTheirVersion) {
    StoreFixture store;
    FakeCentral central("gw-1.s3cret");
    const session::Token card{"04A2", session::TokenType::ISO14443};
    central.with([&](FakeCentral& c) {
        c.local_list_version = 4;
        c.local_list_since[0] = sync::LocalListDelta{
            4,
            true,
            {sync::LocalListEntry{card, session::AuthorizationStatus::Accepted, {}, {}}},
            {}};
        c.stations_version = 2;
        c.stations_since[0] = sync::StationsDelta{
            2, true, {sync::StationEntry{"ST-7", true, "$argon2id$hash", {}}}, {}};
    });
    std::vector<sync::StationsDelta> applied;
    std::mutex applied_mutex;
    CommandsSeen seen;
    UplinkHooks hooks = hooks_for(seen);
    hooks.stations_applied = [&](const sync::StationsDelta& delta) {
        std::lock_guard lock(applied_mutex);
        applied.push_back(delta);
    };
    Uplink uplink(fast_options(central.url(), store.file), *store.store, hooks);
    uplink.start();

    ASSERT_TRUE(eventually([&] { return ok(local_list_version(*store.reader)) == 4; }));
    auto found = ok(lookup_token(*store.reader, card, fixed_now()));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->decision.status, session::AuthorizationStatus::Accepted);
    ASSERT_TRUE(eventually([&] { return ok(uplink_state(*store.reader)).stations_version == 2; }));
    auto stations = ok(station_credentials(*store.reader));
    ASSERT_EQ(stations.size(), 1u);
    EXPECT_EQ(stations[0].station_id, "ST-7");
    EXPECT_EQ(stations[0].allow_state, StationAllowState::Allowed);
    EXPECT_EQ(stations[0].password_hash, "$argon2id$hash");
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(applied_mutex);
        return applied.size() == 1;
    }));
}

}  // namespace
}  // namespace iskra::gateway
