// What the load run reads about the server it drives, from /proc: CPU time used so far (all
// threads, user + system) and resident memory. Linux only; a read that fails gives nullopt.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <optional>

namespace iskra::bench {

// utime + stime of the whole process (every thread), from /proc/PID/stat.
std::optional<std::chrono::microseconds> process_cpu_time(pid_t pid);

// VmRSS from /proc/PID/status, in KiB.
std::optional<long> process_rss_kib(pid_t pid);

// This process's own CPU time (user + system), from getrusage.
std::chrono::microseconds own_cpu_time();

}  // namespace iskra::bench
