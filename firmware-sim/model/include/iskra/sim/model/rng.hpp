// A seeded random source whose sequence is the same on every platform and compiler, so a scenario
// and its seed always produce the same run. (std:: distributions are implementation-defined.)
// A value type: each station owns one; not shared between threads.
#pragma once

#include <cstdint>

namespace iskra::sim::model {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) : state_(seed) {}

    // splitmix64: tiny, fast and good enough for traffic mixes and jitter.
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [low, high]; low when high <= low.
    std::int64_t uniform(std::int64_t low, std::int64_t high) {
        if (high <= low) return low;
        const auto span = static_cast<std::uint64_t>(high - low) + 1;
        return low + static_cast<std::int64_t>(next() % span);
    }

    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // A child source for one station or one EV, independent of how much the parent is used later.
    Rng fork(std::uint64_t salt) const { return Rng(state_ ^ (salt * 0xD1B54A32D192ED03ULL)); }

private:
    std::uint64_t state_;
};

}  // namespace iskra::sim::model
