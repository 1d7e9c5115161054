// Central's configuration keys, their defaults and documentation, and the typed settings the app
// wires its modules with. DESIGN.md's command-line contract names the environment variables:
// http.port → ISKRA_CENTRAL_HTTP_PORT, database → ISKRA_CENTRAL_DATABASE, data_dir →
// ISKRA_CENTRAL_DATA_DIR; every other key follows the same rule.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "iskra/config/config.hpp"

namespace iskra::central {

struct CentralSettings {
    std::string data_dir;
    std::string database;  // "sqlite:PATH" or "postgresql://..."; defaults into data_dir
    std::size_t database_pool_size = 16;
    std::string log_level;

    std::string http_host;
    std::uint16_t http_port = 8080;
    int http_threads = 256;
    std::size_t http_max_body_bytes = 8 << 20;
    std::string tls_certificate;
    std::string tls_private_key;
    std::chrono::seconds shutdown_grace{10};
    std::string web_root;

    std::chrono::minutes session_idle{30};
    std::chrono::hours session_lifetime{12};
    int login_max_failures = 5;
    std::chrono::minutes login_lockout{15};

    std::chrono::minutes command_timeout{15};
};

std::span<const config::KeySpec> central_keys();
tl::expected<CentralSettings, config::ConfigError> load_central_settings(
    const std::optional<std::string>& file, const config::Environment& environment);

}  // namespace iskra::central
