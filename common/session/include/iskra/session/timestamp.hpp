// Instants as the session model holds them: UTC, millisecond precision. OCPP carries RFC 3339
// text with any offset; everything after the mapping compares, sorts and stores UTC only.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace iskra::session {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

struct TimestampError {
    std::string reason;  // e.g. "month 13 is out of range"
};

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" ('T'/'Z' in either case, or a space
// for 'T', as RFC 3339 allows) and normalises it to UTC. Digits of the fraction past the
// millisecond are truncated, not rounded, so an instant never moves into the next second.
// A leap second (:60) becomes the first millisecond of the next minute.
tl::expected<Timestamp, TimestampError> parse_timestamp(std::string_view text);

// "2026-11-28T12:00:00.000Z": ISO 8601, UTC, always with milliseconds (DESIGN.md conventions).
std::string format_timestamp(Timestamp at);

}  // namespace iskra::session
