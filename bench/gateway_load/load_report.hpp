// What one load run measured, and the two ways it is printed: for a person, and as one
// `result key=value ...` line that bench/run-gateway-load.sh turns into its table.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "latency_histogram.hpp"
#include "load_options.hpp"
#include "station_script.hpp"

namespace iskra::bench {

struct KindStats {
    std::array<std::uint64_t, kOutcomes> outcomes{};
    LatencyHistogram latency;  // every answered call (CALLRESULT or CALLERROR)

    std::uint64_t total() const;
    std::uint64_t failed() const;  // not Ok
};

struct LoadReport {
    // Connecting.
    std::size_t stations = 0;
    std::size_t connected = 0;
    std::size_t connect_failed = 0;
    std::chrono::duration<double> connect_time{};
    LatencyHistogram connect_latency;  // connect() to the upgrade answered
    std::optional<std::chrono::microseconds> server_cpu_connect;

    // Booting.
    KindStats boot;

    // Server memory, KiB: before any station, with every station connected and silent, after
    // every station booted and fell silent, and at the end of the measured window.
    std::optional<long> rss_before_kib, rss_connected_kib, rss_booted_kib, rss_loaded_kib;

    // The measured window: calls sent in it, however and whenever they ended.
    double offered_rate = 0;
    std::chrono::duration<double> window{};
    std::uint64_t sent = 0;
    std::uint64_t not_offered = 0;  // the pacer found no station without a call in flight
    std::array<KindStats, kCallKinds> kinds{};
    std::optional<std::chrono::microseconds> server_cpu_window;
    std::chrono::microseconds own_cpu_window{};

    // Calls answered (Ok or Refused) in every phase, boot to drain, by kind: what the server's
    // store should hold afterwards.
    std::array<std::uint64_t, kCallKinds> answered_in_run{};

    std::size_t unexpected_closes = 0;  // connections the server dropped during the run
    bool hit_deadline = false;
    bool hit_max_calls = false;

    KindStats all() const;  // every kind but Boot
};

void print_report(std::ostream& out, const LoadReport& report, const LoadOptions& options);
void print_result_line(std::ostream& out, const LoadReport& report, const LoadOptions& options);

}  // namespace iskra::bench
