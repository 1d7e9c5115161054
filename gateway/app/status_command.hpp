// `iskra-gateway status`: asks the running gateway's status API and prints what a technician
// needs on one screen. Exit code 0 when the gateway answered, 1 when it did not.
#pragma once

#include <string>

#include "gateway_config.hpp"

namespace iskra::gateway {

int run_status_command(const GatewaySettings& settings);

// The status JSON as plain text lines (separate for tests).
std::string format_status_text(const std::string& status_json);

}  // namespace iskra::gateway
