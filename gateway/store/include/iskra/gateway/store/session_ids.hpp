// Session UUIDs: the gateway names every session with a random UUID that central, receipts and
// the back office use everywhere. An interface so tests can make the names predictable.
// Called on the store thread only.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace iskra::gateway {

class SessionIdGenerator {
public:
    virtual ~SessionIdGenerator() = default;
    virtual std::string next_session_id() = 0;
};

// RFC 4122 version 4 UUIDs ("3f2b...-4...-[89ab]..."), from a generator seeded by the
// operating system's entropy.
class RandomSessionIdGenerator final : public SessionIdGenerator {
public:
    RandomSessionIdGenerator();
    std::string next_session_id() override;

private:
    std::mt19937_64 engine_;
};

}  // namespace iskra::gateway
