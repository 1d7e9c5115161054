// Durations as scenario files and the console write them, and how scenario errors read.
#include <cctype>
#include <cstdio>
#include <string>

#include "iskra/sim/scenario/scenario.hpp"

namespace iskra::sim::scenario {

using std::chrono::milliseconds;

std::string ScenarioError::describe() const {
    return file + ": " + path + ": " + message;
}

std::optional<milliseconds> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    bool negative = false;
    if (text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    std::int64_t total = 0;
    if (text.find(':') != std::string_view::npos) {  // HH:MM:SS
        int h = 0, m = 0, s = 0;
        char extra = 0;
        if (std::sscanf(std::string(text).c_str(), "%d:%d:%d%c", &h, &m, &s, &extra) != 3 ||
            h < 0 || m < 0 || m > 59 || s < 0 || s > 59) {
            return std::nullopt;
        }
        total = (static_cast<std::int64_t>(h) * 3600 + m * 60 + s) * 1000;
    } else {
        std::size_t i = 0;
        bool any = false;
        while (i < text.size()) {
            std::size_t j = i;
            while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) != 0))
                ++j;
            if (j == i) return std::nullopt;
            const std::int64_t n = std::stoll(std::string(text.substr(i, j - i)));
            std::size_t k = j;
            while (k < text.size() && (std::isalpha(static_cast<unsigned char>(text[k])) != 0))
                ++k;
            const std::string_view unit = text.substr(j, k - j);
            std::int64_t factor = 0;
            if (unit == "ms")
                factor = 1;
            else if (unit == "s" || unit.empty())
                factor = 1000;
            else if (unit == "m" || unit == "min")
                factor = 60'000;
            else if (unit == "h")
                factor = 3'600'000;
            else if (unit == "d")
                factor = 86'400'000;
            else
                return std::nullopt;
            if (unit.empty() && k != text.size()) return std::nullopt;
            total += n * factor;
            any = true;
            i = k;
        }
        if (!any) return std::nullopt;
    }
    return milliseconds(negative ? -total : total);
}

}  // namespace iskra::sim::scenario
