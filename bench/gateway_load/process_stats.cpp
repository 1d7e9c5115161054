#include "process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace iskra::bench {

std::optional<std::chrono::microseconds> process_cpu_time(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    // The command name (field 2) may hold spaces and parentheses: count fields after its
    // closing parenthesis, where field 3 (state) starts.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    long long utime = -1;
    long long stime = -1;
    for (int number = 3; number <= 15 && fields >> field; ++number) {
        if (number == 14) utime = std::strtoll(field.c_str(), nullptr, 10);
        if (number == 15) stime = std::strtoll(field.c_str(), nullptr, 10);
    }
    if (utime < 0 || stime < 0) return std::nullopt;
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (ticks_per_second <= 0) return std::nullopt;
    return std::chrono::microseconds((utime + stime) * 1'000'000LL / ticks_per_second);
}

std::optional<long> process_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return std::nullopt;
}

std::chrono::microseconds own_cpu_time() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto us = [](const timeval& t) {
        return static_cast<long long>(t.tv_sec) * 1'000'000LL + t.tv_usec;
    };
    return std::chrono::microseconds(us(usage.ru_utime) + us(usage.ru_stime));
}

}  // namespace iskra::bench
