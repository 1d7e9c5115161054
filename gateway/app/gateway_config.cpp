#include "gateway_config.hpp"

#include <vector>

namespace iskra::gateway {

using config::choice_key;
using config::flag_key;
using config::integer_key;
using config::KeySpec;
using config::text_key;

std::span<const KeySpec> gateway_keys() {
    static const std::vector<KeySpec> keys = {
        text_key("data_dir", "/var/lib/iskra-gateway",
                 "folder of the gateway's SQLite database (created if missing)"),
        flag_key("accept_unknown_stations", false,
                 "1: accept any station id at connect and boot (commissioning, tests)"),
        choice_key("offline_unknown_tokens", "reject", {"accept", "reject"},
                   "answer for a token neither central, the local list nor the cache knows "
                   "while central is unreachable or absent"),
        choice_key("log_level", "info", {"debug", "info", "warn", "error"},
                   "least severe log lines written"),
        text_key("ocpp.host", "0.0.0.0", "address the OCPP WebSocket server binds"),
        integer_key("ocpp.port", 9000, 1, 65535, "OCPP WebSocket port"),
        text_key("ocpp.path_prefix", "/ocpp",
                 "path before the station id: ws://host:port/ocpp/{stationId}"),
        integer_key("ocpp.ping_interval_s", 30, 1, 3600,
                    "WebSocket ping after this many idle seconds; hang up after three times as "
                    "long (pings are spread over the interval, so a dead station goes within "
                    "four)"),
        integer_key("ocpp.call_timeout_s", 30, 1, 600,
                    "seconds a station has to answer one of our calls"),
        integer_key("ocpp.heartbeat_interval_s", 300, 10, 86400,
                    "heartbeat interval given to stations at boot"),
        integer_key("ocpp.max_frame_bytes", 1 << 20, 1024, 16 << 20,
                    "largest OCPP message accepted; larger ones are refused"),
        integer_key("ocpp.max_connector_power_w", 400'000, 1000, 10'000'000,
                    "meter readings implying more power than this are flagged as impossible"),
        integer_key("security.profile", 0, 0, 3,
                    "OCPP security profile: 0 none, 1 basic auth, 2 TLS + basic auth, 3 TLS + "
                    "client certificates"),
        text_key("security.tls_certificate", "", "server certificate (PEM), profiles 2 and 3"),
        text_key("security.tls_private_key", "", "its private key (PEM)"),
        text_key("security.tls_client_ca", "",
                 "CA that signed the stations' certificates (PEM), profile 3"),
        text_key("status.host", "127.0.0.1", "address of the technician status page"),
        integer_key("status.port", 9080, 1, 65535, "port of the technician status page and API"),
        text_key("central.url", "",
                 "central's base URL; empty: run standalone. Set: run iskra-gateway enroll "
                 "first"),
        text_key("central.ca_file", "",
                 "CA that signed central's HTTPS certificate (PEM), for a private CA; empty: "
                 "the system's trust store"),
        integer_key("central.authorize_timeout_ms", 1500, 100, 30'000,
                    "milliseconds central has to answer an authorisation before the gateway "
                    "decides offline"),
        integer_key("central.batch_size", 500, 1, 1000, "most outbox events sent in one request"),
        integer_key("central.poll_wait_s", 25, 1, 30,
                    "seconds central may hold the commands long-poll open"),
        integer_key("central.retry_max_s", 60, 1, 3600,
                    "longest wait between attempts while central is unreachable (the wait "
                    "doubles from one second, with jitter)"),
        integer_key("central.tariffs_interval_s", 300, 10, 86'400,
                    "seconds between fetches of central's tariff feed (also fetched at start); "
                    "the last one is kept and used while central is unreachable"),
        integer_key("cost.update_interval_s", 60, 0, 3600,
                    "seconds between running-cost updates to a station in a session (2.0.1 "
                    "CostUpdated, 1.6 DataTransfer org.iskra/RunningCost), sent when the cost "
                    "changed; 0: never"),
        integer_key("store.commit_window_us", 3000, 0, 100'000,
                    "microseconds a durable write may wait for others to share its commit (one "
                    "fsync per group); 0: commit at once"),
    };
    return keys;
}

tl::expected<GatewaySettings, config::ConfigError> load_gateway_settings(
    const std::optional<std::string>& file, const config::Environment& environment) {
    auto loaded = config::Config::load(gateway_keys(), "gateway", file, environment);
    if (!loaded) return tl::unexpected(loaded.error());
    const config::Config& c = *loaded;
    GatewaySettings s;
    s.data_dir = c.text("data_dir");
    s.accept_unknown_stations = c.flag("accept_unknown_stations");
    s.offline_unknown_tokens_accept = c.text("offline_unknown_tokens") == "accept";
    s.log_level = c.text("log_level");
    s.ocpp_host = c.text("ocpp.host");
    s.ocpp_port = static_cast<std::uint16_t>(c.integer("ocpp.port"));
    s.ocpp_path_prefix = c.text("ocpp.path_prefix");
    s.ping_interval = std::chrono::seconds(c.integer("ocpp.ping_interval_s"));
    s.call_timeout = std::chrono::seconds(c.integer("ocpp.call_timeout_s"));
    s.heartbeat_interval = std::chrono::seconds(c.integer("ocpp.heartbeat_interval_s"));
    s.max_frame_bytes = static_cast<std::size_t>(c.integer("ocpp.max_frame_bytes"));
    s.max_connector_power_w = c.integer("ocpp.max_connector_power_w");
    s.security_profile = static_cast<int>(c.integer("security.profile"));
    s.tls_certificate = c.text("security.tls_certificate");
    s.tls_private_key = c.text("security.tls_private_key");
    s.tls_client_ca = c.text("security.tls_client_ca");
    s.status_host = c.text("status.host");
    s.status_port = static_cast<std::uint16_t>(c.integer("status.port"));
    s.central_url = c.text("central.url");
    s.central_ca_file = c.text("central.ca_file");
    s.central_authorize_timeout =
        std::chrono::milliseconds(c.integer("central.authorize_timeout_ms"));
    s.central_batch_size = static_cast<std::size_t>(c.integer("central.batch_size"));
    s.central_poll_wait = std::chrono::seconds(c.integer("central.poll_wait_s"));
    s.central_retry_max = std::chrono::seconds(c.integer("central.retry_max_s"));
    s.central_tariffs_interval = std::chrono::seconds(c.integer("central.tariffs_interval_s"));
    s.cost_update_interval = std::chrono::seconds(c.integer("cost.update_interval_s"));
    s.store_commit_window = std::chrono::microseconds(c.integer("store.commit_window_us"));
    if (s.security_profile >= 2 && (s.tls_certificate.empty() || s.tls_private_key.empty())) {
        return tl::unexpected(
            config::ConfigError{"security.profile " + std::to_string(s.security_profile) +
                                " needs security.tls_certificate and security.tls_private_key"});
    }
    if (s.security_profile == 3 && s.tls_client_ca.empty()) {
        return tl::unexpected(
            config::ConfigError{"security.profile 3 needs security.tls_client_ca"});
    }
    if (s.ocpp_path_prefix.empty() || s.ocpp_path_prefix.front() != '/') {
        return tl::unexpected(config::ConfigError{"ocpp.path_prefix must start with '/', not '" +
                                                  s.ocpp_path_prefix + "'"});
    }
    return s;
}

}  // namespace iskra::gateway
