// Which file of the web app a GET path names, safely: never outside the web root, index.html for
// a path without an extension (the single-page app's own routes), a content type by extension.
// Pure, so traversal attempts are tested without a server.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace iskra::central::http {

struct StaticFile {
    std::filesystem::path path;
    std::string content_type;
    bool immutable = false;  // fingerprinted asset under /assets/: cache for a year
};

std::optional<StaticFile> resolve_static_file(const std::filesystem::path& web_root,
                                              std::string_view request_path);

}  // namespace iskra::central::http
