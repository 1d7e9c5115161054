// A latency histogram with bounded memory and about 1.6 % resolution, for p50/p99/p999 of
// many millions of calls without keeping each one. Single-threaded.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace iskra::bench {

class LatencyHistogram {
public:
    void record(std::chrono::nanoseconds latency);
    void merge(const LatencyHistogram& other);
    void clear();

    std::uint64_t count() const { return count_; }
    // The latency at or below which a fraction `q` (0..1) of the samples lie, in microseconds,
    // to the resolution of the bucket; 0 when empty.
    double quantile_us(double q) const;
    double max_us() const { return static_cast<double>(max_ns_) / 1000.0; }
    double mean_us() const;

private:
    // Log-linear buckets of microseconds: values below kSub are exact, above that each power
    // of two is split into kSub equal parts (HdrHistogram's layout, in small).
    static constexpr std::size_t kSubBits = 6;
    static constexpr std::size_t kSub = std::size_t{1} << kSubBits;
    static constexpr std::size_t kBuckets = kSub * 40;

    static std::size_t bucket_of(std::uint64_t us);
    static std::uint64_t upper_bound_of(std::size_t bucket);

    std::array<std::uint64_t, kBuckets> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t sum_ns_ = 0;
    std::uint64_t max_ns_ = 0;
};

}  // namespace iskra::bench
