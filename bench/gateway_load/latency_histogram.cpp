#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace iskra::bench {

std::size_t LatencyHistogram::bucket_of(std::uint64_t us) {
    if (us < kSub) return static_cast<std::size_t>(us);
    // The power of two at or below `us`, then which of its kSub parts `us` falls in.
    const auto magnitude = static_cast<std::size_t>(std::bit_width(us)) - 1;  // >= kSubBits
    const auto shift = magnitude - kSubBits;
    const auto part = static_cast<std::size_t>((us >> shift) - kSub);
    return std::min(kSub + shift * kSub + part, kBuckets - 1);
}

std::uint64_t LatencyHistogram::upper_bound_of(std::size_t bucket) {
    if (bucket < kSub) return bucket;
    const std::size_t shift = (bucket - kSub) / kSub;
    const std::size_t part = (bucket - kSub) % kSub;
    return ((kSub + part + 1) << shift) - 1;
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
    const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(latency.count(), 0));
    ++buckets_[bucket_of(ns / 1000)];
    ++count_;
    sum_ns_ += ns;
    max_ns_ = std::max(max_ns_, ns);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < kBuckets; ++i)
        buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    sum_ns_ += other.sum_ns_;
    max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::clear() {
    *this = LatencyHistogram{};
}

double LatencyHistogram::quantile_us(double q) const {
    if (count_ == 0) return 0.0;
    const auto rank = static_cast<std::uint64_t>(
        std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += buckets_[i];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            // Never report more than was seen: the top bucket is wide.
            return std::min(static_cast<double>(upper_bound_of(i)), max_us());
        }
    }
    return max_us();
}

double LatencyHistogram::mean_us() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ns_) / static_cast<double>(count_) / 1000.0;
}

}  // namespace iskra::bench
