#include "iskra/gateway/ocpp_server.hpp"

#include <libwebsockets.h>
#include <openssl/evp.h>

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

// A plain HTTP answer to an upgrade we refuse, so the station's log says why.
void reply_http(lws* wsi, unsigned int status, const std::string& text, bool ask_for_basic_auth) {
    std::vector<unsigned char> buffer(LWS_PRE + 1024);
    unsigned char* start = buffer.data() + LWS_PRE;
    unsigned char* p = start;
    unsigned char* end = buffer.data() + buffer.size();
    const std::string body = text + "\n";
    static constexpr char kRealm[] = "Basic realm=\"iskra-gateway\"";
    static constexpr char kType[] = "text/plain; charset=utf-8";
    if (lws_add_http_header_status(wsi, status, &p, end) != 0 ||
        (ask_for_basic_auth &&
         lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_WWW_AUTHENTICATE,
                                      reinterpret_cast<const unsigned char*>(kRealm),
                                      static_cast<int>(sizeof kRealm - 1), &p, end) != 0) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
                                     reinterpret_cast<const unsigned char*>(kType),
                                     static_cast<int>(sizeof kType - 1), &p, end) != 0 ||
        lws_add_http_header_content_length(wsi, body.size(), &p, end) != 0 ||
        lws_finalize_http_header(wsi, &p, end) != 0) {
        return;
    }
    const auto header_length = static_cast<std::size_t>(p - start);
    std::memcpy(p, body.data(), std::min(body.size(), static_cast<std::size_t>(end - p)));
    lws_write(wsi, start, header_length + std::min(body.size(), static_cast<std::size_t>(end - p)),
              LWS_WRITE_HTTP_HEADERS);
}

// OCPP-J (1.6 and 2.0.1, section 3.1.2): when no offered subprotocol is acceptable, complete
// the WebSocket handshake without naming one and close at once. libwebsockets would drop the
// TCP connection without a word, so the gateway writes the handshake and the close itself.
void answer_handshake_then_close(lws* wsi) {
    const std::string key = header(wsi, WSI_TOKEN_KEY) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    EVP_Digest(key.data(), key.size(), digest, &digest_length, EVP_sha1(), nullptr);
    char accept[64] = "";
    lws_b64_encode_string(reinterpret_cast<const char*>(digest), static_cast<int>(digest_length),
                          accept, sizeof accept);
    std::string response = std::string("HTTP/1.1 101 Switching Protocols\r\n") +
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                           "Sec-WebSocket-Accept: " + accept + "\r\n\r\n";
    // A close frame, code 1002 (protocol error): unmasked, as a server's frames are.
    response += std::string("\x88\x02\x03\xea", 4);
    std::vector<unsigned char> buffer(LWS_PRE + response.size());
    std::memcpy(buffer.data() + LWS_PRE, response.data(), response.size());
    lws_write(wsi, buffer.data() + LWS_PRE, response.size(), LWS_WRITE_HTTP_HEADERS);
}

// The first subprotocol the station offers that we speak, as libwebsockets will pick it.
std::optional<ocpp::Version> chosen_version(const std::string& offered) {
    std::size_t from = 0;
    while (from <= offered.size()) {
        std::size_t to = offered.find(',', from);
        if (to == std::string::npos) to = offered.size();
        std::string_view name(offered.data() + from, to - from);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (auto version = ocpp::version_from_subprotocol(name)) return version;
        from = to + 1;
    }
    return std::nullopt;
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
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            run_posted();
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
