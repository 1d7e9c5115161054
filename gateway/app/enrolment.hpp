// `iskra-gateway enroll --central URL --code CODE [--force]` (common/sync/README.md, Identity):
// trades a one-time code from central's back office for the gateway's id and secret and keeps
// them in DATA_DIR/central-identity.json. Runs once, on the technician's terminal, before the
// gateway is started with central.url set.
#pragma once

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

#include "iskra/gateway/uplink/central_identity.hpp"

namespace iskra::gateway {

struct EnrolmentRequest {
    std::string central_url;
    std::string ca_file;  // as central.ca_file
    std::string code;
    std::filesystem::path data_dir;
    bool force = false;
    std::string name;  // the gateway's host name, shown to staff
    std::string software_version;
    session::Timestamp now;
};

// The identity written, or one line saying what went wrong. An existing identity is refused
// before the code is sent, so a mistaken run does not use up a code.
tl::expected<CentralIdentity, std::string> enrol(const EnrolmentRequest& request);

// The subcommand: prints one line and returns the exit code (0 enrolled, 1 refused or failed).
int run_enroll_command(const std::string& central_url, const std::string& ca_file,
                       const std::string& code, const std::string& data_dir, bool force);

}  // namespace iskra::gateway
