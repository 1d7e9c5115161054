#include "iskra/gateway/ocpp_server.hpp"

// uv.h first: libwebsockets declares its libuv helpers only when libuv's header is in.
#include <uv.h>

#include <libwebsockets.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "connection_slot.hpp"
#include "iskra/log/log.hpp"
#include "iskra/rpc/frame.hpp"

namespace iskra::gateway {

using detail::Slot;

struct TickTimer {
    lws_sorted_usec_list_t sul;
    OcppServer* server;
};

// Our own libuv loop, handed to lws as a "foreign" loop so that we run and stop it.
struct EventLoop {
    uv_loop_t uv;
};

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);

int dispatch(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
    auto* server = static_cast<OcppServer*>(lws_context_user(lws_get_context(wsi)));
    if (server == nullptr) return lws_callback_http_dummy(wsi, reason, user, in, len);
    return server->on_callback(wsi, static_cast<int>(reason), user, in, len);
}

// Subprotocol names double as libwebsockets protocol names: lws picks the first of the
// station's offered subprotocols that we list, and refuses the upgrade when none matches.
// Each connection holds a receive buffer of rx_buffer_size (0 would mean 4 KiB): 1 KiB takes a
// typical OCPP message in one or two pieces, which on_receive joins, and saves 3 KiB per
// station.
constexpr std::size_t kRxBufferBytes = 1024;
const lws_protocols kProtocols[] = {
    {"ocpp2.0.1", dispatch, sizeof(Slot), kRxBufferBytes, 0, nullptr, 0},
    {"ocpp1.6", dispatch, sizeof(Slot), kRxBufferBytes, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

// libwebsockets' error lines, with a flood of one repeated line (accept failing, a broken
// peer) cut to one line a second and a count, so a fault cannot fill the disk or eat the CPU.
void log_lws_line(int, const char* line) {
    static std::string last;
    static std::chrono::steady_clock::time_point last_at{};
    static std::uint64_t repeated = 0;
    std::string text(line);
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    const auto now = std::chrono::steady_clock::now();
    if (text == last && now - last_at < std::chrono::seconds(1)) {
        ++repeated;
        return;
    }
    if (repeated > 0)
        log::warn("lws", "(last line repeated " + std::to_string(repeated) + " times)");
    repeated = 0;
    last = text;
    last_at = now;
    log::warn("lws", text);
}

}  // namespace

OcppServer::OcppServer(OcppServerOptions options, StationGate& gate, StationHandler& handler)
    : options_(std::move(options)), gate_(gate), handler_(handler) {}

OcppServer::~OcppServer() {
    destroy_context();
}

tl::expected<void, std::string> OcppServer::start() {
    lws_set_log_level(LLL_ERR, log_lws_line);

    // No lws keep-alive: secs_since_valid_hangup 0 turns its per-connection validity timers
    // off, and the PingSchedule below does the pinging (see ping_schedule.hpp for why).
    static const uint32_t kNoRetries[] = {0};
    static lws_retry_bo_t no_validity_timers{};
    no_validity_timers.retry_ms_table = kNoRetries;
    no_validity_timers.retry_ms_table_count = 1;

    // lws sizes its descriptor table from the soft limit (raised at start-up) and leaves it
    // there; our own ceiling keeps a reserve below it for everything but stations.
    const long open_max = sysconf(_SC_OPEN_MAX);
    descriptor_ceiling_ = open_max > options_.descriptor_reserve
                              ? static_cast<int>(open_max) - options_.descriptor_reserve
                              : static_cast<int>(std::max<long>(open_max, 16));

    lws_context_creation_info info{};
    info.port = options_.port;
    info.iface = options_.host.empty() ? nullptr : options_.host.c_str();
    info.protocols = kProtocols;
    info.user = this;
    info.count_threads = 1;
    info.retry_and_idle_policy = &no_validity_timers;
    // The listening vhost is created explicitly below: when lws makes it implicitly and the
    // port is taken, it keeps a context that listens nowhere (the gateway would report ready
    // while serving nobody) and crashes tearing that context down on a foreign loop.
    info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6 |
                   LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
    if (options_.security_profile >= 2) {
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info.ssl_cert_filepath = options_.tls_certificate.c_str();
        info.ssl_private_key_filepath = options_.tls_private_key.c_str();
        if (options_.security_profile == 3) {
            info.ssl_ca_filepath = options_.tls_client_ca.c_str();
            info.options |= LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT;
        }
    }
    void* foreign[1] = {nullptr};
    if (options_.use_libuv) {
        loop_ = std::make_unique<EventLoop>();
        uv_loop_init(&loop_->uv);
        foreign[0] = &loop_->uv;
        info.foreign_loops = foreign;
        info.options |= LWS_SERVER_OPTION_LIBUV;
    }
    context_ = lws_create_context(&info);
    if (context_ == nullptr && loop_) {
        // Debian ships lws's libuv support as a plugin (libwebsockets-evlib-uv); without it
        // the gateway still serves, on poll().
        log::warn("ocpp",
                  "libuv event loop unavailable (is libwebsockets-evlib-uv installed?); "
                  "using poll()");
        uv_loop_close(&loop_->uv);
        loop_.reset();
        info.foreign_loops = nullptr;
        info.options &= ~static_cast<std::uint64_t>(LWS_SERVER_OPTION_LIBUV);
        context_ = lws_create_context(&info);
    }
    if (context_ == nullptr) {
        return tl::unexpected(std::string("cannot start the OCPP server's event loop"));
    }
    lws_vhost* vhost = lws_create_vhost(context_, &info);
    if (vhost == nullptr) {
        destroy_context();
        return tl::unexpected("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) +
                              " (port in use, or TLS files unreadable)");
    }
    bound_port_ = static_cast<std::uint16_t>(lws_get_vhost_listen_port(vhost));

    rpc::FrameLimits limits;
    limits.max_frame_bytes = options_.max_frame_bytes;
    parsers_ = std::make_unique<rpc::EndpointParsers>(limits);
    pings_ = std::make_unique<PingSchedule<StationConnection>>(options_.ping_interval,
                                                               options_.ping_interval * 3, kTick);
    tick_timer_ = std::make_unique<TickTimer>();
    tick_timer_->server = this;
    lws_sul_schedule(context_, 0, &tick_timer_->sul, &OcppServer::tick_callback, LWS_US_PER_SEC);
    return {};
}

void OcppServer::run() {
    if (loop_) {
        // uv_run returns when EVENT_WAIT_CANCELLED saw stopping_ and called uv_stop.
        while (!stopping_)
            uv_run(&loop_->uv, UV_RUN_DEFAULT);
    } else {
        while (!stopping_) {
            if (lws_service(context_, 0) < 0) break;
        }
    }
    // Destroying the context runs every connection's CLOSED callback, so features hear of each.
    for (auto& [id, connection] : by_station_)
        connection->close("gateway stopping");
    destroy_context();
    by_station_.clear();
}

// On a foreign loop lws 4.1 tears down in stages: the first call starts closing its handles,
// the loop runs their close callbacks, the second call frees what is left.
void OcppServer::destroy_context() {
    if (context_ != nullptr) lws_context_destroy(context_);
    if (loop_) {
        uv_run(&loop_->uv, UV_RUN_DEFAULT);
        if (context_ != nullptr) lws_context_destroy(context_);
        uv_run(&loop_->uv, UV_RUN_DEFAULT);
        for (int i = 0; i < 1000 && uv_loop_close(&loop_->uv) == UV_EBUSY; ++i)
            uv_run(&loop_->uv, UV_RUN_NOWAIT);
        loop_.reset();
    }
    context_ = nullptr;
}

void OcppServer::stop() {
    stopping_ = true;
    if (context_ != nullptr) lws_cancel_service(context_);
}

void OcppServer::post(std::function<void()> work) {
    bool wake = false;
    {
        std::lock_guard lock(posted_mutex_);
        // A wake-up is already on its way while work is waiting: one write to lws's pipe per
        // batch, not per completion.
        wake = posted_.empty();
        posted_.push_back(std::move(work));
    }
    if (wake && context_ != nullptr) lws_cancel_service(context_);
}

void OcppServer::run_posted() {
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(posted_mutex_);
        batch.swap(posted_);
    }
    for (auto& work : batch)
        work();
}

void OcppServer::tick_callback(lws_sorted_usec_list_t* sul) {
    auto* timer = lws_container_of(sul, TickTimer, sul);
    timer->server->tick();
    lws_sul_schedule(timer->server->context_, 0, &timer->sul, &OcppServer::tick_callback,
                     std::chrono::duration_cast<std::chrono::microseconds>(kTick).count());
}

void OcppServer::tick() {
    const auto now = StationConnection::Clock::now();
    for (auto& [id, connection] : by_station_)
        connection->endpoint().tick(now);
    pings_->tick(
        now, [](StationConnection& connection) { connection.queue_ping(); },
        [this](StationConnection& connection) {
            log::warn(connection.station_id(),
                      "silent for " + std::to_string(options_.ping_interval.count() * 3 / 1000) +
                          " s, pings unanswered: hanging up");
            // Asynchronously: the connection leaves the schedule in its CLOSED callback.
            if (connection.wsi_ != nullptr) {
                lws_set_timeout(connection.wsi_, PENDING_TIMEOUT_WS_PONG_CHECK_GET_PONG,
                                LWS_TO_KILL_ASYNC);
            }
        });
    handler_.on_tick();
}

// Runs right after accept(), before any memory is spent on the connection. Descriptors are
// handed out lowest first, so a high one means the process is nearly out of them.
int OcppServer::on_network_connection(int fd) {
    if (fd < descriptor_ceiling_) return 0;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_log_ >= std::chrono::seconds(10)) {
        last_refusal_log_ = now;
        log::warn("ocpp", "refusing connections: descriptor " + std::to_string(fd) +
                              " is within the reserve of " +
                              std::to_string(options_.descriptor_reserve) +
                              " below the open-files limit (raise LimitNOFILE)");
    }
    return 1;
}

StationConnection* OcppServer::find(std::string_view station_id) {
    const auto it = by_station_.find(station_id);
    return it == by_station_.end() ? nullptr : it->second;
}

std::vector<ConnectionSummary> OcppServer::summaries() const {
    const auto now = StationConnection::Clock::now();
    std::vector<ConnectionSummary> out;
    out.reserve(by_station_.size());
    for (const auto& [id, c] : by_station_) {
        out.push_back({id, c->version(), c->remote_address(),
                       std::chrono::duration_cast<std::chrono::seconds>(now - c->connected_at()),
                       std::chrono::duration_cast<std::chrono::seconds>(now - c->last_message_at()),
                       c->last_action(), c->endpoint_->stats()});
    }
    return out;
}

int OcppServer::on_callback(lws* wsi, int reason, void* user, void* in, std::size_t len) {
    switch (reason) {
        case LWS_CALLBACK_OPENSSL_PERFORM_CLIENT_CERT_VERIFICATION:
            // libwebsockets passes OpenSSL's own verdict on the chain in `len` and turns our
            // 0 into "trusted": a certificate the configured CA did not sign must stay refused.
            if (len == 0) {
                log::warn("ocpp", "refused a TLS client certificate its CA did not sign");
                return 1;
            }
            return 0;
        case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
            return on_confirm_upgrade(wsi);
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            return on_filter(wsi, user);
        case LWS_CALLBACK_ESTABLISHED:
            on_established(wsi, user);
            return 0;
        case LWS_CALLBACK_RECEIVE:
            return on_receive(wsi, user, static_cast<const char*>(in), len);
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return on_writeable(wsi, user);
        case LWS_CALLBACK_CLOSED:
            on_closed(user);
            return 0;
        case LWS_CALLBACK_WSI_DESTROY:
            if (auto* slot = static_cast<Slot*>(user); slot != nullptr && slot->pending) {
                delete slot->pending;
                slot->pending = nullptr;
            }
            return 0;
        case LWS_CALLBACK_RECEIVE_PONG:
            if (auto* connection = static_cast<Slot*>(user)->connection) {
                PingSchedule<StationConnection>::heard_from(*connection,
                                                            StationConnection::Clock::now());
            }
            return 0;
        case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
            return on_network_connection(static_cast<int>(reinterpret_cast<std::intptr_t>(in)));
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            run_posted();
            if (stopping_ && loop_) uv_stop(&loop_->uv);
            return 0;
        default:
            return lws_callback_http_dummy(wsi, static_cast<lws_callback_reasons>(reason), user, in,
                                           len);
    }
}

}  // namespace iskra::gateway
