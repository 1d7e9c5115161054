// The gateway's credentials for central, DATA_DIR/central-identity.json (common/sync/README.md,
// Identity): written once by `iskra-gateway enroll`, read at every start when central.url is
// set. The file holds a secret, so it is created 0600 and replaced atomically (write, fsync,
// rename, fsync of the directory): a crash leaves the old identity or the new, never half.
#pragma once

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

#include "iskra/session/timestamp.hpp"

namespace iskra::gateway {

struct CentralIdentity {
    std::string central_url;
    std::string gateway_id;
    std::string secret;
    session::Timestamp enrolled_at;

    std::string bearer() const { return gateway_id + "." + secret; }
    bool operator==(const CentralIdentity&) const = default;
};

inline constexpr const char* kCentralIdentityFile = "central-identity.json";

std::filesystem::path central_identity_path(const std::filesystem::path& data_dir);

// A one-line reason when the file is missing ("run iskra-gateway enroll first") or unreadable.
tl::expected<CentralIdentity, std::string> read_central_identity(const std::filesystem::path& file);

// Refuses to replace an existing file unless `overwrite`.
tl::expected<void, std::string> write_central_identity(const std::filesystem::path& file,
                                                       const CentralIdentity& identity,
                                                       bool overwrite);

}  // namespace iskra::gateway
