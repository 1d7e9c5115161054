#include "central_config.hpp"

#include <vector>

namespace iskra::central {

using config::choice_key;
using config::integer_key;
using config::KeySpec;
using config::text_key;

std::span<const KeySpec> central_keys() {
    static const std::vector<KeySpec> keys = {
        text_key("data_dir", "/var/lib/iskra-central",
                 "folder for documents and, by default, the SQLite database (created if missing)"),
        text_key("database", "",
                 "sqlite:PATH or postgresql://user:password@host:port/database; empty: "
                 "sqlite:DATA_DIR/central.db"),
        integer_key("database_pool_size", 16, 1, 256, "database connections kept open"),
        choice_key("log_level", "info", {"debug", "info", "warn", "error"},
                   "least severe log lines written"),
        text_key("http.host", "0.0.0.0", "address the HTTP server binds"),
        integer_key("http.port", 8080, 1, 65535, "HTTP port of the API and the web app"),
        integer_key("http.threads", 256, 4, 4096,
                    "most requests served at once; each long-polling gateway holds one"),
        integer_key("http.max_body_bytes", 8 << 20, 1024, 256 << 20,
                    "largest request body accepted; larger ones are answered 413"),
        text_key("http.tls_certificate", "", "certificate (PEM); set with the key: HTTPS only"),
        text_key("http.tls_private_key", "", "its private key (PEM)"),
        integer_key("http.shutdown_grace_s", 10, 0, 600,
                    "seconds requests in flight get to finish after SIGTERM"),
        text_key("web.root", "/usr/share/iskra/web",
                 "folder of the web app's built files, served at /"),
        integer_key("identity.session_idle_minutes", 30, 1, 1440,
                    "a login session ends after this long without a request"),
        integer_key("identity.session_lifetime_hours", 12, 1, 720,
                    "a login session ends this long after sign-in, used or not"),
        integer_key("identity.login_max_failures", 5, 1, 100,
                    "consecutive wrong passwords before an account locks"),
        integer_key("identity.login_lockout_minutes", 15, 1, 1440,
                    "how long a locked account stays locked"),
        integer_key("stations.command_timeout_minutes", 15, 1, 1440,
                    "a remote command with no outcome after this long is shown as timed out"),
    };
    return keys;
}

tl::expected<CentralSettings, config::ConfigError> load_central_settings(
    const std::optional<std::string>& file, const config::Environment& environment) {
    auto loaded = config::Config::load(central_keys(), "central", file, environment);
    if (!loaded) return tl::unexpected(loaded.error());
    const config::Config& c = *loaded;
    CentralSettings s;
    s.data_dir = c.text("data_dir");
    s.database = c.text("database");
    if (s.database.empty()) s.database = "sqlite:" + s.data_dir + "/central.db";
    s.database_pool_size = static_cast<std::size_t>(c.integer("database_pool_size"));
    s.log_level = c.text("log_level");
    s.http_host = c.text("http.host");
    s.http_port = static_cast<std::uint16_t>(c.integer("http.port"));
    s.http_threads = static_cast<int>(c.integer("http.threads"));
    s.http_max_body_bytes = static_cast<std::size_t>(c.integer("http.max_body_bytes"));
    s.tls_certificate = c.text("http.tls_certificate");
    s.tls_private_key = c.text("http.tls_private_key");
    if (s.tls_certificate.empty() != s.tls_private_key.empty()) {
        return tl::unexpected(config::ConfigError{
            "http.tls_certificate and http.tls_private_key must be set together (" +
            c.origin(s.tls_certificate.empty() ? "http.tls_private_key" : "http.tls_certificate") +
            " sets only one)"});
    }
    s.shutdown_grace = std::chrono::seconds(c.integer("http.shutdown_grace_s"));
    s.web_root = c.text("web.root");
    s.session_idle = std::chrono::minutes(c.integer("identity.session_idle_minutes"));
    s.session_lifetime = std::chrono::hours(c.integer("identity.session_lifetime_hours"));
    s.login_max_failures = static_cast<int>(c.integer("identity.login_max_failures"));
    s.login_lockout = std::chrono::minutes(c.integer("identity.login_lockout_minutes"));
    s.command_timeout = std::chrono::minutes(c.integer("stations.command_timeout_minutes"));
    return s;
}

}  // namespace iskra::central
