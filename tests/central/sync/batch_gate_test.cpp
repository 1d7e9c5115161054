// BatchGate (central/sync/src/batch_gate.hpp): at most N batches at once, the rest let in by
// arrival order as slots free up, a bounded wait.
#include "batch_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace iskra::central::sync::detail {
namespace {

using namespace std::chrono_literals;

TEST(BatchGate, AdmitsUpToItsSlotsAndTheNextWaitsBoundedly) {
    BatchGate gate(2);
    EXPECT_TRUE(gate.enter(0ms));
    EXPECT_TRUE(gate.enter(0ms));
    const auto before = std::chrono::steady_clock::now();
    EXPECT_FALSE(gate.enter(50ms));
    EXPECT_GE(std::chrono::steady_clock::now() - before, 50ms);
    gate.leave();
    EXPECT_TRUE(gate.enter(0ms));
    gate.leave();
    gate.leave();
}

TEST(BatchGate, WaitersAreLetInInArrivalOrder) {
    BatchGate gate(1);
    ASSERT_TRUE(gate.enter(0ms));
    std::mutex mutex;
    std::vector<int> order;
    std::vector<std::thread> waiters;
    for (int i = 0; i < 4; ++i) {
        waiters.emplace_back([&, i] {
            ASSERT_TRUE(gate.enter(10s));
            {
                std::lock_guard lock(mutex);
                order.push_back(i);
            }
            gate.leave();
        });
        std::this_thread::sleep_for(30ms);  // so they queue in this order
    }
    gate.leave();
    for (auto& waiter : waiters)
        waiter.join();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
    // A waiter that gave up leaves no hole: the slot still reaches the next one.
    ASSERT_TRUE(gate.enter(0ms));
    EXPECT_FALSE(gate.enter(10ms));
    std::atomic<bool> admitted{false};
    std::thread late([&] {
        admitted = gate.enter(10s);
        gate.leave();
    });
    std::this_thread::sleep_for(30ms);
    gate.leave();
    late.join();
    EXPECT_TRUE(admitted);
}

}  // namespace
}  // namespace iskra::central::sync::detail
