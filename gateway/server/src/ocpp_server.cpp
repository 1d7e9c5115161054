#include "iskra/gateway/ocpp_server.hpp"

#include <libwebsockets.h>

#include <algorithm>
#include <cstring>

#include "iskra/log/log.hpp"
#include "iskra/rpc/frame.hpp"
#include "iskra/rpc/rpc_error.hpp"

namespace iskra::gateway {

struct TickTimer {
    lws_sorted_usec_list_t sul;
    OcppServer* server;
};

namespace {

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
const lws_protocols kProtocols[] = {
    {"ocpp2.0.1", dispatch, sizeof(Slot), 0, 0, nullptr, 0},
    {"ocpp1.6", dispatch, sizeof(Slot), 0, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

std::string header(lws* wsi, lws_token_indexes token) {
    const int length = lws_hdr_total_length(wsi, token);
    if (length <= 0) return {};
    std::string value(static_cast<std::size_t>(length) + 1, '\0');
    const int copied = lws_hdr_copy(wsi, value.data(), length + 1, token);
    value.resize(copied > 0 ? static_cast<std::size_t>(copied) : 0);
    return value;
}

std::optional<BasicCredentials> basic_credentials(lws* wsi) {
    const std::string authorization = header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
    constexpr std::string_view kBasic = "Basic ";
    if (authorization.size() <= kBasic.size() || !authorization.starts_with(kBasic)) {
        return std::nullopt;
    }
    std::string decoded(authorization.size(), '\0');
    const int n = lws_b64_decode_string(authorization.c_str() + kBasic.size(), decoded.data(),
                                        static_cast<int>(decoded.size()));
    if (n <= 0) return std::nullopt;
    decoded.resize(static_cast<std::size_t>(n));
    const auto colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// "%2F"-style escapes are not allowed in a station id we accept: ids are printable identifiers.
bool valid_station_id(std::string_view id) {
    if (id.empty() || id.size() > 48) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F && c != '/' && c != '%' && c != '?' && c != '#';
    });
}

}  // namespace

OcppServer::OcppServer(OcppServerOptions options, StationGate& gate, StationHandler& handler)
    : options_(std::move(options)), gate_(gate), handler_(handler) {}

OcppServer::~OcppServer() {
    if (context_ != nullptr) lws_context_destroy(context_);
}

tl::expected<void, std::string> OcppServer::start() {
    lws_set_log_level(LLL_ERR, [](int, const char* line) {
        std::string text(line);
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        log::warn("lws", text);
    });

    static const uint32_t kNoRetries[] = {0};
    static lws_retry_bo_t idle_policy{};
    idle_policy.retry_ms_table = kNoRetries;
    idle_policy.retry_ms_table_count = 1;
    idle_policy.secs_since_valid_ping = static_cast<uint16_t>(options_.ping_interval.count());
    idle_policy.secs_since_valid_hangup = static_cast<uint16_t>(options_.ping_interval.count() * 3);

    lws_context_creation_info info{};
    info.port = options_.port;
    info.iface = options_.host.empty() ? nullptr : options_.host.c_str();
    info.protocols = kProtocols;
    info.user = this;
    info.retry_and_idle_policy = &idle_policy;
    info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    if (options_.security_profile >= 2) {
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info.ssl_cert_filepath = options_.tls_certificate.c_str();
        info.ssl_private_key_filepath = options_.tls_private_key.c_str();
        if (options_.security_profile == 3) {
            info.ssl_ca_filepath = options_.tls_client_ca.c_str();
            info.options |= LWS_SERVER_OPTION_REQUIRE_VALID_OPENSSL_CLIENT_CERT;
        }
    }
    context_ = lws_create_context(&info);
    if (context_ == nullptr) {
        return tl::unexpected("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) +
                              " (port in use, or TLS files unreadable)");
    }
    lws_vhost* vhost = lws_get_vhost_by_name(context_, "default");
    const int port = vhost != nullptr ? lws_get_vhost_listen_port(vhost) : options_.port;
    bound_port_ = static_cast<std::uint16_t>(port);

    tick_timer_ = std::make_unique<TickTimer>();
    tick_timer_->server = this;
    lws_sul_schedule(context_, 0, &tick_timer_->sul, &OcppServer::tick_callback, LWS_US_PER_SEC);
    return {};
}

void OcppServer::run() {
    while (!stopping_) {
        if (lws_service(context_, 0) < 0) break;
    }
    // Closing connections runs their CLOSED callbacks, so features hear of each one.
    for (auto& [id, connection] : by_station_)
        connection->close("gateway stopping");
    lws_context_destroy(context_);
    context_ = nullptr;
    by_station_.clear();
}

void OcppServer::stop() {
    stopping_ = true;
    if (context_ != nullptr) lws_cancel_service(context_);
}

void OcppServer::post(std::function<void()> work) {
    {
        std::lock_guard lock(posted_mutex_);
        posted_.push_back(std::move(work));
    }
    if (context_ != nullptr) lws_cancel_service(context_);
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
                     LWS_US_PER_SEC / 4);
}

void OcppServer::tick() {
    const auto now = StationConnection::Clock::now();
    for (auto& [id, connection] : by_station_)
        connection->endpoint().tick(now);
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
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            run_posted();
            return 0;
        default:
            return lws_callback_http_dummy(wsi, static_cast<lws_callback_reasons>(reason), user, in,
                                           len);
    }
}

int OcppServer::on_filter(lws* wsi, void* user) {
    const std::string uri = header(wsi, WSI_TOKEN_GET_URI);
    const std::string subprotocol = header(wsi, WSI_TOKEN_PROTOCOL);
    const lws_protocols* protocol = lws_get_protocol(wsi);
    const auto version = ocpp::version_from_subprotocol(protocol->name);
    const std::string prefix =
        options_.path_prefix.ends_with('/') ? options_.path_prefix : options_.path_prefix + "/";
    const std::string station_id = uri.starts_with(prefix) ? uri.substr(prefix.size()) : "";
    const std::string subject = station_id.empty() ? std::string("ocpp") : station_id;

    if (subprotocol.empty() || !version) {
        log::warn(subject, "refused " + uri +
                               ": no OCPP subprotocol offered (want ocpp1.6 or "
                               "ocpp2.0.1)");
        return 1;
    }
    if (!valid_station_id(station_id)) {
        log::warn(subject, "refused " + uri + ": path is not " + prefix + "{stationId}");
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
        return 1;
    }
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

    if (auto it = by_station_.find(pending->station_id); it != by_station_.end()) {
        log::info(pending->station_id,
                  "new connection replaces the one from " + it->second->remote_address());
        it->second->close("replaced by a new connection");
        it->second = connection;
    } else {
        by_station_.emplace(pending->station_id, connection);
    }
    log::info(pending->station_id, "connected from " + std::string(address) + " speaking " +
                                       std::string(ocpp::subprotocol(pending->version)));
    handler_.on_connected(*connection);
}

int OcppServer::on_receive(lws* wsi, void* user, const char* data, std::size_t len) {
    auto* connection = static_cast<Slot*>(user)->connection;
    if (connection == nullptr) return -1;
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
        const std::string& reason = connection->close_reason_;
        lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL,
                         reinterpret_cast<unsigned char*>(const_cast<char*>(reason.data())),
                         std::min<std::size_t>(reason.size(), 120));
        return -1;
    }
    return 0;
}

void OcppServer::on_closed(void* user) {
    auto* slot = static_cast<Slot*>(user);
    std::unique_ptr<StationConnection> connection(slot->connection);
    slot->connection = nullptr;
    if (!connection) return;
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
