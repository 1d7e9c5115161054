// How long to wait before the next attempt when central is unreachable: exponential, capped,
// with jitter so a country's gateways do not reconnect in step after central comes back.
// Not thread-safe: one per retrying loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace iskra::gateway {

class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
            std::uint32_t seed = std::random_device{}());

    // The next delay: drawn from [base/2, base], base doubling from `initial` up to `max`.
    std::chrono::milliseconds next();
    // After a success: the next failure waits `initial` again.
    void reset() { base_ = initial_; }

private:
    std::chrono::milliseconds initial_;
    std::chrono::milliseconds max_;
    std::chrono::milliseconds base_;
    std::minstd_rand random_;
};

}  // namespace iskra::gateway
