// The uplink's shared insides: options, the status board, the stop signal every loop sleeps
// on, and running a store job from an uplink thread. Each loop lives in its own file
// (event_sender.cpp, command_poller.cpp); uplink.cpp starts and stops them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "iskra/gateway/store/database.hpp"
#include "iskra/gateway/uplink/central_client.hpp"
#include "iskra/gateway/uplink/uplink.hpp"

namespace iskra::gateway {

class Uplink::Impl {
public:
    Impl(UplinkOptions options, StoreThread& store, UplinkHooks hooks);

    void start();
    void stop();
    void wake();

    // Runs `work` as a store job and waits for its commit; an error is a one-line reason.
    template <typename T, typename Work>
    tl::expected<T, std::string> store_job(Work work) {
        auto promise = std::make_shared<std::promise<tl::expected<T, StoreError>>>();
        auto future = promise->get_future();
        store_.submit(std::move(work), [promise](tl::expected<T, StoreError> result) {
            promise->set_value(std::move(result));
        });
        if (future.wait_for(options_.store_wait) != std::future_status::ready) {
            return tl::unexpected(std::string("the store did not finish the job in time"));
        }
        auto result = future.get();
        if (!result) return tl::unexpected(result.error().describe());
        return *std::move(result);
    }

    const UplinkOptions options_;
    StoreThread& store_;
    const UplinkHooks hooks_;
    CentralEndpoint endpoint_;
    UplinkStatusBoard board_;
    std::unique_ptr<CentralAuthorizer> authorizer_;

private:
    void events_loop();
    void commands_loop();
    void runner_loop();
    // Sleeps up to `delay`, or less when stopping (or woken, for the events loop). False: stop.
    bool pause(std::chrono::milliseconds delay, bool wakeable = false);
    bool stopping() const { return stopping_.load(); }
    std::unique_ptr<CentralClient> connect(std::chrono::milliseconds read_timeout);
    void failed(const std::string& what, const std::string& reason);
    std::unique_ptr<Database> open_reader();

    // events_loop's helpers (event_sender.cpp)
    bool send_batch(CentralClient& client, Database& reader, std::size_t& batch_size,
                    std::string& epoch, bool& progressed);
    // commands_loop's helpers (command_poller.cpp)
    bool poll_commands(CentralClient& client, Database& reader);
    void settle_interrupted(Database& reader);
    bool take_commands(const sync::CommandsAnswer& answer);
    void enqueue(std::vector<CentralCommandJob> jobs);
    bool sync_local_list(CentralClient& client, Database& reader, std::int64_t central_version);
    bool sync_stations(CentralClient& client, Database& reader, std::int64_t central_version);
    // Fetches and stores the tariff feed when tariffs_interval has passed; failures only logged.
    void sync_tariffs(CentralClient& client);

    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool woken_ = false;                        // guarded by mutex_
    std::deque<CentralCommandJob> to_run_;      // guarded by mutex_
    CentralClient* events_client_ = nullptr;    // guarded by mutex_, for cancel()
    CentralClient* commands_client_ = nullptr;  // guarded by mutex_, for cancel()
    // When the commands thread fetches the tariff feed next; that thread's only.
    std::chrono::steady_clock::time_point next_tariffs_{};
    std::thread events_thread_;
    std::thread commands_thread_;
    std::thread runner_thread_;
};

}  // namespace iskra::gateway
