// Central's HTTP server: Poco::Net::HTTPServer with a thread pool in front of the Dispatcher.
// /api/... goes to the dispatcher; any other GET is a file of the web app (index.html for a
// path without an extension, so the single-page app's own routes load). One JSON access-log
// line per request on stderr. stop() refuses new connections, lets requests in flight finish
// (up to the grace period), then returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "iskra/central/http/dispatcher.hpp"

namespace iskra::central::http {

struct ServerOptions {
    std::string host = "0.0.0.0";
    std::uint16_t port = 8080;  // 0: any free port (tests); port() tells which
    int max_threads = 256;      // long-polling gateways each hold one while they wait
    int max_queued = 512;
    std::size_t max_body_bytes = 8 << 20;
    std::filesystem::path web_root;  // empty: no static files
    std::string tls_certificate;     // PEM; both set: HTTPS only, cookies Secure
    std::string tls_private_key;
};

class Server {
public:
    Server(const Dispatcher& dispatcher, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving; throws with a one-line reason when the port cannot be had.
    void start();
    std::uint16_t port() const;
    void stop(std::chrono::milliseconds grace);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace iskra::central::http
