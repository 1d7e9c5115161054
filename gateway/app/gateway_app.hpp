// Wires the gateway's modules together and runs them until SIGTERM or SIGINT.
#pragma once

#include "gateway_config.hpp"

namespace iskra::gateway {

// Returns the process exit code: 0 after a clean stop, 2 when it could not start (the reason
// is on stderr in one line).
int run_gateway(const GatewaySettings& settings);

}  // namespace iskra::gateway
