#include "iskra/gateway/uplink/backoff.hpp"

#include <algorithm>

namespace iskra::gateway {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                 std::uint32_t seed)
    : initial_(std::max(initial, std::chrono::milliseconds(1))),
      max_(std::max(max, initial_)),
      base_(initial_),
      random_(seed) {}

std::chrono::milliseconds Backoff::next() {
    const auto base = base_.count();
    std::uniform_int_distribution<std::int64_t> jitter(base / 2, base);
    const std::chrono::milliseconds delay(jitter(random_));
    base_ = std::min(base_ * 2, max_);
    return delay;
}

}  // namespace iskra::gateway
