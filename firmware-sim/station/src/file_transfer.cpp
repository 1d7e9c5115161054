// The pure parts of file transfers: URL schemes and the version a firmware image carries.
#include "iskra/sim/station/file_transfer.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace iskra::sim {

std::string url_scheme(std::string_view url) {
    const auto colon = url.find("://");
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string scheme;
    for (const char c : url.substr(0, colon)) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
            return {};
        }
        scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return scheme;
}

std::string firmware_version_of(std::string_view image, const std::string& current) {
    constexpr std::string_view kMarker = "iskra-sim-firmware ";
    if (image.starts_with(kMarker)) {
        auto line = image.substr(kMarker.size());
        line = line.substr(0, line.find_first_of("\r\n"));
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.remove_suffix(1);
        // CiString50 in both versions' BootNotification.
        if (!line.empty() && line.size() <= 50) return std::string(line);
    }
    // FNV-1a: stable across runs and platforms, unlike std::hash.
    std::uint32_t h = 2166136261u;
    for (const char c : image) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", h);
    std::string base = current.substr(0, current.find('+'));
    return base.substr(0, 41) + "+" + hex;
}

}  // namespace iskra::sim
