// One HTTP(S) connection to central's gateway API (/api/gateway/v1), kept alive between
// requests, with the gateway's Bearer credentials. Not thread-safe: each uplink thread owns
// one; cancel() is the exception and may be called from any thread to end a long poll.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace httplib {
class Client;
}

namespace iskra::gateway {

struct CentralEndpoint {
    std::string origin;     // "https://central.example:8443"
    std::string base_path;  // "" or "/prefix" the API lives under, without a trailing slash
};

// "http[s]://host[:port][/prefix]" → its parts; anything else is a one-line reason.
tl::expected<CentralEndpoint, std::string> parse_central_url(std::string_view url);

struct HttpReply {
    int status = 0;
    std::string body;
};

struct CentralClientOptions {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds read_timeout{30000};
    std::string bearer;  // "<gateway_id>.<secret>"; empty for the enrolment request
    // PEM file of the CA that signed central's certificate, for an operator's private CA;
    // empty: the system's trust store. An https central is always verified, never trusted blind.
    std::string ca_file;
};

class CentralClient {
public:
    CentralClient(const CentralEndpoint& endpoint, CentralClientOptions options);
    ~CentralClient();
    CentralClient(const CentralClient&) = delete;
    CentralClient& operator=(const CentralClient&) = delete;

    // `path` is below /api/gateway/v1 ("/events", "/commands?after=3&wait=25"). A reply of any
    // status is a value; only "no reply at all" (refused, timed out, TLS failure) is an error.
    tl::expected<HttpReply, std::string> post(std::string_view path, const std::string& json);
    tl::expected<HttpReply, std::string> get(std::string_view path);

    void set_read_timeout(std::chrono::milliseconds timeout);
    // Any thread: aborts the request in flight (it fails) so a stopping thread need not wait
    // out a long poll.
    void cancel();

private:
    std::string full_path(std::string_view path) const;

    CentralEndpoint endpoint_;
    std::unique_ptr<httplib::Client> http_;
};

// The reason an answer was not a success, from its {"error": {...}} body when it has one:
// "401 gateway_unauthorized: ...".
std::string describe_failure(const HttpReply& reply);

}  // namespace iskra::gateway
