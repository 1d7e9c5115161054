// The simulator's side of the wire: OCPP-J client connections on one libwebsockets context,
// all served by the thread that calls run() (one thread for 10,000 stations: no thread per
// connection). Each Connection is the Transport of one station.
//
// libwebsockets calls back on that same thread; events go to a ConnectionEvents (the Host).
// Other threads reach the service thread only through post() (a locked queue and
// lws_cancel_service), which is also safe from a signal handler's flag check.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "iskra/ocpp/version.hpp"
#include "iskra/sim/station/transport.hpp"

struct lws;
struct lws_context;
struct lws_sorted_usec_list;

namespace iskra::sim::app {

class Connection;

class ConnectionEvents {
public:
    virtual ~ConnectionEvents() = default;
    virtual void on_established(Connection& c) = 0;
    virtual void on_text(Connection& c, std::string_view text) = 0;
    virtual void on_failed(Connection& c, std::string_view why) = 0;
    virtual void on_closed(Connection& c, std::string_view why) = 0;
    // The timer set with schedule_wakeup() fired.
    virtual void on_wakeup() = 0;
};

struct Endpoint {
    bool tls = false;
    std::string host;
    int port = 80;
    std::string base_path;  // "/ocpp", without a trailing slash
};
tl::expected<Endpoint, std::string> parse_url(const std::string& url);

struct ClientOptions {
    Endpoint endpoint;
    std::size_t max_connections = 1;
    std::optional<std::string> ca_file;
    std::optional<std::string> cert_file;
    std::optional<std::string> key_file;
    bool insecure = false;
    bool event_loop_uv = true;
};

class ClientContext {
public:
    ClientContext(ClientOptions options, ConnectionEvents& events);
    ~ClientContext();
    ClientContext(const ClientContext&) = delete;
    ClientContext& operator=(const ClientContext&) = delete;

    tl::expected<void, std::string> start();
    // Serves until stop(). The calling thread is the service thread.
    void run();
    // Any thread (and the SIGTERM path): run() returns soon.
    void stop();
    // Any thread: `work` runs on the service thread.
    void post(std::function<void()> work);
    // Service thread: on_wakeup() in `delay` (replacing any earlier wakeup).
    void schedule_wakeup(std::chrono::microseconds delay);
    // Service thread: runs lws once more so pending closes go out (used on the way out).
    void drain(std::chrono::milliseconds for_at_most);

    const ClientOptions& options() const { return options_; }

    // The C callback lands here.
    int on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len);

private:
    friend class Connection;
    void run_posted();
    void stop_loop();
    // Why a TLS handshake failed, as a suffix for the station's log line; "" if it did not.
    std::string tls_failure(lws* wsi, const std::string& why) const;
    static void wakeup_callback(lws_sorted_usec_list* sul);

    ClientOptions options_;
    ConnectionEvents& events_;
    lws_context* context_ = nullptr;
    std::vector<unsigned char> write_buffer_;
    struct Wakeup;
    std::unique_ptr<Wakeup> wakeup_;
    struct Loop;
    std::unique_ptr<Loop> loop_;  // null: lws's own poll() loop
    std::mutex posted_mutex_;
    std::vector<std::function<void()>> posted_;  // GUARDED_BY(posted_mutex_)
    volatile bool stopping_ = false;
    bool draining_ = false;
    bool context_ending_ = false;  // in the destructor: no more events to the host
};

// One station's connection, reused across reconnects. Service thread only.
class Connection final : public Transport {
public:
    Connection(ClientContext& context, std::size_t index, std::string station_id,
               ocpp::Version version, std::optional<std::string> password);

    void connect() override;
    void send(std::string text) override;
    // A network loss: the socket is dropped, no close frame.
    void close() override;
    // The simulator stops: what is queued goes out, then a close frame (going away).
    void shut_down();

    std::size_t index() const { return index_; }
    const std::string& station_id() const { return station_id_; }
    bool established() const { return established_; }
    bool connecting() const { return wsi_ != nullptr && !established_; }
    // When the attempt in progress (or the last one) began.
    std::chrono::steady_clock::time_point connect_started_at() const { return connect_started_at_; }

    // Latency of the station's own calls: it has at most one outstanding, so the next
    // CALLRESULT or CALLERROR answers the CALL sent last.
    std::optional<std::chrono::steady_clock::time_point> call_sent_at;

private:
    friend class ClientContext;
    ClientContext& context_;
    std::size_t index_;
    std::string station_id_;
    std::string path_;
    std::string subprotocol_;
    std::optional<std::string> authorization_;  // "Basic ..." header value
    lws* wsi_ = nullptr;
    bool established_ = false;
    bool attempt_failed_ = false;  // lws reported this attempt's failure itself
    bool shutting_down_ = false;
    std::deque<std::string> outbound_;
    std::string inbound_;
    std::chrono::steady_clock::time_point connect_started_at_{};
};

}  // namespace iskra::sim::app
