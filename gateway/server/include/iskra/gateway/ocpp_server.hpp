// The site's OCPP-J server: ws[s]://host:port/{prefix}/{stationId}, subprotocols ocpp1.6 and
// ocpp2.0.1, security profiles 0-3, on one libwebsockets service thread driven by libuv (epoll:
// poll() would walk every socket on every wake-up).
//
// That thread owns every socket and every StationConnection and never blocks: work that must
// wait (a durable commit, a lookup) is handed elsewhere and comes back through post(), which any
// thread may call. The features that answer stations plug in through StationGate (who may
// connect) and StationHandler (what to do with a connection).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/gateway/station_connection.hpp"

struct lws;
struct lws_context;
struct lws_vhost;
struct lws_sorted_usec_list;

namespace iskra::gateway {

struct BasicCredentials {
    std::string user;
    std::string password;
};

// How a refusal is answered: 404 for a station the site does not know, 401 (asking for basic
// authentication) for missing or wrong credentials, 403 for a station turned away.
enum class Refusal { UnknownStation, Unauthenticated, Forbidden };

// Why a connection attempt was refused, for the log and the HTTP answer.
struct Admission {
    bool accepted = false;
    std::string reason;
    Refusal refusal = Refusal::Forbidden;
};

// Decides at the WebSocket upgrade whether a station may connect. Service thread; must be fast.
class StationGate {
public:
    virtual ~StationGate() = default;
    virtual Admission admit(std::string_view station_id, ocpp::Version version,
                            const std::optional<BasicCredentials>& credentials,
                            bool tls_client_certificate) = 0;
};

// Gives each accepted connection its behaviour (the handlers its endpoint dispatches to) and
// hears when it goes. Service thread.
class StationHandler {
public:
    virtual ~StationHandler() = default;
    virtual void on_connected(StationConnection& connection) = 0;
    virtual void on_disconnected(StationConnection& connection) = 0;
    // About four times a second, for work that is due by time rather than by a message.
    virtual void on_tick() {}
};

struct OcppServerOptions {
    std::string host = "0.0.0.0";
    std::uint16_t port = 9000;  // 0: any free port (tests); port() tells which
    std::string path_prefix = "/ocpp";
    // WebSocket ping after this much silence; hang up after three times as long.
    std::chrono::milliseconds ping_interval{std::chrono::seconds(30)};
    std::chrono::milliseconds call_timeout{std::chrono::seconds(30)};
    std::size_t max_frame_bytes = std::size_t{1} << 20;
    int security_profile = 0;
    std::string tls_certificate;
    std::string tls_private_key;
    std::string tls_client_ca;
    // Descriptors kept free for everything but stations (SQLite, the status page, the uplink):
    // a connection that would take one of them is refused at once rather than leaving accept()
    // failing with EMFILE, which libwebsockets 4.1 retries in a busy loop.
    int descriptor_reserve = 64;
    // poll() instead of libuv (the fallback when lws's libuv plugin is missing).
    bool use_libuv = true;
};

// What the status page shows of a connection; copied out on the service thread.
struct ConnectionSummary {
    std::string station_id;
    ocpp::Version version;
    std::string remote_address;
    std::chrono::seconds connected_for;
    std::chrono::seconds idle_for;
    std::string last_action;
    rpc::EndpointStats stats;
};

class OcppServer {
public:
    OcppServer(OcppServerOptions options, StationGate& gate, StationHandler& handler);
    ~OcppServer();
    OcppServer(const OcppServer&) = delete;
    OcppServer& operator=(const OcppServer&) = delete;

    // Creates the libwebsockets context and binds the port. Call once, before run().
    tl::expected<void, std::string> start();
    std::uint16_t port() const { return bound_port_; }

    // Serves until stop(); closes every connection on the way out. The calling thread becomes
    // the service thread.
    void run();
    // Any thread, also a signal handler (it only sets a flag and wakes the loop, which then
    // stops itself): makes run() return soon.
    void stop();

    // Any thread: runs `work` on the service thread.
    void post(std::function<void()> work);

    // Service thread only.
    StationConnection* find(std::string_view station_id);
    std::vector<ConnectionSummary> summaries() const;

    // libwebsockets' C callback lands here; not for other callers.
    int on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len);

private:
    std::string station_id_of(const std::string& uri) const;
    int on_confirm_upgrade(lws* wsi);
    int on_filter(lws* wsi, void* user);
    void on_established(lws* wsi, void* user);
    int on_receive(lws* wsi, void* user, const char* data, std::size_t len);
    int on_writeable(lws* wsi, void* user);
    void on_closed(void* user);
    int on_network_connection(int fd);
    void run_posted();
    void tick();
    static void tick_callback(::lws_sorted_usec_list* sul);
    void destroy_context();

    OcppServerOptions options_;
    StationGate& gate_;
    StationHandler& handler_;
    lws_context* context_ = nullptr;
    std::uint16_t bound_port_ = 0;
    std::map<std::string, StationConnection*, std::less<>> by_station_;
    std::vector<unsigned char> write_buffer_;
    std::unique_ptr<struct TickTimer> tick_timer_;
    std::unique_ptr<struct EventLoop> loop_;  // null: lws's own poll() loop
    std::unique_ptr<PingSchedule<StationConnection>> pings_;
    // One pair of JSON parsers for every connection: only this thread parses, and a parser
    // keeps capacity for the largest message it has seen (kilobytes per connection otherwise).
    std::unique_ptr<rpc::EndpointParsers> parsers_;
    int descriptor_ceiling_ = 0;  // accepted fds at or above this are refused
    std::chrono::steady_clock::time_point last_refusal_log_{};

    std::mutex posted_mutex_;
    std::vector<std::function<void()>> posted_;  // GUARDED_BY(posted_mutex_)
    // Lock-free, so stop() may set it from a signal handler.
    std::atomic<bool> stopping_{false};
};

}  // namespace iskra::gateway
