// The gateway's configuration keys, their defaults and documentation, and the typed settings
// main() wires the modules with. DESIGN.md's command-line contract names the environment
// variables; config.cpp derives them from the keys (ISKRA_GATEWAY_OCPP_PORT for ocpp.port).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "iskra/config/config.hpp"

namespace iskra::gateway {

struct GatewaySettings {
    std::string data_dir;
    bool accept_unknown_stations = false;
    bool offline_unknown_tokens_accept = false;
    std::string log_level;

    std::string ocpp_host;
    std::uint16_t ocpp_port = 9000;
    std::string ocpp_path_prefix;
    std::chrono::seconds ping_interval{30};
    std::chrono::seconds call_timeout{30};
    std::chrono::seconds heartbeat_interval{300};
    std::size_t max_frame_bytes = 1 << 20;
    std::int64_t max_connector_power_w = 400'000;

    int security_profile = 0;
    std::string tls_certificate;
    std::string tls_private_key;
    std::string tls_client_ca;

    std::string status_host;
    std::uint16_t status_port = 9080;

    std::string central_url;  // empty: standalone
    std::string central_ca_file;
    std::chrono::milliseconds central_authorize_timeout{1500};
    std::size_t central_batch_size = 500;
    std::chrono::seconds central_poll_wait{25};
    std::chrono::seconds central_retry_max{60};
    std::chrono::seconds central_tariffs_interval{300};

    std::chrono::seconds cost_update_interval{60};

    std::chrono::microseconds store_commit_window{3000};
};

std::span<const config::KeySpec> gateway_keys();
tl::expected<GatewaySettings, config::ConfigError> load_gateway_settings(
    const std::optional<std::string>& file, const config::Environment& environment);

}  // namespace iskra::gateway
