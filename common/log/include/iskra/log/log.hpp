// Log lines on stderr, one per event: UTC time, level, subject (a station id, "uplink", ...),
// message. Technicians grep a station's id and see its whole story. Any thread may log; a line
// is written with one call so lines from two threads never interleave.
#pragma once

#include <string_view>

namespace iskra::log {

enum class Level { Debug, Info, Warn, Error };

// Lines below `level` are dropped; the default is Info.
void set_level(Level level);
bool enabled(Level level);
// Parses "debug", "info", "warn" or "error".
bool parse_level(std::string_view text, Level& out);

void write(Level level, std::string_view subject, std::string_view message);

inline void debug(std::string_view subject, std::string_view message) {
    if (enabled(Level::Debug)) write(Level::Debug, subject, message);
}
inline void info(std::string_view subject, std::string_view message) {
    write(Level::Info, subject, message);
}
inline void warn(std::string_view subject, std::string_view message) {
    write(Level::Warn, subject, message);
}
inline void error(std::string_view subject, std::string_view message) {
    write(Level::Error, subject, message);
}

}  // namespace iskra::log
