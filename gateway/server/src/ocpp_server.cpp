#include "iskra/gateway/ocpp_server.hpp"

// uv.h first: libwebsockets declares its libuv helpers only when libuv's header is in.
#include <uv.h>

#include <libwebsockets.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "iskra/log/log.hpp"
#include "iskra/rpc/frame.hpp"
#include "iskra/rpc/rpc_error.hpp"
#include "upgrade_support.hpp"

namespace iskra::gateway {

using detail::answer_handshake_then_close;
using detail::basic_credentials;
using detail::chosen_version;
using detail::header;
using detail::reply_http;
using detail::valid_station_id;

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

// What libwebsockets keeps per connection (zero-filled C memory): the admission decided at the
// upgrade, then the connection it became.
struct Pending {
    std::string station_id;
    ocpp::Version version;
};

struct Slot {
    Pending* pending;
    StationConnection* connection;
};

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

std::string OcppServer::station_id_of(const std::string& uri) const {
    const std::string prefix =
        options_.path_prefix.ends_with('/') ? options_.path_prefix : options_.path_prefix + "/";
    const std::string id = uri.starts_with(prefix) ? uri.substr(prefix.size()) : "";
    return valid_station_id(id) ? id : "";
}

// Every refusal happens here, before libwebsockets answers the upgrade, so each gets the HTTP
// answer OCPP-J asks for and a log line the technician can find.
int OcppServer::on_confirm_upgrade(lws* wsi) {
    const std::string uri = header(wsi, WSI_TOKEN_GET_URI);
    const std::string station_id = station_id_of(uri);
    if (station_id.empty()) {
        log::warn("ocpp",
                  "refused " + uri + ": the path is not " + options_.path_prefix + "/{stationId}");
        reply_http(wsi, 404,
                   "not an OCPP endpoint: connect to " + options_.path_prefix + "/{stationId}",
                   false);
        return 1;
    }
    const std::string offered = header(wsi, WSI_TOKEN_PROTOCOL);
    const auto version = chosen_version(offered);
    if (!version) {
        log::warn(station_id, "refused: offers subprotocol '" + offered +
                                  "', the gateway speaks ocpp1.6 and ocpp2.0.1");
        answer_handshake_then_close(wsi);
        return 1;
    }
    bool client_certificate = false;
    if (options_.security_profile == 3) {
        // The TLS layer has already checked the chain against the configured CA; the
        // certificate must also name this station.
        union lws_tls_cert_info_results cn {};
        client_certificate = lws_tls_peer_cert_info(wsi, LWS_TLS_CERT_INFO_COMMON_NAME, &cn,
                                                    sizeof cn.ns.name) == 0 &&
                             std::string_view(cn.ns.name, std::strlen(cn.ns.name)) == station_id;
    }
    const auto credentials = basic_credentials(wsi);
    const Admission admission = gate_.admit(station_id, *version, credentials, client_certificate);
    if (!admission.accepted) {
        log::warn(station_id, "refused connection: " + admission.reason);
        switch (admission.refusal) {
            case Refusal::UnknownStation:
                reply_http(wsi, 404, "unknown charging station", false);
                break;
            case Refusal::Unauthenticated:
                reply_http(wsi, 401, admission.reason, true);
                break;
            case Refusal::Forbidden:
                reply_http(wsi, 403, admission.reason, false);
                break;
        }
        return 1;
    }
    return 0;
}

int OcppServer::on_filter(lws* wsi, void* user) {
    // Admission was decided in on_confirm_upgrade; here the chosen protocol is known.
    const std::string station_id = station_id_of(header(wsi, WSI_TOKEN_GET_URI));
    const auto version = ocpp::version_from_subprotocol(lws_get_protocol(wsi)->name);
    if (station_id.empty() || !version) return 1;
    auto* slot = static_cast<Slot*>(user);
    slot->pending = new Pending{station_id, *version};
    return 0;
}

void OcppServer::on_established(lws* wsi, void* user) {
    auto* slot = static_cast<Slot*>(user);
    std::unique_ptr<Pending> pending(slot->pending);
    slot->pending = nullptr;
    char address[64] = "";
    lws_get_peer_simple(wsi, address, sizeof address);

    rpc::EndpointOptions endpoint_options;
    endpoint_options.call_timeout = options_.call_timeout;
    endpoint_options.frame_limits.max_frame_bytes = options_.max_frame_bytes;
    auto* connection = new StationConnection(pending->station_id, pending->version, wsi,
                                             std::move(endpoint_options), address);
    slot->connection = connection;
    connection->write_buffer_ = &write_buffer_;
    connection->endpoint().use_shared_parsers(*parsers_);

    if (auto it = by_station_.find(pending->station_id); it != by_station_.end()) {
        log::info(pending->station_id,
                  "new connection replaces the one from " + it->second->remote_address());
        it->second->close("replaced by a new connection");
        it->second = connection;
    } else {
        by_station_.emplace(pending->station_id, connection);
    }
    pings_->add(*connection, StationConnection::Clock::now());
    log::info(pending->station_id, "connected from " + std::string(address) + " speaking " +
                                       std::string(ocpp::subprotocol(pending->version)));
    handler_.on_connected(*connection);
}

int OcppServer::on_receive(lws* wsi, void* user, const char* data, std::size_t len) {
    auto* connection = static_cast<Slot*>(user)->connection;
    if (connection == nullptr) return -1;
    PingSchedule<StationConnection>::heard_from(*connection, StationConnection::Clock::now());
    if (lws_is_first_fragment(wsi)) {
        connection->inbound_.clear();
        connection->discarding_ = false;
    }
    if (!connection->discarding_) {
        if (connection->inbound_.size() + len > options_.max_frame_bytes) {
            connection->discarding_ = true;
            std::string().swap(connection->inbound_);
        } else {
            connection->inbound_.append(data, len);
        }
    }
    if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;

    const auto now = StationConnection::Clock::now();
    connection->last_message_at_ = now;
    if (connection->discarding_ || lws_frame_is_binary(wsi)) {
        // Nothing of the message can be trusted, not even its id: answer as OCPP-J asks for a
        // message whose id cannot be read, and keep the connection.
        const auto version = connection->version();
        const auto code = connection->discarding_ ? rpc::RpcErrorCode::FormatViolation
                                                  : rpc::RpcErrorCode::RpcFrameworkError;
        const std::string why =
            connection->discarding_
                ? "message larger than " + std::to_string(options_.max_frame_bytes) + " bytes"
                : "OCPP-J messages are text frames, not binary";
        log::warn(connection->station_id(), "refused a message: " + why);
        connection->queue_frame(rpc::write_call_error("-1", code, version, why));
        connection->discarding_ = false;
        connection->inbound_.clear();
        return 0;
    }
    connection->endpoint().on_text(connection->inbound_, now);
    connection->inbound_.clear();
    return 0;
}

int OcppServer::on_writeable(lws* wsi, void* user) {
    auto* connection = static_cast<Slot*>(user)->connection;
    if (connection == nullptr) return -1;
    if (connection->ping_due_ && !connection->closing_) {
        connection->ping_due_ = false;
        // Not empty: lws 4.1 hands a pong to us only when it carries a payload, and a station
        // echoes the ping's.
        static constexpr unsigned char kPayload[] = {'i', 's', 'k', 'r', 'a'};
        write_buffer_.resize(LWS_PRE + sizeof kPayload);
        std::memcpy(write_buffer_.data() + LWS_PRE, kPayload, sizeof kPayload);
        if (lws_write(wsi, write_buffer_.data() + LWS_PRE, sizeof kPayload, LWS_WRITE_PING) < 0) {
            return -1;
        }
        // One write per WRITEABLE callback: frames waiting go out on the next one.
        if (!connection->outbound_.empty()) lws_callback_on_writable(wsi);
        return 0;
    }
    if (!connection->outbound_.empty()) {
        const std::string& frame = connection->outbound_.front();
        const std::size_t payload = frame.size();
        // libwebsockets writes its frame header into LWS_PRE bytes in front of the payload.
        write_buffer_.resize(LWS_PRE + payload);
        std::memcpy(write_buffer_.data() + LWS_PRE, frame.data(), payload);
        const int written = lws_write(wsi, write_buffer_.data() + LWS_PRE, payload, LWS_WRITE_TEXT);
        if (written < static_cast<int>(payload)) {
            log::warn(connection->station_id(), "write failed; closing the connection");
            return -1;
        }
        connection->outbound_.pop_front();
        if (!connection->outbound_.empty() || connection->closing_) {
            lws_callback_on_writable(wsi);
        }
        return 0;
    }
    if (connection->closing_) {
        // The close frame is written here rather than left to lws_close_reason(): on the libuv
        // loop lws 4.1 drops the socket before its deferred close frame goes out, and the
        // station sees an abnormal closure (1006) instead of 1000 and our reason.
        const std::string& reason = connection->close_reason_;
        const std::size_t reason_bytes = std::min<std::size_t>(reason.size(), 120);
        write_buffer_.resize(LWS_PRE + 2 + reason_bytes);
        unsigned char* payload = write_buffer_.data() + LWS_PRE;
        payload[0] = static_cast<unsigned char>(LWS_CLOSE_STATUS_NORMAL >> 8);
        payload[1] = static_cast<unsigned char>(LWS_CLOSE_STATUS_NORMAL & 0xFF);
        std::memcpy(payload + 2, reason.data(), reason_bytes);
        // LWS_WRITE_CLOSE (4): lws 4.1 keeps the name private, the value is part of its ABI.
        lws_write(wsi, payload, 2 + reason_bytes, static_cast<lws_write_protocol>(4));
        return -1;
    }
    return 0;
}

void OcppServer::on_closed(void* user) {
    auto* slot = static_cast<Slot*>(user);
    std::unique_ptr<StationConnection> connection(slot->connection);
    slot->connection = nullptr;
    if (!connection) return;
    pings_->remove(*connection);
    connection->closing_ = true;
    connection->close_reason_ = "closed";
    connection->endpoint().close();
    if (auto it = by_station_.find(connection->station_id());
        it != by_station_.end() && it->second == connection.get()) {
        by_station_.erase(it);
    }
    log::info(connection->station_id(), "disconnected");
    handler_.on_disconnected(*connection);
}

}  // namespace iskra::gateway
