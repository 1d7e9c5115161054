// Test double for an endpoint's transport: keeps every frame the endpoint sends, in order, so a
// test asserts exactly what the peer would have received.
#pragma once

#include <string>
#include <vector>

#include "iskra/rpc/rpc_endpoint.hpp"

namespace iskra::rpc::testing {

class CapturingSender {
public:
    RpcEndpoint::SendFn fn() {
        return [this](std::string frame) { frames_.push_back(std::move(frame)); };
    }

    const std::vector<std::string>& frames() const { return frames_; }
    // The most recent frame, or "" when nothing was sent.
    std::string last() const { return frames_.empty() ? std::string() : frames_.back(); }
    std::size_t count() const { return frames_.size(); }
    void clear() { frames_.clear(); }

private:
    std::vector<std::string> frames_;
};

inline RpcEndpoint::Clock::time_point at_seconds(long seconds) {
    return RpcEndpoint::Clock::time_point{} + std::chrono::seconds(seconds);
}

}  // namespace iskra::rpc::testing
