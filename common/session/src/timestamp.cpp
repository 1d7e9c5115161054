// RFC 3339 parsing by hand: GCC 12's <chrono> has the calendar types but not std::chrono::parse.
#include "iskra/session/timestamp.hpp"

#include <cstdio>
#include <utility>

namespace iskra::session {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

bool digits_at(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

tl::unexpected<TimestampError> fail(std::string reason) {
    return tl::unexpected(TimestampError{std::move(reason)});
}

}  // namespace

tl::expected<Timestamp, TimestampError> parse_timestamp(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits_at(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
        !digits_at(text, 5, 2, month) || text[7] != '-' || !digits_at(text, 8, 2, day) ||
        (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits_at(text, 11, 2, hour) ||
        text[13] != ':' || !digits_at(text, 14, 2, minute) || text[16] != ':' ||
        !digits_at(text, 17, 2, second)) {
        return fail("not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS)");
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) return fail("no such calendar date");
    if (hour > 23 || minute > 59 || second > 60) return fail("time of day out of range");

    std::size_t at = 19;
    int millis = 0;
    if (at < text.size() && text[at] == '.') {
        const std::size_t first = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            if (at - first < 3) millis = millis * 10 + (text[at] - '0');
            ++at;
        }
        if (at == first) return fail("a '.' must be followed by fraction digits");
        for (std::size_t shown = at - first; shown < 3; ++shown)
            millis *= 10;
    }

    minutes offset{0};
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int offset_hours = 0, offset_minutes = 0;
        if (!digits_at(text, at + 1, 2, offset_hours) || at + 3 >= text.size() ||
            text[at + 3] != ':' || !digits_at(text, at + 4, 2, offset_minutes) ||
            offset_hours > 23 || offset_minutes > 59) {
            return fail("UTC offset must be +HH:MM or -HH:MM");
        }
        offset = hours{offset_hours} + minutes{offset_minutes};
        if (text[at] == '-') offset = -offset;
        at += 6;
    } else {
        return fail("missing UTC offset ('Z' or +HH:MM)");
    }
    if (at != text.size()) return fail("unexpected text after the UTC offset");

    // Local time minus its offset is UTC.
    return std::chrono::sys_days{date} + hours{hour} + minutes{minute} + seconds{second} +
           milliseconds{millis} - offset;
}

std::string format_timestamp(Timestamp at) {
    const auto day_start = std::chrono::floor<days>(at);
    const std::chrono::year_month_day date{day_start};
    const std::chrono::hh_mm_ss time{at - day_start};
    char buffer[40];
    std::snprintf(
        buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return buffer;
}

}  // namespace iskra::session
