#include "iskra/log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace iskra::log {
namespace {

std::atomic<Level> g_level{Level::Info};

std::string_view level_name(Level level) {
    switch (level) {
        case Level::Debug:
            return "DEBUG";
        case Level::Info:
            return "INFO ";
        case Level::Warn:
            return "WARN ";
        case Level::Error:
            return "ERROR";
    }
    return "?";
}

}  // namespace

void set_level(Level level) {
    g_level.store(level);
}

bool enabled(Level level) {
    return level >= g_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
    if (text == "debug")
        out = Level::Debug;
    else if (text == "info")
        out = Level::Info;
    else if (text == "warn")
        out = Level::Warn;
    else if (text == "error")
        out = Level::Error;
    else
        return false;
    return true;
}

void write(Level level, std::string_view subject, std::string_view message) {
    if (!enabled(level)) return;
    // Log lines carry wall-clock time for the technician reading them; this is not domain time.
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(ms.count() % 1000));
    std::string line;
    line.reserve(48 + subject.size() + message.size());
    line.append(stamp).append(" ").append(level_name(level)).append(" [");
    line.append(subject).append("] ").append(message).push_back('\n');
    // One write(2) per line: atomic for a pipe up to PIPE_BUF and never interleaved mid-line
    // by stdio buffering across threads.
    const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
}

}  // namespace iskra::log
