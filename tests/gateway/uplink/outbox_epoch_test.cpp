// The outbox's epoch (common/sync/README.md, Events): made with the gateway's database, kept
// while the database lives, sent with every events batch, so central tells a wiped gateway's
// new seq 1 from the old one. Runs the uplink against a small loopback server that records the
// epoch of each batch (FakeCentral keeps one seq counter whatever the epoch).
#include <httplib.h>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "iskra/gateway/store/uplink_state.hpp"
#include "iskra/gateway/uplink/uplink.hpp"
#include "iskra/sync/downlink_messages.hpp"
#include "iskra/sync/uplink_messages.hpp"
#include "uplink_test_support.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using testing::fast_options;
using testing::fixed_now;
using testing::ok;
using testing::StoreFixture;

// Central as far as this test needs: keeps the highest seq per epoch, like central does.
class EpochCentral {
public:
    EpochCentral() {
        server_.Post("/api/gateway/v1/events", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
            auto body = sync::parse_json(req.body);
            auto batch = body ? sync::decode_events_batch(*body)
                              : sync::WireResult<sync::EventsBatch>(tl::unexpected(body.error()));
            std::lock_guard lock(mutex_);
            if (!batch || batch->events.empty()) {
                res.status = 400;
                return;
            }
            const std::string epoch = batch->epoch.value_or("");
            epochs_.push_back(epoch);
            std::int64_t& held = held_[epoch];
            held = std::max(held, batch->events.back().seq);
            res.set_content(sync::dump(sync::to_json(sync::Acknowledged{held})),
                            "application/json");
        });
        server_.Get("/api/gateway/v1/commands",
                    [](const httplib::Request&, httplib::Response& res) {
                        std::this_thread::sleep_for(50ms);
                        res.set_content(sync::dump(sync::to_json(sync::CommandsAnswer{{}, 0, 0})),
                                        "application/json");
                    });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running())
            std::this_thread::sleep_for(1ms);
    }
    ~EpochCentral() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> epochs() {
        std::lock_guard lock(mutex_);
        return epochs_;
    }
    std::int64_t held(const std::string& epoch) {
        std::lock_guard lock(mutex_);
        return held_[epoch];
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> epochs_;           // guarded by mutex_: each batch's
    std::map<std::string, std::int64_t> held_;  // guarded by mutex_
};

bool eventually(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return done();
}

void push(StoreFixture& store, const std::string& url) {
    UplinkHooks hooks;
    hooks.now = fixed_now;
    hooks.run_command = [](const CentralCommandJob&) {};
    Uplink uplink(fast_options(url, store.file), *store.store, hooks);
    uplink.start();
    const std::int64_t last = store.backlog().last_seq;
    EXPECT_TRUE(eventually([&] { return store.backlog().acknowledged == last; }));
    uplink.stop();
}

TEST(OutboxEpoch, MadeWithTheDatabaseAndKeptWhileItLives) {
    std::string first;
    {
        StoreFixture store;
        first = ok(uplink_state(*store.reader)).outbox_epoch;
        EXPECT_EQ(first.size(), 32u);
        EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
        // The same database opened again (a restart): the same epoch.
        store.reader.reset();
        store.store.reset();
        store.store = std::make_unique<StoreThread>(testing::open_migrated(store.file), store.sink);
        auto reader = open_gateway_reader(store.file);
        ASSERT_TRUE(reader);
        EXPECT_EQ(ok(uplink_state(**reader)).outbox_epoch, first);
    }
    StoreFixture another;
    EXPECT_NE(ok(uplink_state(*another.reader)).outbox_epoch, first);
}

// The scenario the epoch exists for: the gateway's data directory is wiped, its identity kept,
// and its outbox starts again at seq 1. Central counts the new database's seqs afresh instead
// of acknowledging them as repeats of the old one's.
TEST(OutboxEpoch, AWipedGatewaysEventsAreSentUnderItsNewEpoch) {
    EpochCentral central;
    std::string old_epoch;
    {
        StoreFixture before;
        before.append(25);
        old_epoch = ok(uplink_state(*before.reader)).outbox_epoch;
        push(before, central.url());
    }
    StoreFixture after;  // a new database: seq 1 again
    after.append(7);
    const std::string new_epoch = ok(uplink_state(*after.reader)).outbox_epoch;
    push(after, central.url());

    EXPECT_EQ(central.held(old_epoch), 25);
    EXPECT_EQ(central.held(new_epoch), 7);
    for (const auto& epoch : central.epochs())
        EXPECT_TRUE(epoch == old_epoch || epoch == new_epoch) << epoch;
    EXPECT_EQ(central.epochs().back(), new_epoch);
}

}  // namespace
}  // namespace iskra::gateway
