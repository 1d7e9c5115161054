// The uplink fetches central's tariff feed and keeps it in the store: the last good feed stays
// through an unreadable one and through a restart. A small central of its own on a loopback port
// (FakeCentral has no tariffs).
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "iskra/gateway/store/tariff_feed_store.hpp"
#include "iskra/gateway/uplink/uplink.hpp"
#include "iskra/sync/downlink_messages.hpp"
#include "uplink_test_support.hpp"

namespace iskra::gateway {
namespace {

using namespace std::chrono_literals;
using testing::fast_options;
using testing::fixed_now;
using testing::ok;
using testing::StoreFixture;

// Answers the commands poll with nothing and the tariffs with `feed`, counting the fetches.
class TariffCentral {
public:
    TariffCentral() {
        server_.Get("/api/gateway/v1/commands",
                    [](const httplib::Request&, httplib::Response& res) {
                        std::this_thread::sleep_for(20ms);
                        res.set_content(sync::to_json(sync::CommandsAnswer{{}, 0, 0}).dump(),
                                        "application/json");
                    });
        server_.Get("/api/gateway/v1/tariffs",
                    [this](const httplib::Request&, httplib::Response& res) {
                        std::lock_guard lock(mutex_);
                        ++fetches_;
                        res.set_content(feed_, "application/json");
                    });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running())
            std::this_thread::sleep_for(1ms);
    }
    ~TariffCentral() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void serve(std::string feed) {
        std::lock_guard lock(mutex_);
        feed_ = std::move(feed);
    }
    int fetches() {
        std::lock_guard lock(mutex_);
        return fetches_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::string feed_ = R"({"tariffs":[],"stations":[]})";  // guarded by mutex_
    int fetches_ = 0;                                       // guarded by mutex_
};

bool eventually(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return done();
}

std::optional<std::string> stored(StoreFixture& store) {
    auto feed = ok(load_tariff_feed(*store.reader));
    if (!feed) return std::nullopt;
    return feed->body;
}

UplinkHooks hooks() {
    UplinkHooks h;
    h.now = fixed_now;
    h.run_command = [](const CentralCommandJob&) {};
    // Stands for the gateway's parse_tariff_feed: a feed without "tariffs" is not understood.
    h.tariffs_fetched = [](const std::string& body) {
        return body.find("\"tariffs\"") != std::string::npos;
    };
    return h;
}

TEST(TariffFetch, FetchedAtStartThenPeriodicallyAndStored) {
    StoreFixture store;
    TariffCentral central;
    const std::string v1 = R"({"tariffs":[{"id":"std"}],"stations":[]})";
    const std::string v2 = R"({"tariffs":[{"id":"new"}],"stations":[]})";
    central.serve(v1);
    auto options = fast_options(central.url(), store.file);
    options.tariffs_interval = 100ms;
    Uplink uplink(options, *store.store, hooks());
    uplink.start();
    ASSERT_TRUE(eventually([&] { return stored(store) == v1; }));
    EXPECT_EQ(ok(load_tariff_feed(*store.reader))->fetched_at, fixed_now());
    central.serve(v2);
    ASSERT_TRUE(eventually([&] { return stored(store) == v2; }));
}

TEST(TariffFetch, AnUnreadableFeedLeavesTheLastOne) {
    StoreFixture store;
    TariffCentral central;
    const std::string good = R"({"tariffs":[{"id":"std"}],"stations":[]})";
    central.serve(good);
    auto options = fast_options(central.url(), store.file);
    options.tariffs_interval = 50ms;
    {
        Uplink uplink(options, *store.store, hooks());
        uplink.start();
        ASSERT_TRUE(eventually([&] { return stored(store) == good; }));
        central.serve("not json");
        const int before = central.fetches();
        ASSERT_TRUE(eventually([&] { return central.fetches() >= before + 2; }));
        central.serve(R"({"something":"else"})");
        const int after = central.fetches();
        ASSERT_TRUE(eventually([&] { return central.fetches() >= after + 2; }));
    }
    EXPECT_EQ(stored(store), good);
}

TEST(TariffFetch, WithoutATariffServiceNothingIsStoredAndCommandsGoOn) {
    StoreFixture store;
    httplib::Server old_central;  // answers commands, 404 for tariffs
    std::atomic<int> polls{0};
    old_central.Get("/api/gateway/v1/commands", [&polls](const httplib::Request&,
                                                         httplib::Response& res) {
        ++polls;
        std::this_thread::sleep_for(20ms);
        res.set_content(sync::to_json(sync::CommandsAnswer{{}, 0, 0}).dump(), "application/json");
    });
    const int port = old_central.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { old_central.listen_after_bind(); });
    while (!old_central.is_running())
        std::this_thread::sleep_for(1ms);
    {
        auto options = fast_options("http://127.0.0.1:" + std::to_string(port), store.file);
        options.tariffs_interval = 10ms;
        Uplink uplink(options, *store.store, hooks());
        uplink.start();
        EXPECT_TRUE(eventually([&] { return polls.load() >= 5; }));
    }
    old_central.stop();
    thread.join();
    EXPECT_EQ(stored(store), std::nullopt);
}

}  // namespace
}  // namespace iskra::gateway
