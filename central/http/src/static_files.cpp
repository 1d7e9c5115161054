#include "iskra/central/http/static_files.hpp"

#include <array>
#include <system_error>
#include <utility>

namespace iskra::central::http {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".webmanifest", "application/manifest+json"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
}};

std::string type_of(const std::filesystem::path& path) {
    const std::string extension = path.extension().string();
    for (const auto& [ext, type] : kTypes)
        if (ext == extension) return std::string(type);
    return "application/octet-stream";
}

}  // namespace

std::optional<StaticFile> resolve_static_file(const std::filesystem::path& web_root,
                                              std::string_view request_path) {
    if (web_root.empty() || request_path.empty() || request_path.front() != '/') {
        return std::nullopt;
    }
    // Refuse any dot-segment or backslash outright rather than normalising: no legitimate asset
    // path has one, and normalising is where traversal bugs live.
    if (request_path.find("..") != std::string_view::npos ||
        request_path.find('\\') != std::string_view::npos ||
        request_path.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    std::filesystem::path relative(request_path.substr(1));
    std::error_code ec;
    std::filesystem::path candidate = web_root / relative;
    if (relative.empty() || std::filesystem::is_directory(candidate, ec)) {
        candidate = web_root / "index.html";
    } else if (!relative.has_extension()) {
        candidate = web_root / "index.html";
    }
    if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
    StaticFile file;
    file.path = candidate;
    file.content_type = type_of(candidate);
    file.immutable = request_path.starts_with("/assets/");
    return file;
}

}  // namespace iskra::central::http
