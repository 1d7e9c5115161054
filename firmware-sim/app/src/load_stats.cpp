#include "load_stats.hpp"

#include <cmath>
#include <fstream>

namespace iskra::sim::app {

std::size_t LatencyHistogram::bucket_of(std::int64_t us) {
    if (us <= 1) return 0;
    const auto b =
        static_cast<std::size_t>(std::ceil(std::log(static_cast<double>(us)) / std::log(1.1)));
    return b < kBuckets ? b : kBuckets - 1;
}

std::int64_t LatencyHistogram::upper_bound_of(std::size_t bucket) {
    return static_cast<std::int64_t>(std::ceil(std::pow(1.1, static_cast<double>(bucket))));
}

void LatencyHistogram::add(std::chrono::microseconds latency) {
    ++buckets_[bucket_of(latency.count())];
    ++count_;
    if (latency > max_) max_ = latency;
}

std::chrono::microseconds LatencyHistogram::quantile(double fraction) const {
    if (count_ == 0) return std::chrono::microseconds(0);
    const auto target =
        static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
        seen += buckets_[b];
        if (seen >= target) {
            return std::min(max_, std::chrono::microseconds(upper_bound_of(b)));
        }
    }
    return max_;
}

double resident_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return static_cast<double>(std::strtoll(line.c_str() + 6, nullptr, 10)) / 1024.0;
        }
    }
    return 0;
}

}  // namespace iskra::sim::app
