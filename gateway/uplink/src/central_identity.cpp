#include "iskra/gateway/uplink/central_identity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace iskra::gateway {
namespace {

std::string os_error(const std::string& what, const std::filesystem::path& file) {
    return what + " " + file.string() + ": " + std::strerror(errno);
}

// write(2) until all is written or it fails.
bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

std::filesystem::path central_identity_path(const std::filesystem::path& data_dir) {
    return data_dir / kCentralIdentityFile;
}

tl::expected<CentralIdentity, std::string> read_central_identity(
    const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        if (!std::filesystem::exists(file)) {
            return tl::unexpected("no central identity at " + file.string() +
                                  ": run iskra-gateway enroll first");
        }
        return tl::unexpected(os_error("cannot read", file));
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto json = nlohmann::json::parse(text.str(), nullptr, false);
    const auto text_of = [&json](const char* key) -> std::string {
        if (!json.is_object() || !json.contains(key) || !json[key].is_string()) return "";
        return json[key].get<std::string>();
    };
    CentralIdentity identity{text_of("central_url"), text_of("gateway_id"), text_of("secret"), {}};
    auto enrolled = session::parse_timestamp(text_of("enrolled_at"));
    if (json.is_discarded() || identity.gateway_id.empty() || identity.secret.empty() ||
        !enrolled) {
        return tl::unexpected(file.string() +
                              " is not a central identity (re-enrol with iskra-gateway enroll "
                              "--force)");
    }
    identity.enrolled_at = *enrolled;
    return identity;
}

tl::expected<void, std::string> write_central_identity(const std::filesystem::path& file,
                                                       const CentralIdentity& identity,
                                                       bool overwrite) {
    std::error_code exists_error;
    if (!overwrite && std::filesystem::exists(file, exists_error)) {
        return tl::unexpected(file.string() +
                              " already exists: this gateway is enrolled (use --force to replace "
                              "its identity)");
    }
    const nlohmann::json json{{"central_url", identity.central_url},
                              {"gateway_id", identity.gateway_id},
                              {"secret", identity.secret},
                              {"enrolled_at", session::format_timestamp(identity.enrolled_at)}};
    const std::string text = json.dump(2) + "\n";

    std::filesystem::path temporary = file;
    temporary += ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return tl::unexpected(os_error("cannot create", temporary));
    // O_CREAT's mode is filtered by the umask, and an old .tmp keeps its mode: set it outright.
    const bool written = ::fchmod(fd, 0600) == 0 && write_all(fd, text) && ::fsync(fd) == 0;
    const std::string write_error = written ? "" : os_error("cannot write", temporary);
    ::close(fd);
    if (!written) {
        std::filesystem::remove(temporary, exists_error);
        return tl::unexpected(write_error);
    }
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        const std::string error = os_error("cannot rename into", file);
        std::filesystem::remove(temporary, exists_error);
        return tl::unexpected(error);
    }
    // The rename is durable only once the directory is.
    const auto directory = file.has_parent_path() ? file.parent_path() : ".";
    const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return {};
}

}  // namespace iskra::gateway
