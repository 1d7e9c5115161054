// What a load run measures: calls sent and answered, their latency (station CALL to CSMS
// answer, as the station's socket sees it) and the process's memory. Service thread only.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace iskra::sim::app {

class LatencyHistogram {
public:
    void add(std::chrono::microseconds latency);
    // The latency below which `fraction` of the samples fall (bucket upper bound).
    std::chrono::microseconds quantile(double fraction) const;
    std::chrono::microseconds max() const { return max_; }
    std::uint64_t count() const { return count_; }

private:
    // Buckets grow by 10 %: from 1 µs to beyond a minute in 200 buckets, within 10 % anywhere.
    static constexpr std::size_t kBuckets = 200;
    static std::size_t bucket_of(std::int64_t us);
    static std::int64_t upper_bound_of(std::size_t bucket);
    std::array<std::uint64_t, kBuckets> buckets_{};
    std::uint64_t count_ = 0;
    std::chrono::microseconds max_{0};
};

struct LoadStats {
    std::uint64_t calls = 0;     // CALLs our stations sent
    std::uint64_t answers = 0;   // CALLRESULTs they got
    std::uint64_t errors = 0;    // CALLERRORs they got
    std::uint64_t commands = 0;  // CALLs the CSMS sent to them
    LatencyHistogram latency;
};

// Resident set size of this process, MiB (from /proc/self/status); 0 if unknown.
double resident_mib();

}  // namespace iskra::sim::app
